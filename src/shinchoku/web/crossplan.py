"""Every plan's indicators and verdicts on one page, and one indicator across municipalities.

Each plan is seen as its own public pages see it (``site_view(row, public=True)``: its own
published year, its own verdicts from core), so the cross-plan pages never show a number a
plan's own pages do not.

=============  ====================================================================
filter         keeps
=============  ====================================================================
municipality   plans of the owner with this 地方公共団体コード (or, for an owner
               without a code, this name)
field          indicators whose basic policy's title or plan's title contains the
               text (政策分野: 産業, 観光 …)
status         indicators whose verdict badge is A, B, C, D, ref (参考) or none
=============  ====================================================================

Comparison: two plans' indicators are *the same indicator* when they have the same
``code``. Plans written from a common list (a prefecture's KPI list, the national set)
share its codes; a plan adopts a shared code by naming its indicator so. Figures are ranked
together only within one unit: an indicator with another unit is listed in its own table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q
from django.urls import get_script_prefix

from ..core import model as core
from ..core.i18n import plain
from ..core.verdicts import table_badges
from ..observations.pages import IndicatorView, SiteView, lang, site_view
from ..plan import models
from ..plan.selection import path_prefix

STATUSES = ("A", "B", "C", "D", "ref", "none")
PLANS_PER_PAGE = 25  # each plan is evaluated for the page: a prefecture's plans come in pages
# Indicators listed per plan: one plan of 12,750 made a 6.5 MB page that took 9 s; the plan's
# own policy pages list every indicator, a page at a time.
ROWS_PER_PLAN = 100


@dataclass(frozen=True)
class Filters:
    """The cross-plan list's filters as read from the query (blank: not filtered)."""

    municipality: str = ""
    field: str = ""
    status: str = ""

    @classmethod
    def from_query(cls, query: dict[str, str]) -> Filters:
        """The filters from ``?municipality=&field=&status=`` (an unknown status is ignored)."""
        status = query.get("status", "").strip()
        return cls(
            municipality=query.get("municipality", "").strip(),
            field=query.get("field", "").strip(),
            status=status if status in STATUSES else "",
        )

    def query(self) -> dict[str, str]:
        """The filters in force as the query names them: blank ones left out."""
        given = {"municipality": self.municipality, "field": self.field, "status": self.status}
        return {name: value for name, value in given.items() if value}


@dataclass(frozen=True)
class Row:
    """One indicator of one plan, as the cross-plan pages list it."""

    plan: models.Plan
    site: SiteView
    view: IndicatorView
    policy: core.Policy | None  # the indicator's basic policy
    url: str  # the indicator's page on the plan's own site


def plan_url(row: models.Plan, url: str) -> str:
    """``url`` (from reverse(), at the site's root) on the site of plan ``row``: the root
    URLs for the default plan, ``/plans/<slug>/…`` for any other."""
    outer = get_script_prefix()
    return f"{outer.rstrip('/')}{path_prefix(row)}/{url[len(outer) :]}"


def owner_key(owner: models.Owner | None) -> str:
    """The value that selects an owner in ``?municipality=``: its code, else its name."""
    if owner is None:
        return ""
    return owner.code or owner.name


def plans(municipality: str = "") -> list[models.Plan]:
    """The stored plans (of one owner when ``municipality`` is given), by owner code."""
    rows = models.Plan.objects.select_related("owner")
    if municipality:
        named = Q(owner__code="", owner__name=municipality)  # an owner without a code
        rows = rows.filter(Q(owner__code=municipality) | named)
    rows = rows.order_by("owner__code", "owner__name", "slug")
    return list(rows)


def _row(site: SiteView, view: IndicatorView, policy: core.Policy | None) -> Row:
    from django.urls import reverse

    url = plan_url(site.row, reverse("web:indicator", args=[view.indicator.code]))
    return Row(site.row, site, view, policy, url)


def _rows(site: SiteView, positions: Sequence[int]) -> list[Row]:
    """The list rows of the indicators at plan ``positions`` with their public verdicts (list
    views: the values history is not read)."""
    policies = {p.code: p for p in site.plan.policies}
    views = site.views_for(positions, values=False)
    return [_row(site, v, policies.get(v.indicator.policy)) for v in views]


def _in_field(words: str, plan: core.Plan, policy: core.Policy | None) -> bool:
    """Whether the basic policy or the plan is titled with ``words`` (in Japanese or in the
    page's language, in any case)."""
    items = [plan, *([policy] if policy else [])]
    titles = [t for item in items for t in (item.title, plain(item, "title", lang()))]
    return any(words.casefold() in t.casefold() for t in titles)


@dataclass(frozen=True)
class Cut:
    """A plan with more matching indicators than the list shows: how many it shows."""

    plan: models.Plan
    home: str  # the plan's own site, whose policy pages list every indicator
    shown: int
    total: int


@dataclass(frozen=True)
class Listing:
    """The rows of the cross-plan list and the plans cut to ROWS_PER_PLAN rows."""

    rows: list[Row]
    cuts: list[Cut]


def _plan_listing(row: models.Plan, filters: Filters) -> tuple[list[Row], int]:
    """One plan's first ROWS_PER_PLAN rows that match ``filters``, and how many match. Views
    are built for the rows shown only: the status filter reads the badges from the plan's
    evaluated table (cached per data version), never an evaluation per indicator."""
    site = site_view(row, public=True)
    policies = {p.code: p for p in site.plan.policies}
    found = [
        n
        for n, ind in enumerate(site.plan.indicators)
        if not filters.field or _in_field(filters.field, site.plan, policies.get(ind.policy))
    ]
    if filters.status:
        badges = _badges(site)
        found = [n for n in found if badges[n] == filters.status]
    return _rows(site, found[:ROWS_PER_PLAN]), len(found)


def _badges(site: SiteView) -> list[str]:
    """Every indicator's verdict badge shown on the list, in plan order (none before
    publication)."""
    if site.year is None:  # nothing published: no verdict shown
        return ["none"] * len(site.plan.indicators)
    return table_badges(site.store.evaluated.table)


def listing(filters: Filters, shown: Sequence[models.Plan] | None = None) -> Listing:
    """Every plan's indicators (or those of the plans ``shown``: one page of them) with their
    verdicts, filtered, at most ROWS_PER_PLAN per plan."""
    from django.urls import reverse

    found: list[Row] = []
    cuts: list[Cut] = []
    for row in plans(filters.municipality) if shown is None else shown:
        rows, total = _plan_listing(row, filters)
        found += rows
        if total > len(rows):
            cuts.append(Cut(row, plan_url(row, reverse("web:home")), len(rows), total))
    return Listing(found, cuts)


def shared_codes() -> set[str]:
    """Indicator codes that more than one plan has (those with a comparison page)."""
    from django.db.models import Count

    rows = models.Indicator.objects.values("code").annotate(n=Count("plan", distinct=True))
    return {r["code"] for r in rows if r["n"] > 1}


def comparison(code: str) -> list[tuple[str, list[Row]]]:
    """The indicator ``code`` in every plan that has it, one group per unit (figures are
    compared within a unit only), each by owner code."""
    holders = models.Plan.objects.filter(indicators__code=code).select_related("owner")
    rows = []
    for p in holders.order_by("owner__code", "slug"):
        site = site_view(p, public=True)
        n = site.store.tables.position.get(code)
        rows += _rows(site, [] if n is None else [n])
    groups: dict[str, list[Row]] = {}
    for r in rows:
        groups.setdefault(r.view.indicator.unit, []).append(r)
    return list(groups.items())
