"""English is available everywhere: every Japanese UI string has its translation."""

from __future__ import annotations

import json
from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[2] / "src" / "shinchoku" / "locale"


def test_every_japanese_message_has_english():
    po = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    untranslated = [
        e.msgid for e in po if any(ord(c) > 0x2E80 for c in e.msgid) and not e.msgstr.strip()
    ]
    assert untranslated == [], "run scripts/translations after adding to locale/en.json"


def test_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))
    mo = polib.mofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.mo"))
    assert {e.msgid: e.msgstr for e in po if e.msgstr} == {e.msgid: e.msgstr for e in mo if e.msgid}


def test_json_has_no_stale_entries():
    """Each entry is used: by a template or Django gettext (django.po), or by a message
    written with ``tr``/``N_`` outside Django (core.messages, tests/core/test_messages.py)."""
    from tests.core.test_messages import TEXTS

    po = {e.msgid for e in polib.pofile(str(LOCALE / "en" / "LC_MESSAGES" / "django.po"))}
    english = json.loads((LOCALE / "en.json").read_text(encoding="utf-8"))
    assert sorted(set(english) - po - set(TEXTS)) == []


def test_english_pages_read_english(client, plan, publish):
    html = client.get("/en/indicators/gross-product/").content.decode()
    assert "The first evaluation (FY2023) has not been published yet" in html
    publish(2023)
    html = client.get("/en/indicators/gross-product/").content.decode()
    for text in ("Evaluation for FY2023", "Latest value", "Values and sources", "Skip to content"):
        assert text in html
    assert "値と出典" not in html
