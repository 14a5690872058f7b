"""Values every template needs."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def language(request: HttpRequest) -> dict[str, str]:
    """The same page in the other language (Japanese at /, English at /en/)."""
    other = "ja" if (get_language() or "ja").startswith("en") else "en"
    return {"other_language_url": translate_url(request.get_full_path(), other)}
