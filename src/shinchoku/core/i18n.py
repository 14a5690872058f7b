"""The plan's own text in other languages: which fields translate, and the one look-up.

A plan item (plan, policy, measure, project, indicator, series break, organisation) holds
its Japanese text in its fields and every other language in ``translations``:
``{"en": {"title": "…", "summary": "…"}}``. A field of a nested value is named with a dot
(``baseline.source``, ``rule.text`` on an indicator). ``text`` returns the text in the
asked language, or the Japanese with ``lang="ja"`` when there is no translation: a face
prints that language mark, so nothing falls back silently.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

BASE = "ja"

# The translatable fields of each plan item, as named in core (and in the plan file).
FIELDS: dict[str, tuple[str, ...]] = {
    "plan": ("municipality", "title", "edition", "vision_title", "philosophy"),
    "organisation": ("name",),
    "policy": ("title", "summary"),
    "measure": ("title",),
    "project": ("title", "summary"),
    "indicator": (
        "name",
        "unit",
        "definition",
        "source",
        "note",
        "baseline.source",
        "rule.text",
    ),
    "series_break": ("label", "previous", "reason"),
}

Translations = Mapping[str, Mapping[str, str]]


@dataclass(frozen=True)
class Localized:
    """A text with the language it is written in (``ja`` when no translation exists)."""

    text: str
    lang: str

    def __str__(self) -> str:
        return self.text


def base_text(item: Any, field: str) -> str:
    """The Japanese text of ``field`` (a dotted path follows nested values)."""
    value: Any = item
    for part in field.split("."):
        value = getattr(value, part, None) if value is not None else None
    return value if isinstance(value, str) else ""


def text(item: Any, field: str, lang: str) -> Localized:
    """``field`` of ``item`` in ``lang``; the Japanese (marked ``ja``) when not translated."""
    original = base_text(item, field)
    if lang == BASE or not original:
        return Localized(original, BASE)
    found = (getattr(item, "translations", None) or {}).get(lang, {}).get(field)
    return Localized(found, lang) if found else Localized(original, BASE)


def plain(item: Any, field: str, lang: str) -> str:
    """``text`` without the language: for data (JSON, CSV) where the fallback is documented."""
    return text(item, field, lang).text


def missing(item: Any, kind: str, lang: str) -> list[str]:
    """The fields of ``item`` (a ``kind`` of FIELDS) with Japanese text but none in ``lang``."""
    return [f for f in FIELDS[kind] if base_text(item, f) and text(item, f, lang).lang != lang]


def languages(translations: Translations) -> set[str]:
    """The languages a translations mapping carries text in."""
    return {lang for lang, fields in translations.items() if any(fields.values())}
