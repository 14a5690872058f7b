"""The plan's versions: what changed between each and the one before (public), and the
secretariat's form to record a revision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from ...accounts.permissions import NotAllowed, allowed
from ...ingest.errors import InputError
from ...plan.revisions import differences, revise
from ...plan.services import current_plan
from ..cache import cached_page


@require_safe
@cached_page
def versions(request: HttpRequest) -> HttpResponse:
    """Every version of the plan, newest first, with what it changed."""
    plan = current_plan()
    rows = list(plan.versions.order_by("number"))
    history = [
        {"version": v, "changes": differences(rows[n - 1], v) if n else []}
        for n, v in enumerate(rows)
    ]
    return render(request, "web/versions.html", {"plan": plan, "history": list(reversed(history))})


@login_required
@require_POST
def revise_plan(request: HttpRequest) -> HttpResponse:
    """Record a revision from an uploaded plan file (secretariat)."""
    upload = request.FILES.get("file")
    try:
        text = upload.read().decode("utf-8-sig") if upload else ""
        year = int(request.POST.get("valid_from") or 0)
        revise(
            current_plan(),
            text,
            year,
            request.POST.get("reason", ""),
            request.POST.get("meeting", ""),
            request.user,
            source=upload.name if upload else "plan.yaml",
        )
    except NotAllowed as err:
        raise PermissionDenied(str(err)) from None
    except (InputError, UnicodeDecodeError, ValueError) as err:
        detail = err.render() if isinstance(err, InputError) else str(err)
        messages.error(request, detail)
        return redirect("web:ws-plan")
    messages.success(request, _("計画の新しい版を記録しました。"))
    return redirect("web:plan-versions")


@login_required
@require_GET
def plan_page(request: HttpRequest) -> HttpResponse:
    """The workspace page to revise the plan (secretariat)."""
    if not allowed(request.user, "revise_plan"):
        raise PermissionDenied(_("計画を改定できるのは事務局だけです"))
    plan = current_plan()
    return render(
        request,
        "web/workspace/plan.html",
        {"plan": plan, "meetings": plan.meetings.all(), "versions": plan.versions.all()},
    )
