"""ReportContext: the one evaluated view of a plan year that every report format reads.

Built once by the pure ``build_report_context`` from core values; the numbers in it come
from ``evaluation.evaluate`` and nothing downstream computes them again. Renderers only
format and lay out what is here.

=================  ==============================================================
draft              ``published`` is False: the year is newer than the plan's
                   published year (or none is published); outputs show 「案」
counting revision  among the revisions known for the report (year <= Y and, with
                   as_of, published on or before it), the one evaluation ranks first
series break       the indicator's declared breaks (plan file ``series_breaks``) after
                   the chart's first year; the actual line is not joined across one,
                   and a trend that starts after a break starts at the break
=================  ==============================================================
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from .calendar import format_year
from .evaluation import IndicatorEvaluation, evaluate, winning_revisions
from .formatting import year_label
from .i18n import localized
from .layout import is_compact
from .legend import LegendRow, rating_legend, status_legend
from .model import Baseline, Indicator, Observation, Plan, SeriesBreak, Target, Thresholds
from .papers import MeasureReview, Meeting, Sheet, YearCell, previous_ratings, year_tables
from .verdicts import Verdict, method_text, verdict

CHART_LOOKBACK = 12  # charts start at the first actual, at most this many years before y0

_TEXT = {
    "ja": {
        "missing": "未提出",
        "no_actual": "実績値は未入手です",
        "lag": "最新値は{year}（{published}公表）",
        "lag_undated": "最新値は{year}（公表日未確認）",
        "lag_baseline": "最新値は{year}の基準値です（その後の実績値は未入手です）",
        "month": "{era}{month}月",
    },
    "en": {
        "missing": "not submitted",
        "no_actual": "No actual figure yet",
        "lag": "Latest figure: {year} (published {published})",
        "lag_undated": "Latest figure: {year} (publication date not confirmed)",
        "lag_baseline": "Latest figure: the {year} baseline (no later actual figure yet)",
        "month": "{month_name} {year}",
    },
}
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@dataclass(frozen=True)
class Point:
    """A (year, value) point on a chart."""

    year: int
    value: float


@dataclass(frozen=True)
class RevisionRow:
    """A revision known for the report, with whether it counts and whether it is the latest."""

    observation: Observation
    counts: bool
    latest: bool


@dataclass(frozen=True)
class IndicatorReport:
    """One indicator's evaluation and everything its section and chart show."""

    evaluation: IndicatorEvaluation
    policy_title: str
    revisions: tuple[RevisionRow, ...]
    path: tuple[Point, ...]
    actuals: tuple[Point, ...]
    superseded: tuple[Point, ...]
    projection_line: tuple[Point, ...]
    breaks: tuple[SeriesBreak, ...]
    chart_start: int
    lag: str
    commentary: str
    projects: tuple[int, ...]
    verdict: Verdict
    years: tuple[YearCell, ...] = ()  # the multi-year table (core.papers.year_tables)
    previous_rating: str = ""  # last year's rating label

    @property
    def indicator(self) -> Indicator:
        """The indicator evaluated."""
        return self.evaluation.indicator

    @property
    def superseded_in_scale(self) -> tuple[Point, ...]:
        """The earlier revisions a chart draws: only those inside the scale the counting
        figures, the target path and the trend set (the values table keeps them all)."""
        scale = [p.value for p in (*self.path, *self.actuals, *self.projection_line)]
        return in_scale(scale, self.superseded)


def in_scale(scale: Sequence[float], points: Iterable[Point]) -> tuple[Point, ...]:
    """The points whose value lies within min..max of ``scale``: they cannot stretch it."""
    if not scale:
        return ()
    lo, hi = min(scale), max(scale)
    return tuple(p for p in points if lo <= p.value <= hi)


@dataclass(frozen=True)
class Submission:
    """A project's yearly report from its owner; every field says 未提出 until submitted."""

    submitted: bool
    activities: str
    outputs: str
    self_evaluation: str
    sheet: Sheet | None = None  # the full 事務事業評価シート once submitted


@dataclass(frozen=True)
class ProjectReport:
    """A priority project with its owners and this year's submission."""

    number: int
    title: str
    summary: str
    measures: tuple[str, ...]
    lead: str
    partners: tuple[str, ...]
    submission: Submission


@dataclass(frozen=True)
class MeasureReport:
    """A measure (施策の柱) with the projects serving it."""

    code: str
    title: str
    projects: tuple[ProjectReport, ...]
    indicators: tuple[str, ...] = ()  # codes of its policy's indicators
    review: MeasureReview | None = None  # the secretariat's 評価・課題・方向性


@dataclass(frozen=True)
class PolicyReport:
    """A basic policy with its measures, projects and indicators."""

    code: str
    title: str
    summary: str
    measures: tuple[MeasureReport, ...]
    indicators: tuple[str, ...]


@dataclass(frozen=True)
class Opinion:
    """A council opinion on an item and the city's response (filled once the council exists)."""

    item: str
    opinion: str
    response: str
    year: int = 0  # the evaluated year the opinion was given on
    state: str = ""  # 対応済・対応中・検討中・次年度以降・対応しない ('' before a response)
    reason: str = ""  # why not (対応しない)


@dataclass(frozen=True)
class ReportContext:
    """Everything the annual progress report shows, evaluated once."""

    lang: str
    plan: Plan
    year: int
    as_of: datetime.date | None
    published: bool
    generated_on: datetime.date
    indicators: tuple[IndicatorReport, ...]
    policies: tuple[PolicyReport, ...]
    rating_legend: tuple[LegendRow, ...]
    status_legend: tuple[LegendRow, ...]
    method: tuple[tuple[str, str], ...]
    opinions: tuple[Opinion, ...] = ()
    meeting: Meeting | None = None  # the council meeting the papers are for
    overview: str = ""  # 総括: the secretariat's narrative of the year
    compact: bool = False  # one table row per indicator, grouped by policy (core.layout)

    @property
    def follow_ups(self) -> tuple[Opinion, ...]:
        """Opinions on earlier years with the city's response (the Act step)."""
        return tuple(o for o in self.opinions if o.year and o.year < self.year)

    @property
    def current_opinions(self) -> tuple[Opinion, ...]:
        """Opinions on this year (after the meeting)."""
        return tuple(o for o in self.opinions if not o.year or o.year >= self.year)

    @property
    def draft(self) -> bool:
        """True while the year is not published: outputs carry the 「案」 mark."""
        return not self.published

    @property
    def caveats(self) -> tuple[tuple[str, str], ...]:
        """(indicator name, note) for each rating shown as 参考, for the summary table."""
        return tuple(
            (ir.indicator.name, ir.verdict.note) for ir in self.indicators if ir.verdict.note
        )

    @property
    def projects(self) -> tuple[ProjectReport, ...]:
        """Every project once, in plan order."""
        seen = {p.number: p for pol in self.policies for m in pol.measures for p in m.projects}
        return tuple(seen[n] for n in sorted(seen))


def date_label(d: datetime.date, lang: str) -> str:
    """令和6年11月28日 in Japanese; 28 Nov 2024 in English; 2024年11月28日 (zh) and
    2024년 11월 28일 (ko) for visitors."""
    if lang == "en":
        return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"
    if lang == "zh":
        return f"{d.year}年{d.month}月{d.day}日"
    if lang == "ko":
        return f"{d.year}년 {d.month}월 {d.day}일"
    return f"{_era_of_date(d)}{d.month}月{d.day}日"


def _era_of_date(d: datetime.date) -> str:
    """The era year of a calendar date (2019-04-30 is 平成31年, 2019-05-01 令和元年)."""
    if d.year == 2019 and d < datetime.date(2019, 5, 1):
        return "平成31年"
    return format_year(d.year, "calendar")


def lag_text(
    latest: Observation | None, kind: str, lang: str, baseline: Baseline | None = None
) -> str:
    """The data-lag line: 最新値は令和4年度（令和6年8月公表）. When the plan's ``baseline`` is
    newer than every actual (older history only), the baseline is the newest figure."""
    t = _TEXT[lang]
    if baseline is not None and (latest is None or latest.year < baseline.year):
        return t["lag_baseline"].format(year=year_label(baseline.year, kind, lang))
    if latest is None:
        return t["no_actual"]
    year = year_label(latest.year, kind, lang)
    d = latest.published_on
    if d is None:
        return t["lag_undated"].format(year=year)
    month = t["month"].format(
        era=_era_of_date(d), month=d.month, month_name=_MONTHS[d.month - 1], year=d.year
    )
    return t["lag"].format(year=year, published=month)


def _known(o: Observation, year: int, as_of: datetime.date | None) -> bool:
    """Whether evaluation may use the revision (the same rule as evaluate)."""
    if o.year > year:
        return False
    return as_of is None or (o.published_on is not None and o.published_on <= as_of)


def _trend_at(
    ev: IndicatorEvaluation,
    observations: Sequence[Observation],
    year: int,
    thresholds: Thresholds,
) -> float | None:
    """The evaluation's trend line at ``year``, read from core's own projection."""
    proj = ev.projection
    if proj is None:
        return None
    at = getattr(proj, "at", None)  # Projection.at comes with core's trend slope
    if callable(at):
        return float(at(year))
    moved = replace(ev.indicator, targets=(Target(year, ev.indicator.final_target.value),))
    again = evaluate([moved], observations, ev.year, ev.as_of, thresholds)[0].projection
    return again.value if again else None


def _indicator_report(
    ev: IndicatorEvaluation,
    plan: Plan,
    observations: Sequence[Observation],
    commentary: str,
    lang: str,
) -> IndicatorReport:
    ind = ev.indicator
    mine = [o for o in observations if o.indicator == ind.code]  # given grouped: cheap
    known = [o for o in mine if _known(o, ev.year, ev.as_of)]
    winners = winning_revisions(known)
    known_sorted = sorted(
        range(len(known)),
        key=lambda n: (known[n].year, known[n].published_on or datetime.date.min, known[n].seq),
    )
    rows = tuple(RevisionRow(known[n], n in winners, known[n] == ev.latest) for n in known_sorted)
    counting = [r.observation for r in rows if r.counts]
    first_year = min([ind.baseline.year] + [o.year for o in counting])
    chart_start = max(first_year, ind.baseline.year - CHART_LOOKBACK)
    final = max(ev.year, ind.baseline.year) if ind.monitoring else ind.final_target.year
    line: tuple[Point, ...] = ()
    if ev.projection is not None:
        applied = ev.series_break
        begin = applied.year if applied and not applied.comparable else ind.baseline.year
        start = _trend_at(ev, known, begin, plan.thresholds)
        if start is not None:
            line = (Point(begin, start), Point(final, ev.projection.value))
    policy = next((p for p in plan.policies if p.code == ind.policy), None)
    measure_codes = {m.code for m in policy.measures} if policy else set()
    return IndicatorReport(
        evaluation=ev,
        policy_title=policy.title if policy else "",
        revisions=rows,
        path=tuple(
            Point(y, float(v))
            for y, v in [(ind.baseline.year, ind.baseline.value)]
            + [(t.year, t.value) for t in sorted(ind.targets, key=lambda t: t.year)]
        ),
        actuals=tuple(Point(o.year, float(o.value)) for o in counting if o.year >= chart_start),
        superseded=tuple(
            Point(r.observation.year, float(r.observation.value))
            for r in rows
            if not r.counts and r.observation.year >= chart_start
        ),
        projection_line=line,
        breaks=tuple(b for b in ind.series_breaks if chart_start < b.year <= final),
        chart_start=chart_start,
        lag=lag_text(ev.latest, ind.period_kind, lang, ind.baseline),
        commentary=commentary,
        projects=tuple(
            p.number for p in plan.projects if any(c in measure_codes for c in p.measures)
        ),
        verdict=verdict(ev, lang),
    )


def _policies(
    plan: Plan,
    submissions: Mapping[int, Submission],
    lang: str,
    reviews: Mapping[str, MeasureReview] | None = None,
) -> tuple[PolicyReport, ...]:
    names = {o.code: o.name for o in plan.organisations}
    missing_text = _TEXT[lang]["missing"]
    missing = Submission(False, missing_text, missing_text, missing_text)
    projects = {
        p.number: ProjectReport(
            number=p.number,
            title=p.title,
            summary=p.summary,
            measures=p.measures,
            lead=names.get(p.lead, p.lead) if p.lead else "",
            partners=tuple(names.get(c, c) for c in p.partners),
            submission=submissions.get(p.number, missing),
        )
        for p in plan.projects
    }
    out = []
    for pol in plan.policies:
        indicators = tuple(i.code for i in plan.indicators if i.policy == pol.code)
        measures = tuple(
            MeasureReport(
                m.code,
                m.title,
                tuple(projects[p.number] for p in plan.projects if m.code in p.measures),
                indicators,
                (reviews or {}).get(m.code),
            )
            for m in pol.measures
        )
        out.append(PolicyReport(pol.code, pol.title, pol.summary, measures, indicators))
    return tuple(out)


def build_report_context(
    plan: Plan,
    observations: Sequence[Observation],
    year: int,
    as_of: datetime.date | None,
    published: bool,
    commentaries: Mapping[str, str],
    generated_on: datetime.date,
    lang: str = "ja",
    submissions: Mapping[int, Submission] | None = None,
    opinions: Sequence[Opinion] = (),
    reviews: Mapping[str, MeasureReview] | None = None,
    meeting: Meeting | None = None,
    overview: str = "",
    detail_limit: int | None = None,
) -> ReportContext:
    """Evaluate ``year`` once and gather everything the report shows."""
    if lang not in _TEXT:
        raise ValueError(f"lang は {'・'.join(_TEXT)} のどれかです: {lang!r}")  # repr-ok: a bug
    plan = localized(plan, lang)  # the plan's own text in the report's language, where translated
    observations = list(observations)
    evaluations = evaluate(plan.indicators, observations, year, as_of, plan.thresholds)
    years = year_tables(plan, observations, year, as_of, lang)
    before = previous_ratings(plan, observations, year, as_of, lang)
    by_code: dict[str, list[Observation]] = {}  # one pass, not one per indicator
    for o in observations:
        by_code.setdefault(o.indicator, []).append(o)
    indicators = tuple(
        replace(
            _indicator_report(
                ev,
                plan,
                by_code.get(ev.indicator.code, []),
                commentaries.get(ev.indicator.code, ""),
                lang,
            ),
            years=years[ev.indicator.code],
            previous_rating=before[ev.indicator.code],
        )
        for ev in evaluations
    )
    return ReportContext(
        lang=lang,
        plan=plan,
        year=year,
        as_of=as_of,
        published=published,
        generated_on=generated_on,
        indicators=indicators,
        policies=_policies(plan, submissions or {}, lang, reviews),
        rating_legend=rating_legend(evaluations, plan.thresholds, lang),
        status_legend=status_legend(evaluations, plan.thresholds, lang),
        method=method_text(plan.thresholds, lang),
        opinions=tuple(opinions),
        meeting=meeting,
        overview=overview,
        compact=is_compact(len(indicators), plan.thresholds.report_detail_limit, detail_limit),
    )
