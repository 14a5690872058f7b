"""Template filters for numbers, years and percentages, in the page's language.

Numbers are rounded by core.formatting (half-up, the plan's rule), as every report is.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from ...core.context import date_label
from ...core.formatting import number, percent, threshold, unit_separator
from ...core.i18n import text
from ...observations.pages import lang, year_label
from ...paging import page_query
from ...widgets import marked, page_language
from ..langcheck import JAPANESE

register = template.Library()


@register.filter
def num(value: Decimal | float | None, digits: int | None = None) -> str:
    """9140.5 → 9,141 (half-up to ``digits``, default 0); a Decimal without ``digits`` is
    shown as written (9,300.5); None → —."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal) and digits is None:
        return format(value.normalize(), ",f")  # as written: 9,095 and 9,300.5, not 9300.500000
    return number(value, int(digits or 0))


@register.filter
def pct(value: float | None) -> str:
    """1.0115 → 101.2% (half-up); None → —."""
    return percent(value)


@register.filter(name="threshold")
def threshold_filter(value: float) -> str:
    """A plan threshold as a share: 0.6 → 60%."""
    return threshold(float(value))


@register.filter
def fy(year: int | None, kind: str = "fiscal") -> str:
    """A year as the page's language writes it (令和5年度 / FY2023)."""
    return "—" if year is None or year == "" else year_label(int(year), kind)


@register.filter(name="text")
def text_filter(item: object, field: str) -> str:
    """The plan's ``field`` of ``item`` in the page's language; without a translation the
    Japanese, marked ``<span lang="ja">`` so it is never passed off as English."""
    found = text(item, field, page_language())
    if found.lang == page_language():
        return conditional_escape(found.text)
    return format_html('<span lang="{}">{}</span>', found.lang, found.text)


@register.filter
def plain(item: object, field: str) -> str:
    """``text`` as plain text, for a ``<title>`` or an attribute (no element to mark)."""
    return text(item, field, page_language()).text


@register.filter
def unit_sep(item: object) -> str:
    """What goes between a figure and the indicator's unit on this page (core.formatting):
    nothing in Japanese, " × " before "10,000 persons", else a space."""
    return unit_separator(text(item, "unit", lang()).text, lang())


@register.filter(name="with_unit")
def with_unit_filter(figure: str, item: object) -> str:
    """A printed figure with the indicator ``item``'s unit in the page's language, joined as
    core.formatting joins them: 9,200億円; 9,200 × 100 million yen; a unit without a
    translation marked ``<span lang="ja">``; — alone."""
    unit = text(item, "unit", page_language()).text
    if not unit or figure in (None, "", "—"):
        return conditional_escape(figure or "—")
    return format_html("{}{}{}", figure, unit_separator(unit, lang()), text_filter(item, "unit"))


@register.filter
def paren(value: str) -> str:
    """``（億円）`` in Japanese, `` (100 million yen)`` in English: the page's brackets."""
    if value in (None, ""):
        return ""
    inner = conditional_escape(value)
    full_width = page_language() in ("ja", "zh")
    return format_html("（{}）", inner) if full_width else format_html(" ({})", inner)


@register.filter
def ja(value: object) -> str:
    """Stored Japanese data (an observation's source, a name) as shown on a page in another
    language: marked ``<span lang="ja">`` when it holds Japanese."""
    shown = "" if value is None else str(value)
    if page_language() == "ja" or not JAPANESE.search(shown):
        return conditional_escape(shown)
    return format_html('<span lang="ja">{}</span>', shown)


@register.filter(name="marked")
def marked_filter(value: object) -> str:
    """A sentence built in the page's language (a verdict) with its Japanese pieces (a unit
    without a translation) marked ``<span lang="ja">``; escaped."""
    return marked("" if value is None else str(value), page_language())


@register.filter
def lang_attr(value: object) -> str:
    """`` lang="ja"`` for an element whose attribute (an image's ``alt``) holds Japanese on a
    page in another language; nothing otherwise."""
    if page_language() != "ja" and JAPANESE.search("" if value is None else str(value)):
        return mark_safe(' lang="ja"')
    return ""


@register.filter
def day(value: datetime.date | None) -> str:
    """A date as the page's language writes it (令和7年6月30日 / 30 Jun 2025); a datetime is
    shown in the site's time zone; None → —."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return date_label(value, page_language())


@register.filter
def organisation(site: object, code: str | None) -> str:
    """An organisation's name from its code in the site's plan (産業振興課, not sangyo-shinko),
    in the page's language."""
    orgs = site.plan.organisations if code else ()  # type: ignore[attr-defined]
    found = next((o for o in orgs if o.code == code), None)
    return text_filter(found, "name") if found else ""


@register.simple_tag(takes_context=True)
def page_href(context: template.Context, number: int, query: str = "") -> str:
    """The address of page ``number`` of the list at this path, filtered by ``query`` (its
    query string without ``page``): page 1 names no ``page`` (paging.py's one spelling)."""
    kept = page_query(query, number)
    path = context["request"].path
    return f"{path}?{kept}" if kept else path
