"""Messages for people, in the language of the run: the Japanese sentence is the message id.

The one mechanism for every message written outside Django's templates and views (core,
ingest, the services' refusals, the command line):

=============  =================================================================
writing        ``tr("「{name}」という指標は計画にありません", name=name)``: the
               Japanese text in the code, values as ``{name}`` fields (never an
               f-string inside ``tr``, never ``!r``: values are quoted 「…」/“…”)
catalogue      src/shinchoku/locale/en.json, the web's ja → en dict; the face
               that runs installs it (``install``), so core reads no file
language       the one a face set for the run (``language``/``activate``: the
               CLI's ``--lang``), else the one ``follow`` names (the web: Django's
               active language, so /en/ pages get English), else Japanese
untranslated   the Japanese text, as written (tests/test_messages.py fails on
               any ``tr`` text without an English entry)
=============  =================================================================
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar, Token

from .i18n import plain

BASE = "ja"
LANGUAGES = ("ja", "en")

_language: ContextVar[str | None] = ContextVar("shinchoku_language", default=None)
_catalogues: dict[str, Mapping[str, str]] = {}
_follow: list[Callable[[], str | None]] = []  # where to ask when no face set a language


def install(lang: str, catalogue: Mapping[str, str]) -> None:
    """Make ``catalogue`` (Japanese → ``lang``) the texts of ``lang``."""
    _catalogues[lang] = catalogue


def follow(source: Callable[[], str | None]) -> None:
    """When no language was set for the run, use the one ``source`` names (``en-us`` → en)."""
    _follow[:] = [source]


def current() -> str:
    """The language messages are written in now (``ja`` unless a face set another)."""
    lang = _language.get()
    if lang is None and _follow:
        lang = "en" if (_follow[0]() or BASE).lower().startswith("en") else BASE
    return lang or BASE


def activate(lang: str) -> Token[str | None]:
    """Write messages in ``lang`` from now on; the token undoes it (``deactivate``)."""
    return _language.set(lang if lang in LANGUAGES else BASE)


def unset() -> Token[str | None]:
    """Follow the source ``follow`` names again, whatever language a face set for the run;
    the token undoes it (``deactivate``). The web calls it for each request: ``shinchoku
    serve`` is itself a run of the CLI, and a worker forked from it would otherwise write
    every page's messages in the CLI's language."""
    return _language.set(None)


def deactivate(token: Token[str | None]) -> None:
    """Back to the language before ``activate`` returned ``token``."""
    _language.reset(token)


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Messages in ``lang`` inside the block."""
    token = activate(lang)
    try:
        yield
    finally:
        deactivate(token)


def tr(text: str, /, **values: object) -> str:
    """``text`` in the current language with its ``{fields}`` filled from ``values``."""
    lang = current()
    template = text if lang == BASE else _catalogues.get(lang, {}).get(text, text)
    return template.format(**values) if values else template


def listed(items: Iterable[object]) -> str:
    """Items joined as the language lists them: 「A、B」 / “A, B”."""
    return ("、" if current() == BASE else ", ").join(map(str, items))


def quoted(value: object) -> str:
    """A value quoted for a message: 「x」 in Japanese, “x” in English (never a repr)."""
    return f"「{value}」" if current() == BASE else f"“{value}”"


def N_(text: str) -> str:
    """Mark ``text`` for the catalogue where it is defined; ``tr`` translates it when shown."""
    return text


def local(item: object, field: str) -> str:
    """A plan item's own text (``name``, ``unit`` …) in the current language where the plan
    has it translated, else its Japanese: for the data a message names."""
    return plain(item, field, current())


def named(items: Iterable[object], field: str = "name") -> str:
    """``code（name）、…`` of plan items for a message that lists what there is."""
    return listed(
        tr("{code}（{name}）", code=getattr(i, "code", ""), name=local(i, field)) for i in items
    )
