"""Atom feeds so citizens can follow the plan, an indicator or a project: new values (and
the withdrawal of one entered by mistake), published ratings and the city's responses to
the council. Published data only."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from ..core.calendar import format_year
from ..core.formatting import number, places
from ..core.verdicts import verdict
from ..council.services import exchanges
from ..plan.models import Plan
from ..plan.publication import published_rounds
from ..plan.services import current_plan
from .pages import site_view


@dataclass(frozen=True)
class Entry:
    """One feed entry."""

    key: str
    title: str
    text: str
    link: str
    updated: datetime.datetime


def entries(plan: Plan, kind: str | None = None, code: str | None = None) -> list[Entry]:
    """What the public may follow, newest first; ``kind``/``code`` narrow it to one item."""
    site = site_view(plan, public=True)
    found: list[Entry] = []
    for view in site.indicators:
        ind = view.indicator
        if kind == "project" or (kind == "indicator" and ind.code != code):
            continue
        link = reverse("web:indicator", args=[ind.code])
        for r in [*view.revisions, *view.withdrawn]:
            o = r.observation
            value = (
                f"{ind.name} {format_year(o.year, ind.period_kind)}: "
                f"{number(o.value, places(ind))}{ind.unit}"
            )
            source = f"出典: {o.source}" + (f"（{o.edition}）" if o.edition else "")
            w = r.withdrawal
            # A withdrawn value keeps its entry (readers saw it) and gets one saying why.
            later = f"\nこの値は{w.withdrawn_at:%Y-%m-%d}に取り下げられました。" if w else ""
            found.append(Entry(f"value-{o.seq}", value, source + later, link, r.recorded_at))
            if w:
                found.append(
                    Entry(
                        f"withdrawn-{o.seq}",
                        f"{value} を取り下げ",
                        f"理由: {w.reason}\n評価にはこの値を使いません（前の値が採用されます）。",
                        link,
                        w.withdrawn_at,
                    )
                )
    if kind in (None, "indicator"):
        # One entry per published year (its id names the year), however often it was taken
        # back and published again; the entry's date is that of the publication in force.
        for entry in published_rounds(plan):
            year = entry.year
            # The same two verdicts as the pages: the rating (参考 across a break) and outlook.
            ratings = "\n".join(
                f"{v.indicator.name}: {w.label}（{w.rating_text}）{w.outlook_text}"
                + (f"。{w.note}" if w.note else "")
                for v in site_view(plan, public=False, year=year).indicators
                if kind is None or v.indicator.code == code
                for w in [verdict(v.evaluation, "ja")]
            )
            found.append(
                Entry(
                    f"publish-{year}",
                    f"{format_year(year, 'fiscal')}の評価を公表",
                    ratings,
                    reverse("web:home"),
                    entry.at,
                )
            )
    for e in exchanges(plan, public=True):
        if kind is not None and (e.opinion.item_kind, e.opinion.item_code) != (kind, code):
            continue
        if e.response is None:
            continue
        found.append(
            Entry(
                f"response-{e.response.pk}",
                f"推進会議の意見への対応（{e.response.get_follow_up_display()}）",
                f"意見: {e.opinion.text}\n対応方針: {e.response.text}",
                reverse("web:methods"),
                e.response.written_at,
            )
        )
    return sorted(found, key=lambda e: e.updated, reverse=True)


class PlanFeed(Feed):
    """Every public update of the plan."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, kind: str | None = None, code: str | None = None):
        plan = current_plan()
        if kind == "indicator" and not plan.indicators.filter(code=code).exists():
            raise Http404
        if kind == "project" and not (
            str(code).isdigit() and plan.projects.filter(number=int(code)).exists()
        ):
            raise Http404
        return (plan, kind, code)

    def title(self, obj) -> str:
        plan, kind, code = obj
        return f"{plan.title}" + (f"（{kind} {code}）" if kind else "") + " の更新"

    def link(self, obj) -> str:
        return reverse("web:home")

    def subtitle(self, obj) -> str:
        return "新しい実績値、公表された評価、推進会議の意見への市の対応"

    def items(self, obj) -> list[Entry]:
        return entries(*obj)[:50]

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.text

    def item_link(self, item: Entry) -> str:
        return f"{item.link}#{item.key}"

    def item_guid(self, item: Entry) -> str:
        return f"shinchoku:{item.key}"

    def item_updateddate(self, item: Entry) -> datetime.datetime:
        return item.updated

    def item_pubdate(self, item: Entry) -> datetime.datetime:
        return item.updated
