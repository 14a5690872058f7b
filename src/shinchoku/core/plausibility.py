"""Plausibility: which years, dates, values and changes the system accepts (pure, no clock).

=====================  ==========================================================  ==========
what                   accepted                                                    otherwise
=====================  ==========================================================  ==========
plan year (evaluation, vision start ≤ Y ≤ vision end (built-in: 平成30年度–令和9年度)    refused
report, round,
template, revision)
observation year       vision start − HISTORY_YEARS ≤ y ≤ the year running today    refused
                       (年度 from 1 April, 年 from 1 January)
due date of a round    today or later                                              refused
value                  the indicator's ``min`` ≤ v ≤ ``max`` (plan file)           refused
change                 |v − reference| ≤ jump_share × |reference| (default 0.5)    confirm
=====================  ==========================================================  ==========

The reference of a change is the counting value of the same year when the value revises it,
else the counting value of the nearest earlier year (as it will stand after the import);
there is none across a series break that is not comparable. "Today" is passed in by the
caller: the core has no clock.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from .calendar import fiscal_year_of
from .calendar import year_text as year_text
from .evaluation import winning_revisions
from .messages import local, tr
from .model import Indicator, Observation, Plan, YearSpan

HISTORY_YEARS = 50  # how far before the vision an observation may describe


def _year(year: int, kind: str | None = "fiscal") -> str:
    """令和5年度 (FY2023 in English), or the Western form for a year no era can name."""
    return year_text(year, kind)


def plan_year_problem(vision: YearSpan, year: int, title: str = "ビジョン") -> str | None:
    """Why ``year`` cannot be evaluated, reported, opened or revised from; None if it can."""
    if vision.start <= year <= vision.end:
        return None
    span = tr("{start}～{end}", start=_year(vision.start), end=_year(vision.end))
    return tr(
        "{year}（{western}年度）は計画の期間外です: "
        "{title}の期間（{span}）の年度を指定してください",
        year=_year(year),
        western=year,
        title=title,
        span=span,
    )


def latest_year(kind: str, today: datetime.date) -> int:
    """The newest year a figure may describe: the 年度 or 年 running on ``today``."""
    return fiscal_year_of(today) if kind == "fiscal" else today.year


def history_window(plan: Plan, kind: str, today: datetime.date) -> YearSpan:
    """The years an observation of this period kind may describe."""
    return YearSpan(plan.vision_period.start - HISTORY_YEARS, latest_year(kind, today))


def observation_year_problem(
    plan: Plan, indicator: Indicator, year: int, today: datetime.date
) -> str | None:
    """Why a value of ``indicator`` cannot describe ``year``; None if it can."""
    kind = indicator.period_kind
    window = history_window(plan, kind, today)
    if year > window.end:
        return tr(
            "{year}（{western}）はまだ始まっていません: 実績値は"
            "{last}までの年を書いてください（年の書き間違いを確かめます）",
            year=_year(year, kind),
            western=year,
            last=_year(window.end, kind),
        )
    if year < window.start:
        return tr(
            "{year}（{western}）は記録できる範囲より前です: 実績値は"
            "{first}（ビジョン開始の{n}年前）以降の年です",
            year=_year(year, kind),
            western=year,
            first=_year(window.start, kind),
            n=HISTORY_YEARS,
        )
    return None


def due_problem(due: datetime.date, today: datetime.date) -> str | None:
    """Why ``due`` cannot be a deadline (it has passed); None if it can."""
    if due >= today:
        return None
    return tr(
        "提出期限 {due} はすでに過ぎています（今日は {today}）: 今日以降の日付を指定してください",
        due=due.isoformat(),
        today=today.isoformat(),
    )


def _n(value: Decimal) -> str:
    return f"{value:,}"


def range_problem(indicator: Indicator, value: Decimal) -> str | None:
    """Why ``value`` is outside the indicator's admissible range; None if it is inside."""
    low, high = indicator.minimum, indicator.maximum
    if (low is None or value >= low) and (high is None or value <= high):
        return None
    if high is None:
        want = tr("{low} 以上", low=_n(low))  # type: ignore[arg-type]
    elif low is None:
        want = tr("{high} 以下", high=_n(high))
    else:
        want = tr("{start}～{end}", start=_n(low), end=_n(high))
    return tr(
        "{value} は{name}（{unit}）の範囲外です: "
        "{want}の値を書いてください（符号や単位を確かめます）",
        value=_n(value),
        name=local(indicator, "name"),
        unit=local(indicator, "unit"),
        want=want,
    )


@dataclass(frozen=True)
class Jump:
    """A change larger than the plan's share, from ``reference`` to ``observation``."""

    observation: Observation
    reference: Observation
    same_year: bool  # the value revises the counting value of its own year
    kind: str  # the indicator's period kind, for naming the reference's year

    @property
    def ratio(self) -> Decimal | None:
        """The new value as a multiple of the reference (None when the reference is 0)."""
        ref = self.reference.value
        return None if ref == 0 else self.observation.value / ref

    def describe(self) -> str:
        """「5,580 は前年 558 の 10.0 倍です」."""
        o, ref = self.observation, self.reference
        if self.same_year:
            where = tr("現在の値")
        elif ref.year == o.year - 1:
            where = tr("前年")
        else:
            where = tr("{year}の値", year=_year(ref.year, self.kind))
        ratio = self.ratio
        if ratio is None:
            return tr("{value} は{where} 0 からの変化です", value=_n(o.value), where=where)
        digits = 1 if abs(ratio) >= 1 else 2 if abs(ratio) >= Decimal("0.01") else 4
        return tr(
            "{value} は{where} {before} の {ratio} 倍です",
            value=_n(o.value),
            where=where,
            before=_n(ref.value),
            ratio=f"{ratio:.{digits}f}",
        )


class _Pending:
    """A new value as ``winning_revisions`` reads it, numbered after every stored one: a
    copy of the whole Observation would cost a second per 100,000 rows (bench/import_csv.py)."""

    __slots__ = ("indicator", "published_on", "seq", "value", "year")

    def __init__(self, o: Observation, seq: int) -> None:
        self.indicator, self.year, self.value = o.indicator, o.year, o.value
        self.published_on, self.seq = o.published_on, seq


def jumps(
    plan: Plan, stored: Sequence[Observation], new: Sequence[Observation]
) -> list[tuple[int, Jump]]:
    """Each new value (by position) that differs from its reference by more than the share."""
    share = Decimal(str(plan.thresholds.jump_share))
    # The new values' indicators only: a loop over a national plan's 87,050 cost ~1 s a call.
    named = {code: plan.indicator(code) for code in {o.indicator for o in new}}
    if any(i is not None and i.code != code for code, i in named.items()):
        by_code = {i.code: i for i in plan.indicators}  # a code that is another's name
        named = {code: by_code.get(code) for code in named}
    kinds = {code: i.period_kind for code, i in named.items() if i is not None}
    breaks = {
        code: [b.year for b in i.series_breaks if not b.comparable]
        for code, i in named.items()
        if i is not None
    }
    current = {(stored[i].indicator, stored[i].year): stored[i] for i in winning_revisions(stored)}
    top = max((o.seq for o in stored), default=0)
    pending = [_Pending(o, top + 1 + n) for n, o in enumerate(new)]
    everything = [*stored, *new]
    after: dict[str, dict[int, Observation]] = {}
    for i in winning_revisions([*stored, *pending]):  # type: ignore[list-item]
        o = everything[i]
        after.setdefault(o.indicator, {})[o.year] = o
    years = {code: sorted(found) for code, found in after.items()}
    found: list[tuple[int, Jump]] = []
    for n, o in enumerate(new):
        if o.indicator not in kinds:
            continue
        ref, same = current.get((o.indicator, o.year)), True
        if ref is None:
            same = False
            earlier = years.get(o.indicator, [])
            k = bisect.bisect_left(earlier, o.year)
            if k == 0:
                continue
            ref = after[o.indicator][earlier[k - 1]]
            # No reference across a series break that is not comparable.
            if any(ref.year < b <= o.year for b in breaks[o.indicator]):
                continue
        if abs(o.value - ref.value) > share * abs(ref.value):
            found.append((n, Jump(o, ref, same, kinds[o.indicator])))
    return found


@dataclass(frozen=True)
class Refusal:
    """A new value (by position) refused, the field at fault, and why."""

    index: int
    field: str
    message: str


def refusals(plan: Plan, new: Sequence[Observation], today: datetime.date) -> list[Refusal]:
    """Every new value whose year or value is not admissible."""
    indicators = {i.code: i for i in plan.indicators}
    found: list[Refusal] = []
    for n, o in enumerate(new):
        ind = indicators.get(o.indicator)
        if ind is None:
            continue
        if why := observation_year_problem(plan, ind, o.year, today):
            found.append(Refusal(n, "year", why))
        if why := range_problem(ind, o.value):
            found.append(Refusal(n, "value", why))
    return found
