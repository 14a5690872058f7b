"""One round item edited as one form: drafts while typing, everything stored at submission.

The item page holds a project's 事業評価シート with its output indicators (targets and
actuals), or an indicator's new value. What the user types is kept server-side as a
``Draft`` (one per request and user, replaced; autosave and 「下書きを保存」). Submitting
validates the whole item at once, writes the versions (a sheet version, the changed output
values, the observation) and moves the request, in one transaction: either all of it or,
with every problem listed, none of it. The draft stays until a submission succeeds.

Which moves a user may make is asked of the request's state machine (``models.Request``).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import machines
from ..accounts.permissions import allowed, require
from ..core.calendar import format_year
from ..ingest.errors import InputError, Problem
from ..observations import services as observations
from ..plan.services import restore
from . import services
from .models import NOT_STARTED, SHEET_FIELDS, Draft, Request

VALUE_FIELDS = ("year", "value", "source", "published_on", "edition", "note")


def actions(request: Request, user: Any) -> list[str]:
    """The moves (buttons) ``user`` may make on ``request`` now, asked of its state machine;
    ``draft`` is no button (saving a draft makes it)."""
    return [a for a in machines.available(request, user) if a != "draft"]


def action_label(action: str) -> str:
    """「提出」, 「差戻し」… as the state machine names them."""
    return machines.label(Request, action)


def may_edit(request: Request, user: Any) -> bool:
    """Whether ``user`` may type into the item now: its owner, while the request is open."""
    return request.state in services.OPEN and allowed(user, "shinchoku.submit", request)


def draft_of(request: Request, user: Any) -> Draft | None:
    """``user``'s unsubmitted draft of the item, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return request.drafts.filter(user=user).first()


def save_draft(request: Request, data: Mapping[str, Any], actor: Any, explicit: bool) -> Draft:
    """Keep what ``actor`` typed (replacing their previous draft); nothing is validated.

    ``explicit`` (「下書きを保存」, not the autosave) also marks a 未着手 request 作成中.
    """
    require(
        actor,
        "shinchoku.submit",
        request,
        f"「{services.label(request)}」を編集する権限がありません",
    )
    if request.state not in services.OPEN:
        raise InputError([Problem("state", f"{services.state_label(request)}のため変更できません")])
    # Kept whole, never cut: the request's size limit (DATA_UPLOAD_MAX_MEMORY_SIZE, a clear
    # 413) bounds a draft, and the form's own lengths are checked at submission.
    kept = {str(k): str(v) for k, v in data.items() if isinstance(v, str | int)}
    with transaction.atomic():
        draft, _created = Draft.objects.update_or_create(
            request=request, user=actor, defaults={"data": kept}
        )
        if explicit and request.state == NOT_STARTED:
            services.move(request, "draft", actor)
    return draft


def discard_draft(request: Request, actor: Any) -> None:
    """Drop ``actor``'s draft: the form starts again from what is stored."""
    if getattr(actor, "is_authenticated", False):
        request.drafts.filter(user=actor).delete()


def draft_predates_submission(request: Request, draft: Draft | None) -> bool:
    """Whether the item was submitted (by anyone) after ``draft`` was last saved."""
    return (
        bool(draft) and request.transitions.filter(action="submit", at__gt=draft.saved_at).exists()
    )


def _amount_text(value: Decimal | None) -> str:
    """12,500 as a person types it, not 12500.000000 ('' for none)."""
    return "" if value is None else format(value.normalize(), ",f")


def starting_point(request: Request) -> dict[str, str]:
    """What the item's form starts from without a draft: this year's latest sheet, else
    last year's text with this year's judgement left blank (nobody retypes the rest), else
    the project's summary as 目的; and this year's output figures. For an indicator, the
    value submitted in this round, so a returned item is fixed, not typed again."""
    if request.indicator:
        return _submitted_value(request)
    year = request.round.year
    current = services.latest_evaluation(request.project, year)
    source = current or services.latest_evaluation(request.project, year - 1)
    found = {"purpose": request.project.summary}
    if source is not None:
        found = {f: str(getattr(source, f) or "") for f in SHEET_FIELDS}
        found |= {f: _amount_text(getattr(source, f)) for f in ("budget", "settled")}
        if current is None:  # last year's judgement is not this year's
            found |= {"rating": "", "reason": "", "settled": ""}
    for row in services.output_table(request.project, year):
        for kind in ("target", "actual"):
            if row[kind] is not None:
                found[f"{kind}-{row['output'].pk}"] = _amount_text(row[kind])
    return found


def _submitted_value(request: Request) -> dict[str, str]:
    """The indicator's value recorded since the round opened, as its form shows it ({} if
    none). Submitting it unchanged adds no revision (an identical row is not repeated)."""
    found = (
        request.indicator.observations.filter(
            recorded_at__gte=request.round.opened_at, withdrawal__isnull=True
        )
        .order_by("-recorded_at", "-pk")
        .first()
    )
    if found is None:
        return {}
    return {
        "year": format_year(found.year, request.indicator.period_kind),
        "value": format(restore(found.value, found.decimals), ",f"),
        "source": found.source,
        "published_on": found.published_on.isoformat() if found.published_on else "",
        "edition": found.edition,
        "note": found.note,
    }


def _same(text: str, stored: Decimal | None) -> bool:
    """Whether a typed figure is the stored one (re-submitting it adds no revision)."""
    try:
        return stored is not None and Decimal(text.replace(",", "")) == stored
    except InvalidOperation:
        return False


def _sheet_unchanged(request: Request, fields: Mapping[str, Any]) -> bool:
    """Whether the typed sheet is the latest stored version of this year, field for field."""
    latest = services.latest_evaluation(request.project, request.round.year)
    return services.sheet_unchanged(latest, fields)


def _project_problems(request: Request, fields: Mapping[str, Any], actor: Any) -> list[Problem]:
    """Store the sheet and every changed output figure; the problems of all of them."""
    problems: list[Problem] = []
    year = request.round.year
    if not _sheet_unchanged(request, fields):
        try:
            services.save_evaluation(request.project, year, fields, actor)
        except InputError as err:
            problems += err.problems
    for row in services.output_table(request.project, year):
        for kind in ("target", "actual"):
            text = str(fields.get(f"{kind}-{row['output'].pk}") or "").strip()
            if text and not _same(text, row[kind]):
                try:
                    services.record_output(row["output"], year, kind, text, actor)
                except InputError as err:
                    problems += err.problems
    return problems


def _record_value(request: Request, fields: Mapping[str, Any], actor: Any, confirm: bool) -> None:
    """Record the typed value of an indicator (when one was typed), validated as a file row."""
    typed = {k: str(fields.get(k) or "").strip() for k in VALUE_FIELDS}
    if not any(typed[k] for k in ("year", "value", "source")):
        return  # submitting the values already stored
    observations.add(
        request.round.plan,
        {**typed, "indicator": request.indicator.code},
        actor,
        False,
        confirm,
        hint=str(_("この下の確認欄")),
    )


@transaction.atomic
def submit(request: Request, fields: Mapping[str, Any], actor: Any, confirm: bool = False) -> None:
    """Validate and store the whole item, then submit it; all of it, or every problem at once.

    Raises ``InputError`` listing each problem at its field (``activities``, ``target-12``,
    ``value``…); nothing is stored then. A successful submission discards the draft.
    """
    require(
        actor,
        "shinchoku.submit",
        request,
        f"「{services.label(request)}」を提出する権限がありません",
    )
    if request.project:
        problems = _project_problems(request, fields, actor)
        if problems:
            raise InputError(problems, services.label(request))
    else:
        _record_value(request, fields, actor, confirm)
    services.move(request, "submit", actor)
    if getattr(actor, "is_authenticated", False):
        request.drafts.filter(user=actor).delete()
