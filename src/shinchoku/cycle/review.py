"""What the reviewer sees of a project's submission: the sheet against last year's, the
output indicators with 達成率, and the returns so far."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from ..core.outputs import attainment
from ..plan.models import Project
from .models import SHEET_FIELDS, OutputIndicator, Request, SelfEvaluation, Transition
from .services import latest_evaluation, output_table

TEXT_FIELDS = ("purpose", "activities", "results", "reason", "issues", "direction_reason")


@dataclass(frozen=True)
class Segment:
    """A run of text that is the same (``equal``), new (``insert``) or gone (``delete``)."""

    op: str
    text: str


@dataclass(frozen=True)
class FieldDiff:
    """One field of the sheet, last year's text beside this year's."""

    name: str
    label: str
    before: str
    after: str
    segments: tuple[Segment, ...]

    @property
    def changed(self) -> bool:
        return self.before != self.after


def _shown(sheet: SelfEvaluation | None, name: str) -> str:
    """A field as the sheet shows it ('' without a sheet)."""
    if sheet is None:
        return ""
    if name == "direction":
        return str(sheet.get_direction_display())
    value = getattr(sheet, name)
    if isinstance(value, Decimal):
        return format(value.normalize(), ",f")
    return "" if value is None else str(value)


def segments(before: str, after: str, whole: bool = False) -> tuple[Segment, ...]:
    """Character-level changes from ``before`` to ``after`` (Japanese has no word breaks);
    ``whole`` compares as one value (an amount or a choice: 1,150 → 1,190, not 1,15[5→9]0)."""
    if whole:
        if before == after:
            return (Segment("equal", after),) if after else ()
        return tuple(Segment(op, t) for op, t in (("delete", before), ("insert", after)) if t)
    found: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            found.append(Segment("equal", before[i1:i2]))
            continue
        if i2 > i1:
            found.append(Segment("delete", before[i1:i2]))
        if j2 > j1:
            found.append(Segment("insert", after[j1:j2]))
    return tuple(found)


def _diff(then: SelfEvaluation | None, now: SelfEvaluation | None) -> list[FieldDiff]:
    rows = []
    for name in SHEET_FIELDS:
        before, after = _shown(then, name), _shown(now, name)
        label = str(SelfEvaluation._meta.get_field(name).verbose_name)
        whole = name not in TEXT_FIELDS
        rows.append(FieldDiff(name, label, before, after, segments(before, after, whole)))
    return rows


def sheet_diff(project: Project, year: int) -> list[FieldDiff]:
    """This year's latest sheet against last year's, field by field."""
    return _diff(latest_evaluation(project, year - 1), latest_evaluation(project, year))


def resubmission_diff(project: Project, year: int) -> list[FieldDiff]:
    """This year's latest sheet against the version before it (after a return); [] if none."""
    versions = list(project.evaluations.filter(year=year)[:2])
    return _diff(versions[1], versions[0]) if len(versions) == 2 else []


@dataclass(frozen=True)
class OutputRow:
    """An output indicator's target, actual and 達成率 for the year."""

    output: OutputIndicator
    target: Decimal | None
    actual: Decimal | None
    attainment: float | None


def output_rows(project: Project, year: int) -> list[OutputRow]:
    """Each output indicator with this year's latest target, actual and 達成率."""
    return [
        OutputRow(r["output"], r["target"], r["actual"], attainment(r["target"], r["actual"]))
        for r in output_table(project, year)
    ]


def returns(request: Request) -> QuerySet[Transition]:
    """The request's returns with their reasons, oldest first."""
    return request.transitions.filter(action="return")
