"""The language of a run: ``--lang`` or the locale (``LANG=en*`` → English), Japanese else.

Set once, before any command runs, for the whole run: messages written with
``core.messages.tr`` (core, ingest, services, this CLI) read the English of
src/shinchoku/locale/en.json, and Django's gettext (models, forms) is switched too as soon
as Django is set up (``store.setup_django``). Help texts stay English in any language.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from contextvars import Token
from typing import Any

import click

from ..catalogue import english
from ..core import messages

LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")  # POSIX order: the first one set wins


def from_environment(env: Mapping[str, str] | None = None) -> str:
    """``en`` when the locale's language is English (``LANG=en_US.UTF-8`` …), else ``ja``."""
    env = os.environ if env is None else env
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else "ja"
    return "ja"


def activate(lang: str) -> Token[str | None]:
    """Messages in ``lang`` from now on (Django's too, once it is set up)."""
    if lang != messages.BASE:
        messages.install(lang, english())
    token = messages.activate(lang)
    activate_django()
    return token


def activate_django() -> None:
    """Switch Django's gettext to the run's language, if Django is set up."""
    found = sys.modules.get("django.apps")
    if found is not None and found.apps.ready:
        from django.utils import translation

        translation.activate(messages.current())


def deactivate(token: Token[str | None]) -> None:
    """Back to the language before the run (tests run many commands in one process)."""
    messages.deactivate(token)
    found = sys.modules.get("django.apps")
    if found is not None and found.apps.ready:
        from django.utils import translation

        translation.deactivate()  # the settings' language again


def from_arguments(args: list[str]) -> None:
    """Activate a ``--lang`` given among the top command's arguments before they are parsed
    (click reads them all, and may refuse one, before the option's callback runs)."""
    rest = iter(args)
    for arg in rest:
        if not arg.startswith("-") or arg == "--":
            return  # the subcommand: its own options (report --lang) are not the run's
        if arg == "--database":
            next(rest, None)  # its URL
            continue
        value = next(rest, None) if arg == "--lang" else None
        if arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value in ("ja", "en"):
            activate(value)
            return


def _chosen(ctx: click.Context, param: click.Parameter, value: Any) -> str:
    """Activate ``--lang`` as soon as it is read, so later usage errors speak it too."""
    lang = value or from_environment()
    activate(lang)
    return lang


LANG = click.option(
    "--lang",
    type=click.Choice(["ja", "en"]),
    default=None,
    is_eager=True,
    expose_value=False,
    callback=_chosen,
    help="Language of messages: ja or en (default: en when LANG/LC_ALL/LC_MESSAGES is en*, "
    "else ja).",
)
