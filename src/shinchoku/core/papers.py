"""The council papers' parts beyond the indicator verdicts, decided once for every format.

=================  ==============================================================
sheet              事務事業評価シート: what the owner entered for the year, the year
                   before's budget, settlement and activity actuals, and the
                   secretariat's comment; 達成率 of an activity = actual / target
year table         per indicator, one column per year from the baseline to the final
                   target: the target line (the plan's path, straight between
                   published targets), the actual *of that year* and, where there is
                   one, the evaluation of that year (``evaluate`` at that year, the
                   same rule as the report's own year); a later year has only its line
measure section    a measure's indicators (those of its policy), its projects' ratings
                   and directions, and the secretariat's 評価・課題・方向性
follow-up          an opinion of an earlier year with the city's latest response and
                   its state (対応済・対応中・検討中・次年度以降・対応しない + reason)
item names         an opinion's item by its name: 基本方針3 → 「3 観光…」, never a code
gaps               on a chart, two actuals more than one year apart are not joined
=================  ==============================================================
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .evaluation import evaluate
from .formatting import year_label
from .model import Indicator, Observation, Plan
from .verdicts import rating_label

ITEM_KINDS = {
    "ja": {
        "plan": "計画全体",
        "policy": "基本方針",
        "measure": "施策の柱",
        "project": "重点推進事業",
        "indicator": "評価指標",
    },
    "en": {
        "plan": "Whole plan",
        "policy": "Basic policy",
        "measure": "Measure",
        "project": "Priority project",
        "indicator": "Indicator",
    },
}


@dataclass(frozen=True)
class OutputRow:
    """An activity indicator (活動指標) on the sheet: target, actual, 達成率, last year's actual."""

    name: str
    unit: str
    target: float | None
    actual: float | None
    previous: float | None
    attainment: float | None


@dataclass(frozen=True)
class Sheet:
    """A project's full 事務事業評価シート for the year (money in 千円)."""

    purpose: str
    activities: str
    results: str
    issues: str
    budget: float | None
    settled: float | None
    budget_previous: float | None
    settled_previous: float | None
    outputs: tuple[OutputRow, ...]
    rating: str
    reason: str
    direction: str  # the direction's words (拡充・継続 …)
    direction_reason: str
    comment: str  # the secretariat's comment on the sheet
    previous_rating: str = ""
    approved: bool = False


@dataclass(frozen=True)
class MeasureReview:
    """The secretariat's evaluation, issues and direction for a measure (施策の柱)."""

    evaluation: str
    issues: str
    direction: str


@dataclass(frozen=True)
class YearCell:
    """One year's column of an indicator's multi-year table."""

    year: int
    line: float | None  # the target line that year
    target: bool  # the plan published a target for the year
    actual: float | None  # the actual of that year (its counting revision)
    attainment: float | None
    rating: str  # the year's rating label ('' when the year has no evaluation)
    evaluated: bool  # the year is on or before the report's year


@dataclass(frozen=True)
class Meeting:
    """The council meeting the papers are for."""

    title: str
    held_on: datetime.date | None
    document_number: str


def line_at(ind: Indicator, year: int) -> float | None:
    """The target path's value in ``year``: straight between the baseline and the published
    targets; None outside the baseline–final span."""
    knots = sorted(
        [(ind.baseline.year, ind.baseline.value)] + [(t.year, t.value) for t in ind.targets]
    )
    if not knots[0][0] <= year <= knots[-1][0]:
        return None
    for (y0, v0), (y1, v1) in itertools.pairwise(knots):
        if y0 <= year <= y1:
            if y1 == y0:
                return float(v1)
            return float(v0) + (float(v1) - float(v0)) * (year - y0) / (y1 - y0)
    return float(knots[-1][1])


def year_tables(
    plan: Plan,
    observations: Sequence[Observation],
    year: int,
    as_of: datetime.date | None,
    lang: str,
) -> dict[str, tuple[YearCell, ...]]:
    """Per indicator code, a column per year from the year after the baseline to the final
    target: the line, that year's actual and, for years up to ``year``, its evaluation."""
    first = min(i.baseline.year for i in plan.indicators) + 1
    last = max(i.horizon(plan.period.end) for i in plan.indicators)
    by_year = {
        y: {
            ev.indicator.code: ev
            for ev in evaluate(plan.indicators, observations, y, as_of, plan.thresholds)
        }
        for y in range(first, min(year, last) + 1)
    }
    out = {}
    for ind in plan.indicators:
        published = {t.year for t in ind.targets}
        cells = []
        for y in range(ind.baseline.year + 1, ind.horizon(plan.period.end) + 1):
            ev = by_year.get(y, {}).get(ind.code)
            own = ev is not None and ev.latest is not None and ev.latest.year == y
            cells.append(
                YearCell(
                    year=y,
                    line=line_at(ind, y),
                    target=y in published,
                    actual=float(ev.latest.value) if own else None,
                    attainment=ev.attainment if own else None,
                    rating=rating_label(ev, lang) if own and ev.rating else "",
                    evaluated=y <= year,
                )
            )
        out[ind.code] = tuple(cells)
    return out


def previous_ratings(
    plan: Plan,
    observations: Sequence[Observation],
    year: int,
    as_of: datetime.date | None,
    lang: str,
) -> dict[str, str]:
    """Per indicator code, last year's rating label as last year's report gave it."""
    evs = evaluate(plan.indicators, observations, year - 1, as_of, plan.thresholds)
    return {ev.indicator.code: rating_label(ev, lang) for ev in evs}


def item_name(plan: Plan, kind: str, code: str, lang: str = "ja") -> str:
    """An opinion's item by name: 基本方針3　…, 施策の柱1-1　…, 重点推進事業13　…, the indicator."""
    words = ITEM_KINDS[lang]
    sep = " " if lang == "en" else ""
    gap = " " if lang == "en" else "\u3000"  # 基本方針3　… / Basic policy 3 …
    if kind == "plan":
        return words["plan"]
    if kind == "policy":
        pol = next((p for p in plan.policies if p.code == code), None)
        head = f"{words['policy']}{sep}{code}"
        return f"{head}{gap}{pol.title}" if pol else head
    if kind == "measure":
        found = next((m for p in plan.policies for m in p.measures if m.code == code), None)
        return (
            f"{words['measure']}{sep}{code}{gap}{found.title}"
            if found
            else f"{words['measure']}{sep}{code}"
        )
    if kind == "project":
        pr = next((p for p in plan.projects if str(p.number) == str(code)), None)
        head = f"{words['project']}{sep}{code}"
        return f"{head}{gap}{pr.title}" if pr else head
    ind = plan.indicator(code)
    return f"{words['indicator']}{sep}{ind.name if ind else code}"


def split_at_gaps(years: Iterable[int], breaks: Iterable[int] = ()) -> list[list[int]]:
    """Runs of years a chart may join with a line: a new run after a gap of more than one
    year, or at a series break."""
    cuts = set(breaks)
    runs: list[list[int]] = []
    for y in sorted(years):
        if not runs or y - runs[-1][-1] > 1 or any(runs[-1][-1] < b <= y for b in cuts):
            runs.append([])
        runs[-1].append(y)
    return runs


def fiscal_year_label(year: int, lang: str) -> str:
    """令和5年度 / FY2023."""
    return year_label(year, "fiscal", lang)
