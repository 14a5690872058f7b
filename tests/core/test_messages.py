"""Messages in the run's language: the mechanism, and a catalogue that keeps up with the code.

Every ``tr``/``N_`` text in the code (core, ingest, services, CLI) must have an English entry
in src/shinchoku/locale/en.json with the same ``{fields}``; an English entry must not hold
Japanese, and no message may show a Python repr (``!r``).
"""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest

from shinchoku.core import messages
from shinchoku.core.calendar import year_text as year
from shinchoku.core.i18n import JAPANESE
from shinchoku.core.messages import language, listed, quoted, tr

SRC = Path(messages.__file__).resolve().parents[1]
CATALOGUE = SRC / "locale" / "en.json"
ENGLISH = json.loads(CATALOGUE.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _english_installed():
    messages.install("en", ENGLISH)


def test_japanese_is_the_default_and_the_message_id():
    assert (
        tr("「{name}」という指標は計画にありません", name="x")
        == "「x」という指標は計画にありません"
    )


def test_english_inside_the_block_only():
    with language("en"):
        assert tr("「{name}」という指標は計画にありません", name="x") == (
            "There is no indicator “x” in the plan"
        )
        assert listed(["a", "b"]) == "a, b" and quoted("a") == "“a”"
        assert year(2023) == "FY2023" and year(2023, "calendar") == "2023"
    assert listed(["a", "b"]) == "a、b" and quoted("a") == "「a」"
    assert year(2023) == "令和5年度" and year(2023, "calendar") == "令和5年"


def test_an_untranslated_text_stays_japanese_and_an_unknown_language_is_japanese():
    with language("en"):
        assert tr("訳のない文 {n}", n=1) == "訳のない文 1"
    with language("fr"):
        assert messages.current() == "ja"


def _texts() -> dict[str, str]:
    """Every literal text passed to ``tr``/``N_`` in the package, with where it is."""
    found: dict[str, str] = {}
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("tr", "N_")
                and node.args
            ):
                first = node.args[0]
                where = f"{path.relative_to(SRC)}:{node.lineno}"
                assert not isinstance(first, ast.JoinedStr | ast.BinOp), (
                    f"{where}: tr() takes a literal text (values go in as {{fields}})"
                )
                if isinstance(first, ast.Constant):  # else a text marked with N_ where defined
                    found[first.value] = where
    return found


TEXTS = _texts()


def _fields(text: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}


def test_the_code_uses_the_mechanism():
    assert len(TEXTS) > 200


def test_every_message_has_english_with_the_same_fields():
    missing = [f"{w}: {t}" for t, w in TEXTS.items() if t not in ENGLISH]
    assert not missing, "no English in locale/en.json for:\n" + "\n".join(missing)
    # English may leave out a field only Japanese needs (the Western year beside an era year).
    differ = [f"{w}: {t}" for t, w in TEXTS.items() if not _fields(ENGLISH[t]) <= _fields(t)]
    assert not differ, "English with other {fields}:\n" + "\n".join(differ)


def test_english_messages_hold_no_japanese():
    japanese = [f"{w}: {ENGLISH[t]}" for t, w in TEXTS.items()
                if t in ENGLISH and JAPANESE.search(ENGLISH[t])]  # fmt: skip
    assert not japanese


SHOWN = ("core", "ingest", "cli", "plan", "observations", "opendata", "registries")


def test_no_python_repr_in_messages():
    """``!r`` prints Python's quotes ('x', [{'year': …}]) to people: quote with 「」/“” instead
    (``# repr-ok: why`` on a line that never reaches a person, e.g. a bug's own message)."""
    found = []
    for top in SHOWN:
        for path in sorted((SRC / top).rglob("*.py")):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if re.search(r"!r\}|\brepr\(", line) and "# repr-ok" not in line:
                    found.append(f"{path.relative_to(SRC)}:{n}: {line.strip()}")
    assert not found, "\n".join(found)


def test_without_a_set_language_messages_follow_the_face():
    """The web has messages follow Django's active language; a language set for the run (the
    CLI's --lang) wins over it."""
    saved = list(messages._follow)
    try:
        messages.follow(lambda: "en-us")
        assert messages.current() == "en" and quoted("a") == "“a”"
        with language("ja"):
            assert messages.current() == "ja"
        messages.follow(lambda: None)
        assert messages.current() == "ja"
    finally:
        messages._follow[:] = saved
