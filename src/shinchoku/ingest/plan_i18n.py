"""Translations in the plan file: ``title_en: …`` beside ``title: …``, gathered and checked.

The shape is the registries' (``name_en`` beside ``name_ja``): a field's translation sits
next to it with the language code after an underscore (``summary_en``, ``title_zh-Hans``).
Each is gathered into the item's ``translations`` ``{lang: {field: text}}`` (core/i18n.py).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, model_validator

from ..core.messages import N_, tr

LANG_CODE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
LANG_NAMES = {
    "en": N_("英語"),
    "zh-Hans": N_("中国語（簡体字）"),
    "zh": N_("中国語"),
    "ko": N_("韓国語"),
}


class Translatable(BaseModel):
    """A plan-file mapping. ``title_en: …`` beside ``title: …`` is the English of a field
    listed in ``TRANSLATABLE`` (any language code after the underscore, as the registries
    name ``name_en``); such keys are gathered into ``translations`` ``{lang: {field: text}}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    TRANSLATABLE: ClassVar[tuple[str, ...]] = ()
    translations: dict[str, dict[str, str]] = {}

    @model_validator(mode="before")
    @classmethod
    def _gather_translations(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not cls.TRANSLATABLE:
            return data
        data, found = dict(data), {}
        for key in list(data):
            field = next((f for f in cls.TRANSLATABLE if str(key).startswith(f + "_")), None)
            if field is None:
                continue
            lang = str(key)[len(field) + 1 :]
            if lang != "ja" and LANG_CODE.match(lang) and isinstance(data[key], str):
                found.setdefault(lang, {})[field] = data.pop(key).strip()
        if found:
            data["translations"] = found
        return data


def merged(own: dict[str, dict[str, str]], *nested: tuple[str, str, dict]) -> dict:
    """An item's translations with a nested value's (``baseline.source``) under dotted names."""
    out = {lang: dict(fields) for lang, fields in own.items()}
    for name, field, translations in nested:
        for lang, fields in translations.items():
            if field in fields:
                out.setdefault(lang, {})[name] = fields[field]
    return out


def plan_translations(p: Any) -> dict:
    """The plan's own fields with the municipality's name and the vision's title."""
    out = merged(p.translations, ("vision_title", "title", p.vision.translations))
    for lang, fields in p.municipality.translations.items():
        out.setdefault(lang, {})["municipality"] = fields["name"]
    return out


def _walk(value: Any, loc: tuple[Any, ...] = ()) -> Any:
    """Every plan-file mapping with its path, depth first in file order."""
    if isinstance(value, Translatable):
        yield loc, value
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), (*loc, name))
    elif isinstance(value, list):
        for n, item in enumerate(value):
            yield from _walk(item, (*loc, n))


def translation_findings(p: Any) -> tuple[list[tuple[tuple[Any, ...], str]], set[str]]:
    """Each field with Japanese text but no translation, per language the plan declares or
    uses, and the languages the plan requires (``languages:``, less ``ja``)."""
    required = {lang for lang in p.languages if lang != "ja"}
    used = {lang for _, item in _walk(p) for lang in item.translations}
    found: list[tuple[tuple[Any, ...], str]] = []
    if not required | used:
        hint = tr("訳がありません（英語は title_en: … のように書きます。docs/plan-file.md）")
        return [((), hint)], set()
    for lang in sorted(required | used):
        name = tr(LANG_NAMES[lang]) if lang in LANG_NAMES else lang
        for loc, item in _walk(p):
            for field in item.TRANSLATABLE:
                if getattr(item, field) and not item.translations.get(lang, {}).get(field):
                    message = tr(
                        "{name}の訳がありません（{field}）", name=name, field=f"{field}_{lang}"
                    )
                    found.append(((*loc, field), message))
    return found, required
