"""docs/cli.md, generated from the ``--help`` of every command (Datasette's cli-reference).

Regenerate with ``scripts/cli-docs``; ``tests/test_docs.py`` fails when the file is stale.
"""

from __future__ import annotations

import click

WIDTH = 100
HEAD = """# Command reference

Generated from `shinchoku … --help` by `scripts/cli-docs`; do not edit by hand
(`tests/test_docs.py` fails when this file is stale). What each command is for, with
examples, is in the README; how errors are reported, and in which language, is at the end
of this page.
"""
TAIL = """
## Errors and exit codes

- **0**: done. The output says what was done, also when nothing needed doing.
- **1**: a status, not an error: `shinchoku check` found a problem, or
  `targets check --strict` found a target that departs from its rule.
- **2**: a user error: a missing or unknown option, a value that cannot be read (a year,
  a date, a number, a choice), a file that cannot be read or written, input refused by the
  rules (a year outside the plan, an unknown indicator, a value out of range), a refused
  action (publishing without confirmation), or a database busy with another writer. A
  message `エラー: …` (`Error: …` in English) on standard error says what and where;
  nothing was changed. A refused file lists its first 20 problems and counts the rest;
  `shinchoku --all-problems …` (or `SHINCHOKU_ALL_PROBLEMS=1`) lists them all.

Anything else (a traceback) is a bug: please report it with the command that caused it.

## Language

Messages are Japanese by default and English with `--lang en` or an English locale
(`LANG`, `LC_MESSAGES` or `LC_ALL` starting with `en`, the first one set wins; `--lang ja`
overrides the locale). The language covers everything a command prints: summaries,
confirmations, table headings, the plan's own names where the plan carries a translation,
and every error, including those from reading files (`obs.csv row 2, column C [value]`)
and from the rules (a year outside the plan, a change that needs `--confirm`, the
publication gate). English writes years the Western way with FY (FY2023); no message shows
a Python repr (values are quoted 「…」 or “…”). The help texts (`--help`) are English in
both languages, and data (JSON, stored values, the audit log) is not translated.

One mechanism serves every message outside Django's templates: the Japanese sentence is
written in the code as `tr("「{name}」という指標は計画にありません", name=…)`
(`shinchoku.core.messages`), and its English is the entry of the same Japanese text in
`src/shinchoku/locale/en.json`, the catalogue the web's English comes from too.
`tests/core/test_messages.py` fails when a `tr` text has no English entry, when the English
has a field the Japanese does not, or when a message uses `!r`.

`--format` is `table` or `json` for every command that prints data (`text`, the old name of
`table` for `plan show/versions/diff` and `opendata/site build`, is still read for one
release); `report --format` is the file format and must agree with the extension of
`--out` (without `--format`, the extension decides).
"""


def _commands(cmd: click.Command, ctx: click.Context) -> list[tuple[click.Command, click.Context]]:
    """The command and, for a group, every command under it, each with its context."""
    found = [(cmd, ctx)]
    if isinstance(cmd, click.Group):
        for name in sorted(cmd.commands):
            sub = cmd.commands[name]
            found += _commands(sub, click.Context(sub, parent=ctx, info_name=name))
    return found


def reference() -> str:
    """The Markdown page: one section per command with its help text."""
    from . import main

    root = click.Context(
        main,
        info_name="shinchoku",
        terminal_width=WIDTH,
        max_content_width=WIDTH,
        **main.context_settings,
    )
    parts = [HEAD]
    for cmd, ctx in _commands(main, root):
        parts.append(f"\n## `{ctx.command_path}`\n\n```\n{cmd.get_help(ctx).rstrip()}\n```\n")
    parts.append(TAIL)
    return "".join(parts)


if __name__ == "__main__":
    click.echo(reference(), nl=False)
