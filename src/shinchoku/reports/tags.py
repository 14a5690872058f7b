"""Template filters of the HTML report (its own engine: no web tag library is loaded)."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .. import widgets
from ..core.i18n import JAPANESE

register = template.Library()


@register.filter
def lang_of(value: object, report_lang: str) -> str:
    """`` lang="ja"`` for a cell holding Japanese data (an observation's source, an opinion)
    in a report in another language; nothing otherwise."""
    if report_lang != "ja" and JAPANESE.search("" if value is None else str(value)):
        return mark_safe(' lang="ja"')
    return ""


@register.filter
def marked(value: object, report_lang: str) -> str:
    """A sentence in the report's language (a verdict) with each Japanese piece of it (a unit
    without a translation) in ``<span lang="ja">``; escaped."""
    return widgets.marked(value, report_lang)


@register.filter
def break_at_spaces(value: object) -> str:
    """Each word kept whole, so a narrow cell breaks only between words (参考 C | 遅れ, not
    遅 | れ: Japanese text otherwise breaks between any two characters)."""
    words = escape("" if value is None else str(value)).split(" ")
    return mark_safe(" ".join(f'<span class="word">{w}</span>' for w in words))
