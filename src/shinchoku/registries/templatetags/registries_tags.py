"""Template filters of the registries: text in the page's language, sign languages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..maps import lang, localized

register = template.Library()

LANGUAGE_NAMES = {"ja": "日本語", "en": "English", "zh": "中文", "ko": "한국어"}


@register.filter
def tr(obj: Any, field: str) -> str:
    """``obj.<field>_<lang>`` for the page's language; the Japanese when missing, marked
    ``<span lang="ja">`` on a page in another language (never passed off as a translation)."""
    shown = localized(obj, field)
    if lang() == "ja" or not shown or getattr(obj, f"{field}_{lang()}", ""):
        return shown
    return format_html('<span lang="ja">{}</span>', shown)


@register.filter
def tr_plain(obj: Any, field: str) -> str:
    """``tr`` as plain text, for a ``<title>`` or an attribute (no element to mark)."""
    return localized(obj, field)


@register.simple_tag
def ja_only(name: str, *args: Any) -> str:
    """``href`` of a page that has no visitor-language edition (the plan's project pages,
    the application pages): on a zh or ko page the Japanese page, marked
    ``hreflang="ja"``; otherwise the page in the current language."""
    from django.urls import reverse
    from django.utils import translation

    if lang() not in ("zh", "ko"):
        return format_html('href="{}"', reverse(name, args=args))
    with translation.override("ja"):
        return format_html('href="{}" hreflang="ja"', reverse(name, args=args))


@register.filter
def language_names(codes: tuple[str, ...]) -> str:
    """("ja", "en") → 日本語・English, each name in its own language and marked so
    (``<span lang="ja">日本語</span>``); joined with ・ in Japanese, ", " in English."""
    sep = "・" if lang() == "ja" else ", "
    return mark_safe(
        sep.join(
            format_html('<span lang="{}">{}</span>', c, LANGUAGE_NAMES.get(c, c)) for c in codes
        )
    )


@register.filter
def state_label(code: str) -> str:
    """A review state's name: approved → 認定."""
    from ..models import STATES

    return str(dict(STATES).get(code, code))


@register.filter
def action_label(code: str) -> str:
    """A step's name: approve → 認定・登録する (the state machine's label); apply → 申請,
    edit → 申請の内容を変更 (steps that change no state)."""
    from django.utils.translation import gettext

    from ... import machines
    from ..models import Product

    events = {"apply": gettext("申請"), "edit": gettext("申請の内容を変更")}
    return events[code] if code in events else machines.label(Product, code)


@register.filter
def walking(length_km: Any) -> str:
    """The time to walk ``length_km`` at the stated speed: 約1時間25分 / about 1 h 25 min."""
    from django.utils.translation import gettext

    from ..rules import walking_minutes

    hours, minutes = divmod(walking_minutes(float(length_km)), 60)
    if hours:
        return gettext("約%(h)d時間%(m)d分") % {"h": hours, "m": minutes}
    return gettext("約%(m)d分") % {"m": minutes}


@register.simple_tag
def walking_kmh() -> int:
    """The walking speed the course times are stated at (km/h)."""
    from ..rules import WALKING_KMH

    return WALKING_KMH


@register.simple_tag
def walking_format(kind: str) -> str:
    """The ``walking`` filter's wording (``%(h)d``, ``%(m)d``) for the route editor's preview."""
    from django.utils.translation import gettext

    return gettext("約%(h)d時間%(m)d分") if kind == "hours" else gettext("約%(m)d分")
