"""Frozen values of a plan and its observations, as the core sees them."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Literal

Direction = Literal["increase", "decrease"]
RuleUnit = Literal["absolute", "percent"]


def decimals_of(value: Decimal) -> int:
    """Decimal places a figure was written with (9,186 has 0; 9277.8 has 1)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


@dataclass(frozen=True)
class YearSpan:
    """An inclusive span of years (fiscal or calendar as the plan says)."""

    start: int
    end: int


@dataclass(frozen=True)
class Organisation:
    """A division of the city or a partner organisation that owns plan items."""

    code: str
    name: str
    kind: Literal["department", "partner"]
    translations: dict = field(default_factory=dict, hash=False)  # {lang: {field: text}}


@dataclass(frozen=True)
class Measure:
    """施策の柱: a measure under a basic policy, coded like ``1-1``."""

    code: str
    title: str
    translations: dict = field(default_factory=dict, hash=False)  # {lang: {field: text}}


@dataclass(frozen=True)
class Policy:
    """基本方針: a basic policy with its measures."""

    code: str
    title: str
    summary: str = ""
    measures: tuple[Measure, ...] = ()
    translations: dict = field(default_factory=dict, hash=False)  # {lang: {field: text}}


@dataclass(frozen=True)
class Project:
    """重点推進事業: a priority project serving one or more measures."""

    number: int
    title: str
    measures: tuple[str, ...]
    summary: str
    lead: str | None = None
    partners: tuple[str, ...] = ()
    translations: dict = field(default_factory=dict, hash=False)  # {lang: {field: text}}


@dataclass(frozen=True)
class Target:
    """A published target: value for a year, with the decimals it was published with."""

    year: int
    value: Decimal

    @property
    def decimals(self) -> int:
        """Decimal places of the published figure (9,186 has 0)."""
        return decimals_of(self.value)


@dataclass(frozen=True)
class YearlyRule:
    """The plan's stated yearly rule, e.g. 毎年度50億円の増加 (step 50, absolute).

    A percent rule compounds: each year adds ``step`` percent of the previous year's level.
    """

    text: str
    step: Decimal
    unit: RuleUnit


@dataclass(frozen=True)
class Baseline:
    """現状値: the value the plan starts from, with the year it is labelled with."""

    year: int
    value: Decimal
    source: str = ""


@dataclass(frozen=True)
class SeriesBreak:
    """A break in an indicator's series: figures from ``year`` on come from another statistic.

    ``label`` names the series after the break (shown at the break on charts), ``previous``
    the one before it, ``reason`` why they differ. Unless ``comparable``, the projection and
    the growth-rate status do not span the break (``evaluation.py``).
    """

    year: int
    label: str
    previous: str = ""
    comparable: bool = False
    reason: str = ""
    translations: dict = field(default_factory=dict, hash=False)  # {lang: {field: text}}


@dataclass(frozen=True)
class Indicator:
    """評価指標: an outcome indicator measuring a basic policy."""

    code: str
    name: str
    unit: str
    policy: str
    period_kind: Literal["fiscal", "calendar"]
    direction: Direction
    baseline: Baseline
    targets: tuple[Target, ...]
    rule: YearlyRule | None = None
    definition: str = ""
    source: str = ""
    owner: str | None = None
    note: str = ""
    series_breaks: tuple[SeriesBreak, ...] = ()
    # The admissible range of a value (None: no bound); checked in ``plausibility.py``.
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    translations: dict = field(default_factory=dict, hash=False)  # {lang: {field: text}}

    @property
    def monitoring(self) -> bool:
        """A monitoring indicator (参考指標): no target; followed by its trend, never rated."""
        return not self.targets

    @property
    def final_target(self) -> Target:
        """The last published target (the plan's end point); ask ``monitoring`` first."""
        return max(self.targets, key=lambda t: t.year)

    def horizon(self, plan_end: int) -> int:
        """The last year the indicator is followed to: its final target's year, or the plan's
        last year for a monitoring indicator (it has no final target)."""
        return plan_end if self.monitoring else self.final_target.year

    @property
    def sign(self) -> int:
        """+1 when more is better, -1 when less is better."""
        return 1 if self.direction == "increase" else -1


@dataclass(frozen=True)
class Thresholds:
    """Rating and status thresholds; a plan may set its own."""

    rating_a: float = 1.0
    rating_b: float = 0.6
    rating_c: float = 0.0
    status_substantial: float = 0.95
    status_moderate: float = 0.6
    status_limited: float = 0.0
    # A value differing from the previous one by more than this share needs confirming.
    jump_share: float = 0.5
    # Above this many indicators the annual report shows one table row per indicator
    # instead of a section and chart each (core.layout); None: the site's setting.
    report_detail_limit: int | None = None


@dataclass(frozen=True)
class Plan:
    """A version of a municipal plan: its structure, indicators and promotion set-up."""

    slug: str
    municipality: str
    title: str
    edition: str
    period: YearSpan
    vision_title: str
    vision_period: YearSpan
    philosophy: str
    policies: tuple[Policy, ...]
    projects: tuple[Project, ...]
    indicators: tuple[Indicator, ...]
    organisations: tuple[Organisation, ...] = ()
    municipality_code: str = ""
    previous_period: YearSpan | None = None
    structure: dict = field(default_factory=dict, hash=False, compare=False)
    thresholds: Thresholds = Thresholds()
    translations: dict = field(default_factory=dict, hash=False)  # {lang: {field: text}}

    def indicator(self, code_or_name: str) -> Indicator | None:
        """The indicator with this code or Japanese name, if any (the first in plan order)."""
        return self._by_code_or_name.get(code_or_name)

    @cached_property
    def _by_code_or_name(self) -> dict[str, Indicator]:
        """Code and name → indicator, built once: imports look up every row (87 k
        indicators made a linear scan cost 6.7 ms a row)."""
        found: dict[str, Indicator] = {}
        for ind in self.indicators:
            found.setdefault(ind.code, ind)
            found.setdefault(ind.name, ind)
        return found


@dataclass(frozen=True)
class Observation:
    """実績値: one revision of an indicator's value for a reference year, with provenance.

    ``seq`` orders revisions by when they were recorded (later import = larger). A figure
    read from a statistic keeps what was published beside the converted value:
    ``source_value`` in ``source_unit``, the ``conversion`` applied (÷100、四捨五入 …) and
    ``source_ref``, the cell or table it came from.
    """

    indicator: str
    year: int
    value: Decimal
    source: str
    published_on: datetime.date | None = None
    edition: str = ""
    note: str = ""
    seq: int = 0
    source_value: Decimal | None = None
    source_unit: str = ""
    conversion: str = ""
    source_ref: str = ""
