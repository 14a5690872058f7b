"""The plan's own text in other languages: which fields translate, and the one look-up.

A plan item (plan, policy, measure, project, indicator, series break, organisation) holds
its Japanese text in its fields and every other language in ``translations``:
``{"en": {"title": "…", "summary": "…"}}``. A field of a nested value is named with a dot
(``baseline.source``, ``rule.text`` on an indicator). ``text`` returns the text in the
asked language, or the Japanese with ``lang="ja"`` when there is no translation: a face
prints that language mark, so nothing falls back silently.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from .model import Indicator, Plan

BASE = "ja"
# Kana, kanji, CJK punctuation and full-width forms: what a Japanese text is written with.
JAPANESE = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
# A stretch of Japanese inside a sentence in another language: the text of a unit or a label
# without a translation (億円; 経済構造実態調査 全事業所（個人経営を除く）), spaces and
# figures between its characters included.
JAPANESE_RUN = re.compile(rf"{JAPANESE.pattern}+(?:[ \d.,]*{JAPANESE.pattern}+)*")

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


def japanese_runs(sentence: str) -> list[tuple[str, bool]]:
    """``sentence`` in pieces, each with whether it is Japanese: a face marks those pieces
    ``lang="ja"`` in a sentence of another language ("2,050 億円 against …")."""
    pieces: list[tuple[str, bool]] = []
    at = 0
    for run in JAPANESE_RUN.finditer(sentence):
        if run.start() > at:
            pieces.append((sentence[at : run.start()], False))
        pieces.append((run.group(), True))
        at = run.end()
    if at < len(sentence):
        pieces.append((sentence[at:], False))
    return pieces


def plain(item: Any, field: str, lang: str) -> str:
    """``text`` without the language: for data (JSON, CSV) where the fallback is documented."""
    return text(item, field, lang).text


def missing(item: Any, kind: str, lang: str) -> list[str]:
    """The fields of ``item`` (a ``kind`` of FIELDS) with Japanese text but none in ``lang``."""
    return [f for f in FIELDS[kind] if base_text(item, f) and text(item, f, lang).lang != lang]


def languages(translations: Translations) -> set[str]:
    """The languages a translations mapping carries text in."""
    return {lang for lang, fields in translations.items() if any(fields.values())}


def _swap(item: Any, kind: str, lang: str) -> Any:
    """``item`` with each of its own (undotted) fields in ``lang`` where translated."""
    changes = {f: text(item, f, lang).text for f in FIELDS[kind] if "." not in f}
    return replace(item, **changes)


def localized(plan: Plan, lang: str) -> Plan:
    """The plan with every translated text in ``lang`` (the rest stays Japanese): for a face
    that prints plain text in one language throughout, such as a report."""
    if lang == BASE:
        return plan

    def indicator(ind: Indicator) -> Indicator:
        out = _swap(ind, "indicator", lang)
        baseline = replace(ind.baseline, source=text(ind, "baseline.source", lang).text)
        rule = replace(ind.rule, text=text(ind, "rule.text", lang).text) if ind.rule else None
        breaks = tuple(_swap(b, "series_break", lang) for b in ind.series_breaks)
        return replace(out, baseline=baseline, rule=rule, series_breaks=breaks)

    out = _swap(plan, "plan", lang)
    return replace(
        out,
        organisations=tuple(_swap(o, "organisation", lang) for o in plan.organisations),
        policies=tuple(
            replace(
                _swap(p, "policy", lang),
                measures=tuple(_swap(m, "measure", lang) for m in p.measures),
            )
            for p in plan.policies
        ),
        projects=tuple(_swap(p, "project", lang) for p in plan.projects),
        indicators=tuple(indicator(i) for i in plan.indicators),
    )


def untranslated(plan: Plan, lang: str) -> list[str]:
    """Each field of the plan without text in ``lang`` (shown in Japanese), as a path such as
    ``policies.2.title`` (API, validation summaries)."""
    if lang == "ja":
        return []
    found = [f"plan.{f}" for f in missing(plan, "plan", lang)]
    found += [f"organisations.{o.code}.{f}" for o in plan.organisations
              for f in missing(o, "organisation", lang)]  # fmt: skip
    for p in plan.policies:
        found += [f"policies.{p.code}.{f}" for f in missing(p, "policy", lang)]
        for m in p.measures:
            found += [f"measures.{m.code}.{f}" for f in missing(m, "measure", lang)]
    for pr in plan.projects:
        found += [f"projects.{pr.number}.{f}" for f in missing(pr, "project", lang)]
    for i in plan.indicators:
        found += [f"indicators.{i.code}.{f}" for f in missing(i, "indicator", lang)]
        for b in i.series_breaks:
            found += [f"indicators.{i.code}.series_breaks.{b.year}.{f}"
                      for f in missing(b, "series_break", lang)]  # fmt: skip
    return found
