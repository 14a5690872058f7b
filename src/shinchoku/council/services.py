"""The council's verbs: record meetings, write opinions, respond; read what may be shown."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from ..accounts.permissions import require
from ..audit.services import actor_name, log
from ..core.calendar import fiscal_year_bounds
from ..core.context import Opinion as ReportOpinion
from ..core.i18n import localized
from ..core.messages import tr
from ..core.papers import Meeting as ReportMeeting
from ..core.papers import item_name
from ..ingest.errors import InputError, Problem
from ..plan.models import Plan
from ..plan.revisions import plan_for_year
from .models import FOLLOW_UPS, ITEM_KINDS, Meeting, Opinion, Response


def item_exists(plan: Plan, kind: str, code: str) -> bool:
    """Whether ``code`` names an item of that kind in the plan."""
    if kind == "plan":
        return code == ""
    found = {
        "policy": plan.policies.filter(code=code),
        "measure": plan.policies.filter(measures__code=code),
        "project": plan.projects.filter(number=int(code)) if code.isdigit() else None,
        "indicator": plan.indicators.filter(code=code),
    }.get(kind)
    return bool(found is not None and found.exists())


@transaction.atomic
def add_meeting(plan: Plan, fields: dict[str, Any], actor: Any = None) -> Meeting:
    """Record a meeting (secretariat)."""
    require(actor, "shinchoku.record_meeting", what=tr("会議を記録できるのは事務局だけです"))
    meeting = Meeting.objects.create(plan=plan, **fields)
    log(actor, "council.meeting", str(meeting), None, {"held_on": meeting.held_on.isoformat()})
    return meeting


@transaction.atomic
def add_opinion(
    plan: Plan,
    year: int,
    item_kind: str,
    item_code: str,
    text: str,
    actor: Any,
    kind: str = "opinion",
    meeting: Meeting | None = None,
) -> Opinion:
    """A council member's opinion or proposal on a plan item."""
    require(actor, "shinchoku.opine", what=tr("意見を書けるのは推進会議の委員と事務局です"))
    problems = []
    if item_kind not in dict(ITEM_KINDS):
        problems.append(Problem("item_kind", tr("対象の種類を選んでください")))
    elif not item_exists(plan, item_kind, item_code):
        problems.append(Problem("item_code", tr("「{code}」は計画にありません", code=item_code)))
    if not text.strip():
        problems.append(Problem("text", tr("内容を書いてください")))
    if kind not in ("opinion", "proposal"):
        problems.append(Problem("kind", tr("意見か提案かを選んでください")))
    if problems:
        raise InputError(problems)
    opinion = Opinion.objects.create(
        plan=plan,
        year=year,
        item_kind=item_kind,
        item_code=item_code,
        text=text.strip(),
        author=actor,
        kind=kind,
        meeting=meeting,
    )
    log(actor, "council.opinion", f"{year} {item_kind} {item_code}", None, {"text": opinion.text})
    return opinion


@transaction.atomic
def respond(opinion: Opinion, text: str, follow_up: str, actor: Any, reason: str = "") -> Response:
    """The city's response and follow-up state; 対応しない needs a reason."""
    require(actor, "shinchoku.respond", what=tr("対応方針を書けるのは事務局だけです"))
    problems = []
    if not text.strip():
        problems.append(Problem("text", tr("対応方針を書いてください")))
    if follow_up not in dict(FOLLOW_UPS):
        problems.append(Problem("follow_up", tr("対応状況を選んでください")))
    elif follow_up == "declined" and not reason.strip():
        problems.append(Problem("reason", tr("対応しない場合は理由を書いてください")))
    if problems:
        raise InputError(problems)
    before = opinion.responses.first()
    response = Response.objects.create(
        opinion=opinion,
        text=text.strip(),
        follow_up=follow_up,
        reason=reason.strip(),
        written_by=actor_name(actor),
    )
    log(
        actor,
        "council.response",
        f"{opinion.year} {opinion.item_kind} {opinion.item_code}",
        {"follow_up": before.follow_up, "text": before.text} if before else None,
        {"follow_up": follow_up, "text": response.text},
    )
    return response


@dataclass(frozen=True)
class Exchange:
    """An opinion with its latest response (None until the city answers)."""

    opinion: Opinion
    response: Response | None
    written_on: datetime.date


def exchanges(
    plan: Plan, public: bool, item_kind: str | None = None, item_code: str | None = None
) -> list[Exchange]:
    """Opinions and their latest responses; public callers see published years only."""
    opinions = plan.opinions.select_related("author", "meeting").prefetch_related("responses")
    if public:
        opinions = plan.published_only(opinions)
    if item_kind is not None:
        opinions = opinions.filter(item_kind=item_kind, item_code=item_code or "")
    return [Exchange(o, next(iter(o.responses.all()), None), o.written_at.date()) for o in opinions]


def report_opinions(plan: Plan, year: int, lang: str = "ja") -> list[Any]:
    """Opinions on ``year`` and the year before (the meeting follows the year's report), each
    with its item's name, the city's latest response and its follow-up state."""
    from django.utils.translation import override

    # Item names in the report's language (the plan's translations; Japanese where none).
    core_plan = localized(plan_for_year(plan, year), lang)
    found = []
    for e in exchanges(plan, public=False):
        if e.opinion.year not in (year - 1, year):
            continue
        r = e.response
        with override(lang):  # the follow-up state in the report's language
            state = str(r.get_follow_up_display()) if r else ""
        found.append(
            ReportOpinion(
                item=item_name(core_plan, e.opinion.item_kind, e.opinion.item_code, lang),
                opinion=e.opinion.text,
                response=r.text if r else "",
                year=e.opinion.year,
                state=state,
                reason=r.reason if r else "",
            )
        )
    return found


def report_meeting(plan: Plan, year: int, document_number: str = "") -> Any:
    """The meeting that receives ``year``'s report: the first one held in the fiscal year
    after it, else the last one held in the year itself; ``document_number`` overrides its
    資料番号."""
    start, end = fiscal_year_bounds(year + 1)
    meetings = plan.meetings.all()
    meeting = (
        meetings.filter(held_on__gte=start, held_on__lte=end).order_by("held_on", "id").first()
    )
    if meeting is None:
        start, end = fiscal_year_bounds(year)
        meeting = meetings.filter(held_on__gte=start, held_on__lte=end).first()
    if meeting is None and not document_number:
        return None
    return ReportMeeting(
        title=meeting.title if meeting else "",
        held_on=meeting.held_on if meeting else None,
        document_number=document_number or (meeting.document_number if meeting else ""),
    )
