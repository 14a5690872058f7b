"""Form widgets that say which language an option is in (WCAG 2.1 SC 3.1.2).

An ``<option>`` holds text only, so a name without a translation (an organisation, a plan
item) on a page in another language is marked on the option itself: ``lang="ja"``. Below
the apps, so that any app's form can use it; with the one rule for the page's language.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language

from .core.i18n import JAPANESE


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
