"""What the pages show: the plan, one year's evaluation and the values behind it.

Public pages see only published years; the workspace sees everything. The numbers
come from core's evaluation; this module only selects and arranges them.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.core.paginator import Page
from django.utils.translation import get_language

from ..core import model as core
from ..core.calendar import YearParseError, parse_year
from ..core.context import Point, in_scale, lag_text
from ..core.context import year_label as core_year_label
from ..core.evaluation import IndicatorEvaluation
from ..core.formatting import places
from ..core.i18n import plain
from ..core.model import YearSpan
from ..core.plausibility import plan_year_problem
from ..core.verdicts import Verdict, newest_figure, verdict
from ..paging import page_of
from ..plan import models
from ..widgets import page_language
from . import store
from .services import Revision, revisions, withdrawn_revisions
from .store import StoreEvaluation
from .years import staff_default_year


def plan_year(row: models.Plan, text: str | int | None) -> int | None:
    """A year from a URL or form if it lies within the vision period (else None)."""
    try:
        year = text if isinstance(text, int) else parse_year(str(text or "")).year
    except YearParseError:
        return None
    vision = YearSpan(row.vision_start, row.vision_end)
    return None if plan_year_problem(vision, year) else year


def lang() -> str:
    """The language of the current request: ``ja`` or ``en``."""
    return "en" if (get_language() or "ja").startswith("en") else "ja"


def year_label(year: int, kind: str | None = "fiscal") -> str:
    """令和5年度 in Japanese, FY2023 / 2023 in English (the report's wording), 2023年度 /
    2023년도 for visitors."""
    return core_year_label(year, kind, page_language())


@dataclass(frozen=True)
class TableRow:
    """One row of an indicator's values table (and of its CSV and XLSX downloads)."""

    year: int
    value: Decimal
    role: str  # baseline, actual, superseded (an earlier revision), withdrawn or target
    source: str
    edition: str = ""
    published_on: datetime.date | None = None
    source_value: Decimal | None = None  # the figure as published, before unit conversion
    source_unit: str = ""
    observation_id: int | None = None  # a stored value's ID (observe withdraw ID)
    withdrawn_reason: str = ""


ROLE_LABELS = {
    "ja": {
        "baseline": "基準値",
        "actual": "採用",
        "superseded": "改訂前",
        "withdrawn": "取り下げ",
        "target": "目標値",
    },
    "en": {
        "baseline": "Baseline",
        "actual": "Counts",
        "superseded": "Revised",
        "withdrawn": "Withdrawn",
        "target": "Target",
    },
}


class ValuesNotRead(RuntimeError):
    """Our bug: a list page's view (``SiteView.views_for(rows, values=False)``) was asked
    for the values history it deliberately never read."""


@dataclass(frozen=True)
class IndicatorView:
    """One indicator with its evaluation and the values a page may show.

    ``history`` is (revisions that count or did, withdrawn revisions), or None for a list
    page's view: then ``revisions``, ``withdrawn``, ``current``, ``table`` and ``chart``
    raise :class:`ValuesNotRead` rather than show an empty history."""

    indicator: core.Indicator
    evaluation: IndicatorEvaluation
    history: tuple[tuple[Revision, ...], tuple[Revision, ...]] | None
    commentary: str

    @property
    def revisions(self) -> tuple[Revision, ...]:
        """The stored revisions that count or did (withdrawn ones never do)."""
        return self._history()[0]

    @property
    def withdrawn(self) -> tuple[Revision, ...]:
        """Withdrawn revisions, shown in the values table as withdrawn, with why."""
        return self._history()[1]

    def _history(self) -> tuple[tuple[Revision, ...], tuple[Revision, ...]]:
        if self.history is None:
            raise ValuesNotRead(
                f"{self.indicator.code}: this view was built without its values history "
                "(SiteView.views_for(..., values=False)); build it with values=True"
            )
        return self.history

    @property
    def verdict(self) -> Verdict:
        """The two verdicts (rating against the line, outlook to the final target)."""
        return verdict(self.evaluation, lang())

    @property
    def rating_label(self) -> str:
        """A 達成, 参考 A 達成 or 評価なし."""
        return self.verdict.label

    @property
    def places(self) -> int:
        """Decimal places the indicator's figures are shown with (the plan's)."""
        return places(self.indicator)

    @property
    def current(self) -> list[Revision]:
        """The counting revision per year, oldest year first."""
        return sorted((r for r in self.revisions if r.current), key=lambda r: r.observation.year)

    @property
    def headline(self) -> dict[str, Any]:
        """The newest official figure (the baseline when no actual is newer) for cards."""
        year, value, baseline = newest_figure(self.evaluation)
        return {"year": year, "value": value, "baseline": baseline}

    @property
    def data_lag(self) -> str:
        """「最新値は令和4年度（令和6年8月公表）」: core's one lag sentence."""
        ind = self.indicator
        return lag_text(self.evaluation.latest, ind.period_kind, lang(), ind.baseline)

    def table(self, plan_title: str = "") -> list[TableRow]:
        """Baseline, every revision (oldest first per year, withdrawn ones marked) and the
        targets, as shown."""
        ind = self.indicator
        source = plain(ind, "baseline.source", lang())  # the plan's text, translated
        rows = [TableRow(ind.baseline.year, ind.baseline.value, "baseline", source)]
        every = [*self.revisions, *self.withdrawn]
        for r in sorted(every, key=lambda r: (r.observation.year, r.observation.seq)):
            o = r.observation
            role = "withdrawn" if r.withdrawal else "actual" if r.current else "superseded"
            rows.append(
                TableRow(
                    o.year, o.value, role, o.source, o.edition, o.published_on,
                    o.source_value, o.source_unit, o.seq,
                    r.withdrawal.reason if r.withdrawal else "",
                )
            )  # fmt: skip
        rows += [TableRow(t.year, t.value, "target", plan_title) for t in ind.targets]
        return rows

    def chart(self) -> dict[str, Any]:
        """The chart's data: target path, actuals, earlier revisions, projection, baseline."""
        ind, ev = self.indicator, self.evaluation
        knots = [(ind.baseline.year, ind.baseline.value)] + [(t.year, t.value) for t in ind.targets]
        point = lambda year, value: {"x": year, "y": float(value)}  # noqa: E731
        projection = []
        if ev.projection and ev.latest:
            p = ev.projection
            projection = [point(ev.latest.year, p.at(ev.latest.year)), point(p.year, p.value)]
        actual = [point(r.observation.year, r.observation.value) for r in self.current]
        # An earlier revision is drawn only inside the scale the other lines set: a 10× typo
        # revised later never stretches the axis (the values table still lists it).
        scale = [float(v) for _, v in knots] + [q["y"] for q in actual + projection]
        revised = in_scale(
            scale,
            [
                Point(r.observation.year, float(r.observation.value))
                for r in self.revisions
                if not r.current
            ],
        )
        return {
            "unit": plain(ind, "unit", lang()),
            "labels": {
                "path": "目標線" if lang() == "ja" else "Target path",
                "targets": "目標値" if lang() == "ja" else "Targets",
                "actual": "実績値" if lang() == "ja" else "Actual",
                "revised": "改訂前の値" if lang() == "ja" else "Earlier revision",
                "projection": "傾向（最終年度への予測）"
                if lang() == "ja"
                else "Trend to final year",
                "baseline": "基準値" if lang() == "ja" else "Baseline",
                "break": "統計の断層" if lang() == "ja" else "Series break",
            },
            "path": [point(y, v) for y, v in knots],
            "targets": [point(t.year, t.value) for t in ind.targets],
            "baseline": [point(ind.baseline.year, ind.baseline.value)],
            "actual": actual,
            "revised": [point(q.year, q.value) for q in revised],
            "projection": projection,
            # Consecutive actuals further apart than this many years are not joined.
            "maxGap": 1,
            # Drawn between the last year before the break and the break year; the actual
            # line is not joined across one.
            "breaks": [
                {
                    "x": b.year - 0.5,
                    "year": b.year,
                    "label": plain(b, "label", lang()),
                    "comparable": b.comparable,
                }
                for b in ind.series_breaks
            ],
        }


HOME_PER_POLICY = 6  # indicators shown per basic policy on the home page
# Commentary is read for these many codes by an IN list (below SQLite's 999 variables); for
# more, the year's commentary of the whole plan is read (one row per comment written).
NOTES_FILTERED = 900
# Rows per page of the indicator lists (policy and measure pages, the dashboard, the
# publication preview): a page costs the same however large the plan (12,750 rows took 28 s).
INDICATORS_PER_PAGE = 100


@dataclass(frozen=True)
class SiteView:
    """The plan and one year's evaluation, as public or staff pages see it.

    Indicator views are built when asked for, in two kinds:

    - with their values history (``indicator``; ``views_for(rows)``; every one through
      ``indicators``): what an indicator's page, its downloads and feed show. Reading it
      costs time proportional to the indicators' stored revisions.
    - without it (``views_for(rows, values=False)``, ``for_policy``): what list pages show
      (the evaluation, verdict and latest value: one query per 900 indicators, whatever the
      history). Such a view's ``revisions`` raise :class:`ValuesNotRead`, never an empty list.

    A list page builds views for the rows it shows only (a page of the dashboard, one
    policy's indicators), never ``indicators``.
    """

    row: models.Plan
    plan: core.Plan
    year: int | None
    public: bool
    store: StoreEvaluation = field(repr=False, compare=False)
    as_of: datetime.date | None = None

    @property
    def seen(self) -> int:
        """The last year whose values the view shows."""
        return self.row.year_shown(self.year)

    @cached_property
    def indicators(self) -> tuple[IndicatorView, ...]:
        """Every indicator's view with its values history, in plan order (proportional to
        the whole history: list pages use ``views_for(rows, values=False)``)."""
        return self.views_for(range(len(self.plan.indicators)))

    @cached_property
    def policy_cards(self) -> tuple[tuple[core.Policy, tuple[IndicatorView, ...], int], ...]:
        """Each basic policy with the views of its first HOME_PER_POLICY indicators and how
        many it has: the home page stays the same size however large the plan is (a plan of
        13,000 indicators made a 19 MB page), the policy page lists them all."""
        rows: dict[str, list[int]] = {}
        for n, ind in enumerate(self.plan.indicators):
            rows.setdefault(ind.policy, []).append(n)
        first = {p.code: rows.get(p.code, [])[:HOME_PER_POLICY] for p in self.plan.policies}
        shown = [n for ns in first.values() for n in ns]
        views = dict(zip(shown, self.views_for(shown), strict=True))  # cards draw charts
        return tuple(
            (p, tuple(views[n] for n in first[p.code]), len(rows.get(p.code, [])))
            for p in self.plan.policies
        )

    def views_for(self, rows: Sequence[int], values: bool = True) -> tuple[IndicatorView, ...]:
        """The views of the indicators at plan positions ``rows``, in that order.

        ``values=False``: for list pages, without the values history (its ``revisions``
        raise ValuesNotRead); the evaluation and the latest value are read all the same."""
        rows = list(rows)
        codes = [self.plan.indicators[n].code for n in rows]
        results = self.store.results_for(rows)
        if self.year is None:  # nothing evaluated is public yet: the latest value, no verdict
            results = tuple(_without_verdict(ev) for ev in results)
        mine = codes if len(codes) < len(self.plan.indicators) else None
        revs, gone = self._values(mine) if values else ({}, {})
        notes = self._notes(mine)
        return tuple(
            IndicatorView(
                indicator=ev.indicator,
                evaluation=ev,
                history=(
                    (
                        tuple(revs.get(ev.indicator.code, ())),
                        tuple(gone.get(ev.indicator.code, ())),
                    )
                    if values
                    else None
                ),
                commentary=notes.get(ev.indicator.code, ""),
            )
            for ev in results
        )

    def indicator_page(
        self, number: str | None, rows: Sequence[int] | None = None
    ) -> tuple[Page, tuple[IndicatorView, ...]]:
        """Page ``number`` (``?page=``, None when absent; any other spelling of a page raises
        ``paging.PageMoved``) of the plan's indicators (or those at positions ``rows``),
        INDICATORS_PER_PAGE at a time, with the list views of that page's rows only."""
        every = range(len(self.plan.indicators)) if rows is None else rows
        page = page_of(every, INDICATORS_PER_PAGE, number)
        return page, self.views_for(page.object_list, values=False)

    def _values(
        self, codes: Sequence[str] | None
    ) -> tuple[dict[str, list[Revision]], dict[str, list[Revision]]]:
        """The revisions shown (years up to the one shown), counting and withdrawn, by code."""
        revs: dict[str, list[Revision]] = {}
        gone: dict[str, list[Revision]] = {}
        for r in revisions(self.row, codes=codes):
            if r.observation.year <= self.seen:
                revs.setdefault(r.observation.indicator, []).append(r)
        for r in withdrawn_revisions(self.row, codes=codes):
            if r.observation.year <= self.seen:
                gone.setdefault(r.observation.indicator, []).append(r)
        return revs, gone

    def _notes(self, codes: Sequence[str] | None) -> dict[str, str]:
        """The latest commentary of the year per indicator code (of ``codes`` when given)."""
        notes: dict[str, str] = {}
        if self.year is None:
            return notes
        rows = models.Commentary.objects.filter(indicator__plan=self.row, year=self.year)
        if codes is not None and len(codes) <= NOTES_FILTERED:
            rows = rows.filter(indicator__code__in=codes)
        for code, text in rows.order_by("written_at", "id").values_list("indicator__code", "text"):
            notes[code] = text  # the latest written counts
        if codes is not None:
            wanted = set(codes)
            notes = {c: t for c, t in notes.items() if c in wanted}
        return notes

    @property
    def published(self) -> bool:
        """Whether the year shown is published (otherwise it is a draft)."""
        return self.row.is_published(self.year)

    @property
    def first_round(self) -> str:
        """The plan's first evaluation year, 令和5年度 (what the public waits for)."""
        return year_label(self.row.period_start)

    def table(self, view: IndicatorView) -> list[dict[str, Any]]:
        """The values table of an indicator with labels in the page's language."""
        labels = ROLE_LABELS[lang()]
        return [
            {
                "row": r,
                "year_label": year_label(r.year, view.indicator.period_kind),
                "role_label": labels[r.role],
            }
            for r in view.table(plain(self.plan, "title", lang()))
        ]

    def indicator(self, code: str) -> IndicatorView | None:
        """One indicator's view (its values only are read), or None."""
        if "indicators" in self.__dict__:
            return next((v for v in self.indicators if v.indicator.code == code), None)
        if code not in self._built:
            n = self.store.tables.position.get(code)
            self._built[code] = None if n is None else self.views_for([n])[0]
        return self._built[code]

    @cached_property
    def _built(self) -> dict[str, IndicatorView | None]:
        """Views built one at a time, so a page asking twice reads the store once."""
        return {}

    def policy_rows(self, code: str) -> list[int]:
        """The plan positions of a basic policy's indicators, in plan order."""
        return [n for n, i in enumerate(self.plan.indicators) if i.policy == code]

    def for_policy(
        self, code: str, number: str | None = None
    ) -> tuple[Page, tuple[IndicatorView, ...]]:
        """A page (``?page=``) of a basic policy's indicators as list views (no values
        history)."""
        return self.indicator_page(number, self.policy_rows(code))

    def projects_for(self, measure: str) -> list[core.Project]:
        """The priority projects serving a measure (施策の柱)."""
        return [p for p in self.plan.projects if measure in p.measures]

    def projects_for_policy(self, code: str) -> list[core.Project]:
        """The priority projects serving any measure of a basic policy: those meant to move
        the policy's indicators."""
        policy = next((p for p in self.plan.policies if p.code == code), None)
        codes = {m.code for m in policy.measures} if policy else set()
        return [p for p in self.plan.projects if codes & set(p.measures)]

    def organisation(self, code: str | None) -> str:
        return next((o.name for o in self.plan.organisations if o.code == code), "")


def workspace_year(row: models.Plan, text: str | int | None = None) -> int:
    """The year a workspace page shows: the one asked for (``?year=``, within the vision),
    else :func:`staff_default_year`. Every workspace page chooses its year here."""
    asked = plan_year(row, text)
    return asked if asked is not None else staff_default_year(row)


def _without_verdict(ev: IndicatorEvaluation) -> IndicatorEvaluation:
    """An evaluation reduced to its latest actual: no target line, rating or projection."""
    return replace(
        ev,
        expected=None,
        target=None,
        progress=None,
        attainment=None,
        rating=None,
        projection=None,
        status="not_available",
    )


@dataclass(frozen=True)
class PlanView:
    """The plan public pages show, not evaluated: for pages about the plan alone."""

    row: models.Plan
    plan: core.Plan

    def indicator_page(self, number: str | None) -> Page:
        """Page ``number`` (``?page=``, None when absent; any other spelling of a page raises
        ``paging.PageMoved``) of the plan's indicators, INDICATORS_PER_PAGE at a time
        (``/methods/`` lists their sources)."""
        return page_of(self.plan.indicators, INDICATORS_PER_PAGE, number)


def plan_view(row: models.Plan) -> PlanView:
    """The plan in force for the public view's year (as :func:`site_view` picks it) without
    evaluating anything: ``/methods/`` lists 12,750 indicators' sources in 1 s, not 2.6 s."""
    return PlanView(row, store.tables_for_year(row, row.year_shown(row.published_year)).plan)


def site_view(
    row: models.Plan, public: bool, year: int | None = None, as_of: datetime.date | None = None
) -> SiteView:
    """The view of the plan for ``year`` (public: the published year, and nothing newer),
    judged against the version of the plan in force that year.

    With no round published, the public view has no year (``year`` None: no verdicts) and
    shows the values public by rule, those from before the plan."""
    if public:
        year = row.published_year
    elif year is None:
        year = staff_default_year(row)
    evaluated = store.evaluation(row, row.year_shown(year), as_of)
    return SiteView(row, evaluated.tables.plan, year, public, evaluated, as_of)
