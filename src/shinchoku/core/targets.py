"""Re-deriving published targets from the plan's stated yearly rules.

A rule such as 毎年度50億円の増加 says how much each year adds, but not which year
is the first step. Plans count in one of two ways:

==================  =========================================================
from_baseline_year  the target for year Y is ``Y - y0`` steps from the baseline
from_plan_start     the plan's first year is step 1, whatever the baseline year
==================  =========================================================

An absolute step adds ``step`` each year; a percent step compounds, adding
``step`` percent of the previous year's level. Derived targets are rounded half
up (四捨五入) to the decimals each target was published with before comparing.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .calendar import format_year
from .model import Indicator, Plan, Target

CONVENTIONS = ("from_baseline_year", "from_plan_start")


@dataclass(frozen=True)
class Mismatch:
    """A published target that differs from the one its rule derives."""

    year: int
    published: Decimal
    derived: Decimal


@dataclass(frozen=True)
class TargetCheck:
    """How one indicator's published targets follow its rule."""

    indicator: Indicator
    convention: str | None
    mismatches: tuple[Mismatch, ...]
    unmatched: tuple[Target, ...]  # targets that no convention derives


@dataclass(frozen=True)
class TargetReport:
    """The target check of a whole plan."""

    indicators: tuple[TargetCheck, ...]
    disagreements: tuple[str, ...]

    @property
    def departs(self) -> bool:
        """True when some published target departs from its own rule."""
        return any(c.mismatches or c.unmatched for c in self.indicators)


def steps(convention: str, year: int, baseline_year: int, plan_start: int) -> int:
    """How many yearly steps the target for ``year`` is from the baseline."""
    if convention == "from_baseline_year":
        return year - baseline_year
    if convention == "from_plan_start":
        return year - plan_start + 1
    raise ValueError(f"unknown convention {convention!r}")  # repr-ok: a bug


def derive(indicator: Indicator, target: Target, convention: str, plan_start: int) -> Decimal:
    """The target the rule gives for ``target.year``, rounded as the target was published."""
    rule = indicator.rule
    if rule is None:
        raise ValueError(f"{indicator.code} has no yearly rule")
    n = steps(convention, target.year, indicator.baseline.year, plan_start)
    v0 = indicator.baseline.value
    percent = rule.unit == "percent"
    value = v0 * (1 + rule.step / 100) ** n if percent else v0 + rule.step * n
    return value.quantize(Decimal(1).scaleb(-target.decimals), rounding=ROUND_HALF_UP)


def check_indicator(indicator: Indicator, plan_start: int) -> TargetCheck:
    """Find the convention that matches the published targets, and what departs from it."""
    if indicator.rule is None:
        return TargetCheck(indicator, None, (), ())
    found: dict[str, tuple[Mismatch, ...]] = {}
    for convention in CONVENTIONS:
        found[convention] = tuple(
            Mismatch(t.year, t.value, derived)
            for t in indicator.targets
            if (derived := derive(indicator, t, convention, plan_start)) != t.value
        )
    unmatched_years = set.intersection(*({m.year for m in ms} for ms in found.values()))
    unmatched = tuple(t for t in indicator.targets if t.year in unmatched_years)
    # The convention with fewest departures wins; the order of CONVENTIONS breaks ties.
    best = min(CONVENTIONS, key=lambda c: len(found[c]))
    if len(found[best]) == len(indicator.targets):
        return TargetCheck(indicator, None, found[CONVENTIONS[0]], unmatched)
    return TargetCheck(indicator, best, found[best], unmatched)


def check_plan(plan: Plan) -> TargetReport:
    """Check every indicator of the plan and say where their conventions disagree."""
    checks = tuple(check_indicator(ind, plan.period.start) for ind in plan.indicators)
    by_convention: dict[str, list[TargetCheck]] = {}
    for c in checks:
        if c.convention:
            by_convention.setdefault(c.convention, []).append(c)
    disagreements = []
    if len(by_convention) > 1:
        first_year = format_year(plan.period.start, "fiscal")
        labels = {
            "from_baseline_year": "基準年から数える指標",
            "from_plan_start": f"計画初年度（{first_year}）を1年目として数える指標",
        }
        groups = "。".join(
            f"{labels[conv]}: {'、'.join(c.indicator.name for c in cs)}"
            for conv, cs in sorted(by_convention.items(), key=lambda kv: -len(kv[1]))
        )
        disagreements.append(f"年度別目標の年数の数え方が指標によって異なります。{groups}。")
        for c in by_convention.get("from_baseline_year", []):
            ind = c.indicator
            first = min(ind.targets, key=lambda t: t.year)
            n = steps("from_baseline_year", first.year, ind.baseline.year, plan.period.start)
            disagreements.append(
                f"{ind.name}: 基準値（{format_year(ind.baseline.year, ind.period_kind)}）から"
                f"{format_year(first.year, ind.period_kind)}までを{n}年分として目標を置いています。"
            )
    return TargetReport(checks, tuple(disagreements))
