"""``shinchoku report``: the annual progress report for the council, as PDF, XLSX, DOCX or HTML."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from .common import DATE, YEAR, pass_plan, user_errors

FORMATS = ("pdf", "xlsx", "docx", "html")


@click.command("report")
@click.option("--year", required=True, type=YEAR, help="Year evaluated: 2023, 令和5年度, R5 …")
@click.option("--as-of", type=DATE, help="Use only what was published by this date.")
@click.option("--lang", type=click.Choice(["ja", "en"]), default="ja", show_default=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write (an existing file is replaced).",
)
@click.option(
    "--document-number",
    default="",
    help="資料番号 in the header (e.g. 資料2); default: the one recorded with the meeting.",
)
@pass_plan
def command(
    row,
    year: int,
    as_of: datetime.date | None,
    lang: str,
    fmt: str,
    out: Path,
    document_number: str,
) -> None:
    """Write the annual progress report of a year; 「案」 until the year is published."""
    from ..reports import render
    from ..reports.context import load_context

    if not out.parent.exists():
        raise click.ClickException(f"出力先のフォルダがありません: {out.parent}")
    with user_errors():
        context = load_context(row, year, as_of, lang, document_number.strip())
    data = render(context, fmt)
    tmp = out.with_name(f".{out.name}.part")
    tmp.write_bytes(data)
    tmp.replace(out)
    state = "案" if context.draft else "公表"
    click.echo(f"{out}（{fmt.upper()}、{len(data):,} バイト、{state}）", err=True)
