"""Atom feeds so citizens can follow the plan, an indicator or a project: new values (and
the withdrawal of one entered by mistake), published ratings and the city's responses to
the council. Published data only."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from ..core import model as core
from ..core.formatting import number, places, with_unit, year_label
from ..core.i18n import JAPANESE, plain
from ..core.verdicts import verdict
from ..council.services import exchanges
from ..cycle.publication import published_rounds
from ..observations import store
from ..observations.models import Observation, ObservationWithdrawal
from ..observations.pages import SiteView, lang, site_view
from ..plan.models import Plan
from ..plan.selection import plan_for
from ..widgets import marked

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
        "more": "ほか{n}指標の評価は公開サイトの各ページにあります",
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
        "more": "and {n} more indicators: see their pages on the public site",
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


# Entries in a feed, newest first. The plan-wide feed reads no more than this many newest
# values and withdrawals (queries by id, whatever the history: 200,000 stored values once
# took 24 s); an indicator's feed reads its own history.
FEED_ENTRIES = 50
# Indicators whose rating an "evaluation published" entry lists; the others are counted.
RATINGS_LISTED = 20


@dataclass(frozen=True)
class _Value:
    """A stored value a feed announces (and its withdrawal, if it was withdrawn)."""

    indicator: core.Indicator
    observation: core.Observation
    recorded_at: datetime.datetime
    withdrawal: ObservationWithdrawal | None
    order: tuple  # plan order, then as recorded: equal times keep the pages' order


def _indicator_values(site: SiteView, code: str | None) -> list[_Value]:
    """One indicator's values shown on its page (its whole history)."""
    view = site.indicator(code or "")
    if view is None:
        return []
    return [
        _Value(view.indicator, r.observation, r.recorded_at, r.withdrawal, (n,))
        for n, r in enumerate([*view.revisions, *view.withdrawn])
    ]


def _newest(rows: QuerySet, keep: Callable[[Any], bool], n: int) -> list[Any]:
    """The newest ``n`` rows by id that ``keep`` accepts, read ``n`` at a time from the
    newest (an indicator dropped by a plan revision is skipped, not counted)."""
    found: list[Any] = []
    last = None
    while len(found) < n:
        batch = list((rows if last is None else rows.filter(id__lt=last)).order_by("-id")[:n])
        found += [r for r in batch if keep(r)]
        if len(batch) < n:
            break
        last = batch[-1].id
    return found[:n]


def _plan_values(site: SiteView, n: int) -> tuple[list[_Value], list[_Value]]:
    """The newest ``n`` public values of the plan, and the newest ``n`` withdrawals (a value
    entered long ago may be withdrawn today)."""
    tables = site.store.tables
    seen = Observation.objects.filter(indicator__plan=site.row, year__lte=site.seen)

    def position(indicator_id: int) -> int:
        return (
            int(tables.series_of_id[indicator_id])
            if indicator_id < len(tables.series_of_id)
            else -1
        )

    def value(row: Observation, withdrawal: ObservationWithdrawal | None) -> _Value:
        n = position(row.indicator_id)
        o = store.to_core(row)
        order = (n, withdrawal is not None, o.seq)
        return _Value(site.plan.indicators[n], o, row.recorded_at, withdrawal, order)

    values = _newest(
        seen.select_related("indicator", "withdrawal"),
        lambda r: position(r.indicator_id) >= 0,
        n,
    )
    gone = _newest(
        ObservationWithdrawal.objects.filter(observation__in=seen).select_related(
            "observation__indicator"
        ),
        lambda w: position(w.observation.indicator_id) >= 0,
        n,
    )
    return (
        [value(r, getattr(r, "withdrawal", None)) for r in values],
        [value(w.observation, w) for w in gone],
    )


def _value_entry(v: _Value, language: str, withdrawn_entry: bool) -> Entry:
    """A value's entry; with ``withdrawn_entry``, the entry saying it was withdrawn, why."""
    t = _T[language]
    ind, o, w = v.indicator, v.observation, v.withdrawal
    link = reverse("web:indicator", args=[ind.code])
    value = t["value"].format(
        name=plain(ind, "name", language),
        year=year_label(o.year, ind.period_kind, language),
        amount=with_unit(number(o.value, places(ind)), plain(ind, "unit", language), language),
    )
    if withdrawn_entry:
        assert w is not None
        reason = t["reason"].format(reason=_data(w.reason, language))
        return Entry(f"withdrawn-{o.seq}", t["withdrawn"].format(value=value), reason, link,
                     w.withdrawn_at)  # fmt: skip
    source = t["source"].format(source=_data(o.source, language))
    if o.edition:
        source += t["edition"].format(edition=_data(o.edition, language))
    # A withdrawn value keeps its entry (readers saw it) and gets one saying why.
    later = t["was_withdrawn"].format(day=f"{w.withdrawn_at:%Y-%m-%d}") if w else ""
    return Entry(f"value-{o.seq}", value, source + later, link, v.recorded_at)


def _ratings(plan: Plan, year: int, code: str | None, language: str) -> str:
    """The published year's verdicts: the one indicator's, or the first RATINGS_LISTED of
    the plan's and how many more there are."""
    t = _T[language]
    site = site_view(plan, public=False, year=year)
    if code is not None:
        n = site.store.tables.position.get(code)
        rows = [] if n is None else [n]
    else:
        rows = list(range(min(RATINGS_LISTED, len(site.plan.indicators))))
    lines = []
    for v in site.views_for(rows, values=False):
        w = verdict(v.evaluation, language)
        # The same two verdicts as the pages: the rating (参考 across a break) and outlook.
        line = t["rating"].format(
            name=_data(plain(v.indicator, "name", language), language),
            label=escape(w.label),
            text=marked(w.rating_text, language),  # a unit without English marked lang="ja"
            outlook=marked(w.outlook_text, language),
        )
        lines.append(line + (t["note"].format(note=marked(w.note, language)) if w.note else ""))
    more = len(site.plan.indicators) - len(rows) if code is None else 0
    if more > 0:
        lines.append(t["more"].format(n=f"{more:,}"))
    return "\n".join(lines)


def entries(
    plan: Plan, kind: str | None = None, code: str | None = None, limit: int = FEED_ENTRIES
) -> list[Entry]:
    """What the public may follow, newest first, at most ``limit`` entries; ``kind``/``code``
    narrow it to one item."""
    site = site_view(plan, public=True)
    language = lang()
    t = _T[language]
    if kind is None:
        values, gone = _plan_values(site, limit)
    else:
        values = _indicator_values(site, code) if kind == "indicator" else []
        gone = [v for v in values if v.withdrawal is not None]
    keyed = [(v.order, 0, _value_entry(v, language, False)) for v in values]
    keyed += [(v.order, 1, _value_entry(v, language, True)) for v in gone]
    found = [e for _, _, e in sorted(keyed, key=lambda k: (k[0], k[1]))]
    if kind in (None, "indicator"):
        # One entry per published year (its id names the year), however often it was taken
        # back and published again; the entry's date is that of the publication in force.
        for entry in published_rounds(plan):
            year = entry.year
            found.append(
                Entry(
                    f"publish-{year}",
                    t["published"].format(year=year_label(year, "fiscal", language)),
                    _ratings(plan, year, code, language),
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
    return sorted(found, key=lambda e: e.updated, reverse=True)[:limit]


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
        return entries(*obj)

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
