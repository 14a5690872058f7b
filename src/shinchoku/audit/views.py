"""The audit log page (secretariat): who did what to which item, when, in words; filters,
paging and the raw details on demand; ``?format=csv`` exports what the filters select.

An entry shows its first ``SHOWN_CHANGES`` changes and counts the rest; all of them are on
the entry's own page, ``CHANGES_PAGE`` a page (a bulk import records up to 1,000 values)."""

from __future__ import annotations

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from ..paging import filters_moved, page_of
from .labels import action_label, change_count, changes
from .models import AuditEntry
from .services import export_csv

PAGE_SIZE = 50
# Not ingest.errors.SHOWN_PROBLEMS (20 problems of one refused file, read to fix it): here up
# to 50 entries stand on one page, so each shows a glimpse and links to the rest.
SHOWN_CHANGES = 10
CHANGES_PAGE = 100
FIELDS = ("actor", "action", "item", "since", "until")


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


def _in_force(chosen: dict[str, object], params: dict[str, str]) -> dict[str, str]:
    """The filters in force as their one query: blank and unreadable fields left out, dates
    written YYYY-MM-DD, ``format=csv`` kept."""
    query = {
        name: value.isoformat() if isinstance(value, datetime.date) else str(value)
        for name in FIELDS
        if (value := chosen[name])
    }
    return query | ({"format": "csv"} if params.get("format") == "csv" else {})


def _may_read(request: HttpRequest) -> None:
    # Django's auth backend asks accounts.permissions.TABLE (audit sits below accounts)
    if not request.user.has_perm("shinchoku.view_audit"):
        raise PermissionDenied(_("監査ログを見られるのは事務局だけです"))


@login_required
@require_GET
def log(request: HttpRequest) -> HttpResponse:
    """The audit log, newest first, 50 entries a page, each with its first changes."""
    _may_read(request)
    entries, chosen = filtered(request.GET.dict())
    if moved := filters_moved(request, _in_force(chosen, request.GET.dict())):
        return redirect(moved, permanent=True)  # blank fields of the form, as /plans/
    if request.GET.get("format") == "csv":
        response = HttpResponse(export_csv(entries), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit.csv"'
        return response
    page = page_of(entries, PAGE_SIZE, request.GET.get("page"))
    rows = []
    for e in page:
        count = change_count(e.before, e.after)
        shown = changes(e.before, e.after, SHOWN_CHANGES)
        rows.append(
            {
                "entry": e,
                "label": action_label(e.action),
                "changes": shown,
                "count": count,
                "more": count - len(shown),
            }
        )
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


@login_required
@require_GET
def entry(request: HttpRequest, pk: int) -> HttpResponse:
    """One entry with all its changes, ``CHANGES_PAGE`` a page."""
    _may_read(request)
    found = get_object_or_404(AuditEntry, pk=pk)
    page = page_of(changes(found.before, found.after), CHANGES_PAGE, request.GET.get("page"))
    return render(
        request,
        "audit/entry.html",
        {"entry": found, "label": action_label(found.action), "page": page},
    )
