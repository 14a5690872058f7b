"""Atom feeds so citizens can follow the plan, an indicator or a project: new values (and
the withdrawal of one entered by mistake), published ratings and the city's responses to
the council. Published data only."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from ..core.formatting import number, places, with_unit, year_label
from ..core.i18n import JAPANESE, plain
from ..core.verdicts import verdict
from ..council.services import exchanges
from ..cycle.publication import published_rounds
from ..observations.pages import IndicatorView, SiteView, lang, site_view
from ..plan.models import Plan
from ..plan.selection import plan_for

_T = {
    "ja": {
        "value": "{name} {year}: {amount}",
        "source": "出典: {source}",
        "edition": "（{edition}）",
        "was_withdrawn": "\nこの値は{day}に取り下げられました。",
        "withdrawn": "{value} を取り下げ",
        "reason": "理由: {reason}\n評価にはこの値を使いません（前の値が採用されます）。",
        "rating": "{name}: {label}（{text}）{outlook}",
        "note": "。{note}",
        "published": "{year}の評価を公表",
        "response": "推進会議の意見への対応（{follow_up}）",
        "exchange": "意見: {opinion}\n対応方針: {response}",
        "title": "{plan}{item} の更新",
        "item": "（{kind} {code}）",
        "subtitle": "新しい実績値、公表された評価、推進会議の意見への市の対応",
    },
    "en": {
        "value": "{name} {year}: {amount}",
        "source": "Source: {source}",
        "edition": " ({edition})",
        "was_withdrawn": "\nThis value was withdrawn on {day}.",
        "withdrawn": "{value} withdrawn",
        "reason": "Reason: {reason}\nThis value is not used in the evaluation"
        " (the previous one counts).",
        "rating": "{name}: {label} ({text}) {outlook}",
        "note": ". {note}",
        "published": "Evaluation of {year} published",
        "response": "The city's response to a council opinion ({follow_up})",
        "exchange": "Opinion: {opinion}\nResponse: {response}",
        "title": "Updates: {plan}{item}",
        "item": " ({kind} {code})",
        "subtitle": "New figures, published evaluations and the city's responses to the council",
    },
}


def _data(text: str, language: str) -> str:
    """Stored text (a source, a reason, an opinion) for an HTML summary: escaped, and marked
    ``lang="ja"`` when it is Japanese in a feed in another language."""
    if language != "ja" and JAPANESE.search(text):
        return f'<span lang="ja">{escape(text)}</span>'
    return escape(text)


@dataclass(frozen=True)
class Entry:
    """One feed entry."""

    key: str
    title: str
    text: str
    link: str
    updated: datetime.datetime


def _views(site: SiteView, kind: str | None, code: str | None) -> Sequence[IndicatorView]:
    """The indicator views a feed covers: all of them, one (read alone: a plan's feeds
    together stay linear in its indicators), or none for a project's feed."""
    if kind == "project":
        return ()
    if kind == "indicator":
        view = site.indicator(code or "")
        return (view,) if view else ()
    return site.indicators


def entries(plan: Plan, kind: str | None = None, code: str | None = None) -> list[Entry]:
    """What the public may follow, newest first; ``kind``/``code`` narrow it to one item."""
    site = site_view(plan, public=True)
    language = lang()
    t = _T[language]
    found: list[Entry] = []
    for view in _views(site, kind, code):
        ind = view.indicator
        link = reverse("web:indicator", args=[ind.code])
        for r in [*view.revisions, *view.withdrawn]:
            o = r.observation
            value = t["value"].format(
                name=plain(ind, "name", language),
                year=year_label(o.year, ind.period_kind, language),
                amount=with_unit(
                    number(o.value, places(ind)), plain(ind, "unit", language), language
                ),
            )
            source = t["source"].format(source=_data(o.source, language))
            if o.edition:
                source += t["edition"].format(edition=_data(o.edition, language))
            w = r.withdrawal
            # A withdrawn value keeps its entry (readers saw it) and gets one saying why.
            later = t["was_withdrawn"].format(day=f"{w.withdrawn_at:%Y-%m-%d}") if w else ""
            found.append(Entry(f"value-{o.seq}", value, source + later, link, r.recorded_at))
            if w:
                found.append(
                    Entry(
                        f"withdrawn-{o.seq}",
                        t["withdrawn"].format(value=value),
                        t["reason"].format(reason=_data(w.reason, language)),
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
                t["rating"].format(
                    name=escape(plain(v.indicator, "name", language)),
                    label=escape(w.label),
                    text=escape(w.rating_text),
                    outlook=escape(w.outlook_text),
                )
                + (t["note"].format(note=escape(w.note)) if w.note else "")
                for v in _views(site_view(plan, public=False, year=year), kind, code)
                for w in [verdict(v.evaluation, language)]
            )
            found.append(
                Entry(
                    f"publish-{year}",
                    t["published"].format(year=year_label(year, "fiscal", language)),
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
                t["response"].format(follow_up=e.response.get_follow_up_display()),
                t["exchange"].format(
                    opinion=_data(e.opinion.text, language),
                    response=_data(e.response.text, language),
                ),
                reverse("web:methods"),
                e.response.written_at,
            )
        )
    return sorted(found, key=lambda e: e.updated, reverse=True)


class PlanFeed(Feed):
    """Every public update of the plan."""

    feed_type = Atom1Feed

    def get_object(self, request: HttpRequest, kind: str | None = None, code: str | None = None):
        plan = plan_for(request)
        if kind == "indicator" and not plan.indicators.filter(code=code).exists():
            raise Http404
        if kind == "project" and not (
            str(code).isdigit() and plan.projects.filter(number=int(code)).exists()
        ):
            raise Http404
        return (plan, kind, code)

    def title(self, obj) -> str:
        plan, kind, code = obj
        t = _T[lang()]
        item = t["item"].format(kind=kind, code=code) if kind else ""
        return t["title"].format(plan=plain(plan, "title", lang()), item=item)

    def link(self, obj) -> str:
        return reverse("web:home")

    def subtitle(self, obj) -> str:
        return _T[lang()]["subtitle"]

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
