"""Form widgets that say which language an option is in (WCAG 2.1 SC 3.1.2).

An ``<option>`` holds text only, so a name without a translation (an organisation, a plan
item) on a page in another language is marked on the option itself: ``lang="ja"``. Below
the apps, so that any app's form can use it; with the one rule for the page's language.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .core.i18n import JAPANESE, japanese_runs


def page_language() -> str:
    """The language a page's text is in: ``ja``, ``en``, or a visitor language (``zh``,
    ``ko``: only the registries' visitor pages are served in those, registries/visitors.py)."""
    code = (get_language() or "ja").split("-")[0]
    return code if code in ("en", "zh", "ko") else "ja"


class MarkedSelect(forms.Select):
    """A select whose options holding Japanese carry ``lang="ja"`` on a page in another
    language (a Japanese page marks nothing)."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        if page_language() != "ja" and JAPANESE.search(str(option["label"])):
            option["attrs"]["lang"] = "ja"
        return option


class MarkedTextarea(forms.Textarea):
    """A text area whose stored text (a sheet's 取組内容) holds Japanese carries
    ``lang="ja"`` on a page in another language."""

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if page_language() != "ja" and JAPANESE.search(str(context["widget"]["value"] or "")):
            context["widget"]["attrs"]["lang"] = "ja"
        return context


def marked(value: object, language: str) -> SafeString:
    """``value`` escaped for HTML; in a language other than Japanese, each Japanese piece
    of it (a unit or label without a translation: "2,050 億円 against …") in a
    ``<span lang="ja">``, as the plan's untranslated names are (pages and reports alike)."""
    sentence = "" if value is None else str(value)
    if language == "ja":
        return escape(sentence)
    return mark_safe(
        "".join(
            format_html('<span lang="ja">{}</span>', piece) if ja else escape(piece)
            for piece, ja in japanese_runs(sentence)
        )
    )
