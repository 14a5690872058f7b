"""The audit log page (secretariat): who did what to which item, when, in words; filters,
paging and the raw details on demand; ``?format=csv`` exports what the filters select."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..paging import page_of
from .labels import action_label, changes
from .models import AuditEntry
from .services import export_csv

PAGE_SIZE = 50


def _date(text: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text or "")
    except ValueError:
        return None


def filtered(params: dict[str, str]) -> tuple[QuerySet[AuditEntry], dict[str, object]]:
    """The entries the filters select (who, what, item text, from, to), and the filters read."""
    entries = AuditEntry.objects.all()
    actor, action, item = (params.get(k, "").strip() for k in ("actor", "action", "item"))
    since, until = _date(params.get("since")), _date(params.get("until"))
    if actor:
        entries = entries.filter(actor=actor)
    if action:
        entries = entries.filter(action=action)
    if item:
        entries = entries.filter(target__icontains=item)
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    chosen = {"actor": actor, "action": action, "item": item, "since": since, "until": until}
    return entries, chosen


@login_required
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    """The audit log, newest first, 50 entries a page."""
    # Django's auth backend asks accounts.permissions.TABLE (audit sits below accounts)
    if not request.user.has_perm("shinchoku.view_audit"):
        raise PermissionDenied(_("監査ログを見られるのは事務局だけです"))
    entries, chosen = filtered(request.GET.dict())
    if request.GET.get("format") == "csv":
        response = HttpResponse(export_csv(entries), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit.csv"'
        return response
    page = page_of(entries, PAGE_SIZE, request.GET.get("page"))
    rows = [
        {"entry": e, "label": action_label(e.action), "changes": changes(e.before, e.after)}
        for e in page
    ]
    query = request.GET.copy()
    query.pop("page", None)
    actions = AuditEntry.objects.order_by("action").values_list("action", flat=True).distinct()
    return render(
        request,
        "audit/log.html",
        {
            "rows": rows,
            "page": page,
            "query": query.urlencode(),
            "chosen": chosen,
            "actors": AuditEntry.objects.order_by("actor")
            .values_list("actor", flat=True)
            .distinct(),
            "actions": [(code, action_label(code)) for code in actions],
        },
    )
