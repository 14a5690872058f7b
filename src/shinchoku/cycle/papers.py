"""What the council papers read from the round: full sheets, measure reviews, the 総括.

The secretariat writes a review per measure (施策の柱) and an overall narrative per year in
the workspace; each save is a new version and the latest counts (as with the sheets).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from ..accounts.permissions import require
from ..audit.services import actor_name, log
from ..core.calendar import format_year
from ..core.context import Submission
from ..core.outputs import attainment
from ..core.papers import MeasureReview as ReviewText
from ..core.papers import OutputRow, Sheet
from ..core.serialize import number
from ..ingest.errors import InputError, Problem
from ..plan.models import Plan, Project
from .models import APPROVED, SUBMITTED, MeasureReview, Overview, Request, SelfEvaluation

REVIEW_FIELDS = ("evaluation", "issues", "direction")


def measure_codes(plan: Plan) -> list[tuple[str, str]]:
    """Every measure of the plan as (code, title), in plan order."""
    return [
        (m.code, m.title)
        for pol in plan.policies.all()
        for m in pol.measures.all().order_by("position", "id")
    ]


def _latest(project: Project, year: int) -> SelfEvaluation | None:
    return project.evaluations.filter(year=year).first()


def _value(output: Any, year: int, kind: str) -> float | None:
    v = output.values.filter(year=year, kind=kind).order_by("-recorded_at", "-id").first()
    return float(v.value) if v else None


def _money(value: Any) -> float | None:
    return None if value is None else float(value)


def _comment(request: Request) -> str:
    """The secretariat's comment: the reason written with the latest approval."""
    t = request.transitions.filter(action="approve").order_by("-at", "-id").first()
    return t.reason if t else ""


def sheet_of(request: Request, year: int) -> Sheet | None:
    """The full 事務事業評価シート of a request's project for ``year``."""
    project = request.project
    sheet = _latest(project, year)
    if sheet is None:
        return None
    before = _latest(project, year - 1)
    outputs = []
    for o in project.outputs.all():
        target, actual = _value(o, year, "target"), _value(o, year, "actual")
        outputs.append(
            OutputRow(
                name=o.name,
                unit=o.unit,
                target=target,
                actual=actual,
                previous=_value(o, year - 1, "actual"),
                attainment=attainment(target, actual),
            )
        )
    return Sheet(
        purpose=sheet.purpose,
        activities=sheet.activities,
        results=sheet.results,
        issues=sheet.issues,
        budget=_money(sheet.budget),
        settled=_money(sheet.settled),
        budget_previous=_money(before.budget) if before else None,
        settled_previous=_money(before.settled) if before else None,
        outputs=tuple(outputs),
        rating=sheet.rating,
        reason=sheet.reason,
        direction=str(sheet.get_direction_display()),
        direction_reason=sheet.direction_reason,
        comment=_comment(request),
        previous_rating=before.rating if before else "",
        approved=request.state == APPROVED,
    )


def report_submissions(plan: Plan, year: int, approved_only: bool = False) -> dict[int, Any]:
    """Each project's submitted (or, for a published report, approved) sheet, by number."""
    found = {}
    requests = Request.objects.filter(round__plan=plan, round__year=year, project__isnull=False)
    states = (APPROVED,) if approved_only else (SUBMITTED, APPROVED)
    for req in requests.filter(state__in=states).select_related("project"):
        full = sheet_of(req, year)
        if full is None:
            continue
        outputs = "、".join(
            f"{o.name}: {number(o.actual):,}{o.unit}" for o in full.outputs if o.actual is not None
        )
        verdict = full.rating + (f"（{full.reason}）" if full.reason else "")
        found[req.project.number] = Submission(
            submitted=True,
            activities=full.activities,
            outputs=outputs or "—",
            self_evaluation=f"{verdict} 今後の方向性: {full.direction}",
            sheet=full,
        )
    return found


@transaction.atomic
def save_measure_review(
    plan: Plan, year: int, measure: str, fields: Mapping[str, Any], actor: Any = None
) -> MeasureReview | None:
    """A new version of the secretariat's review of a measure (None when nothing changed)."""
    require(
        actor, "shinchoku.write_measure_review", what="施策の柱の評価を書けるのは事務局だけです"
    )
    codes = dict(measure_codes(plan))
    if measure not in codes:
        raise InputError([Problem("measure", f"施策の柱「{measure}」は計画にありません")])
    text = {k: str(fields.get(k) or "").strip() for k in REVIEW_FIELDS}
    before = plan.measure_reviews.filter(year=year, measure=measure).first()
    if before is None and not any(text.values()):
        return None
    if before is not None and all(getattr(before, k) == v for k, v in text.items()):
        return None
    review = MeasureReview.objects.create(
        plan=plan, year=year, measure=measure, written_by=actor_name(actor), **text
    )
    where = f"{format_year(year, 'fiscal')} 施策の柱{measure}"
    old = {k: getattr(before, k) for k in REVIEW_FIELDS} if before else None
    log(actor, "cycle.measure_review", where, old, text)
    return review


@transaction.atomic
def save_overview(plan: Plan, year: int, text: str, actor: Any = None) -> Overview | None:
    """A new version of the year's 総括 (None when it did not change)."""
    require(actor, "shinchoku.write_overview", what="総括を書けるのは事務局だけです")
    text = str(text or "").strip()
    before = plan.overviews.filter(year=year).first()
    if (before.text if before else "") == text:
        return None
    row = Overview.objects.create(plan=plan, year=year, text=text, written_by=actor_name(actor))
    old = {"text": before.text} if before else None
    log(actor, "cycle.overview", format_year(year, "fiscal"), old, {"text": text})
    return row


def measure_reviews(plan: Plan, year: int) -> dict[str, ReviewText]:
    """The latest review of each measure for ``year``, by measure code."""
    found: dict[str, ReviewText] = {}
    for r in plan.measure_reviews.filter(year=year):  # newest first (Meta.ordering)
        if r.measure not in found:
            found[r.measure] = ReviewText(r.evaluation, r.issues, r.direction)
    return found


def overview(plan: Plan, year: int) -> str:
    """The latest 総括 of ``year`` ('' when none is written)."""
    row = plan.overviews.filter(year=year).first()
    return row.text if row else ""
