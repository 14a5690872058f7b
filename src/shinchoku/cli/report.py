"""``shinchoku report``: the annual progress report for the council, as PDF, XLSX, DOCX or HTML."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from ..core.messages import current, tr
from .common import DATE, YEAR, pass_plan, user_errors
from .errors import UserError

FORMATS = ("pdf", "xlsx", "docx", "html")
EXTENSIONS = {".pdf": "pdf", ".xlsx": "xlsx", ".docx": "docx", ".html": "html", ".htm": "html"}


def file_format(out: Path, fmt: str | None) -> str:
    """The report format: ``--format`` if given, else read from the file's extension; the two
    must agree, so a report never lands in a file named for another format (r.pdf holding
    HTML)."""
    found = EXTENSIONS.get(out.suffix.lower())
    if fmt is None and found is None:
        raise UserError(
            tr(
                "{file}: 拡張子から形式がわかりません: "
                "ファイル名を .pdf .xlsx .docx .html のどれかで終えてください",
                file=out.name,
            )
        )
    if fmt is not None and found != fmt:
        raise UserError(
            tr(
                "{file}: --format {fmt} の出力ファイルは .{fmt} にしてください"
                "（拡張子と形式が違うと開けないファイルになります）",
                file=out.name,
                fmt=fmt,
            )
        )
    return fmt or found


@click.command("report")
@click.option("--year", required=True, type=YEAR, help="Year evaluated: 2023, 令和5年度, R5 …")
@click.option("--as-of", type=DATE, help="Use only what was published by this date.")
@click.option(
    "--lang",
    type=click.Choice(["ja", "en"]),
    help="Language of the report (default: the language of the run, see shinchoku --lang).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    help="pdf, xlsx, docx or html (default: from the extension of --out, which must agree).",
)
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="File to write, ending .pdf .xlsx .docx or .html (an existing file is replaced).",
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
    lang: str | None,
    fmt: str | None,
    out: Path,
    document_number: str,
) -> None:
    """Write the annual progress report of a year; 「案」 until the year is published."""
    from ..reports import render
    from ..reports.context import load_context

    fmt = file_format(out, fmt)
    lang = lang or current()
    if not out.parent.exists():
        raise UserError(tr("出力先のフォルダがありません: {folder}", folder=out.parent))
    with user_errors():
        context = load_context(row, year, as_of, lang, document_number.strip())
    data = render(context, fmt)
    tmp = out.with_name(f".{out.name}.part")
    tmp.write_bytes(data)
    tmp.replace(out)
    state = tr("案") if context.draft else tr("公表")
    shown = tr(
        "{out}（{fmt}、{size} バイト、{state}）",
        out=out,
        fmt=fmt.upper(),
        size=f"{len(data):,}",
        state=state,
    )
    click.echo(shown, err=True)
