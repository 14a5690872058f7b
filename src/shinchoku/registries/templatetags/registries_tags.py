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
    """``obj.<field>_<lang>`` for the page's language, Japanese when missing."""
    return localized(obj, field)


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
    """A review action's name: approve → 認定・登録する; apply → 申請."""
    from django.utils.translation import gettext

    from ... import machines
    from ..models import Product

    return gettext("申請") if code == "apply" else machines.label(Product, code)
