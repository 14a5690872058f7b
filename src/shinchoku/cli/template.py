"""``shinchoku template`` and ``shinchoku import``: the owner's Excel template; reading files."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.calendar import year_text as fy
from ..core.messages import tr
from .common import (
    CONFIRM,
    DRY_RUN,
    ENCODING,
    FORMAT_LARGE,
    FULL,
    LARGE,
    YEAR,
    batch_work,
    echo_json,
    echo_ndjson,
    file_limits,
    pass_plan,
    user_errors,
)
from .errors import UserError
from .preview import change_dict, echo_outcome, outcome_dict, write_atomically


@click.command("template")
@click.option("--year", type=YEAR, required=True, help="The year to report: 2024, 令和6年度, R6 …")
@click.option("--organisation", default="", help="Organisation code or name; only its indicators.")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The workbook to write (.xlsx).",
)
@pass_plan
def template_command(row, year: int, organisation: str, out: Path) -> None:
    """Write an Excel template for an organisation's indicators, to fill and import."""
    from ..observations import importers

    if out.suffix.lower() != ".xlsx":
        raise UserError(tr("{file}: 出力ファイルは .xlsx にしてください", file=out.name))
    with user_errors():
        data, codes = importers.template(row, year, organisation)
    write_atomically(out, data)
    click.echo(
        tr(
            "{file}: 評価指標{n}件のテンプレートを書きました（{year}、{codes}）",
            file=out.name,
            n=len(codes),
            year=fy(year),
            codes=", ".join(codes),
        )
    )


@click.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@DRY_RUN
@ENCODING
@LARGE
@click.option(
    "--format",
    "fmt",
    type=FORMAT_LARGE,
    default="summary",
    show_default=True,
    help="summary: what was stored, in counts; table: every row; json: one document; "
    "ndjson: one row a line.",
)
@FULL
@CONFIRM
@batch_work
@pass_plan
def import_command(
    row,
    file: Path,
    dry_run: bool,
    encoding: str,
    large: bool,
    fmt: str,
    full: bool,
    confirm: bool,
) -> None:
    """Import a CSV, an XLSX sheet or a filled template, whole or not at all.

    Prints what was stored, in counts, by default; every row with --full or --format table.
    Runs at a lower CPU priority (nice +10), so a site served from this machine keeps
    answering meanwhile.
    """
    from ..accounts.permissions import SYSTEM
    from ..observations import importers

    with user_errors():
        outcome = importers.import_any(
            row,
            file,
            SYSTEM,
            dry_run=dry_run,
            encoding=encoding,
            limits=file_limits(large),
            confirm=confirm,
        )
    if fmt == "json":
        echo_json(outcome_dict(outcome, dry_run))
    elif fmt == "ndjson":
        echo_ndjson({"file": outcome.source, **change_dict(c)} for c in outcome.changes)
    else:
        echo_outcome(outcome, row, dry_run, full=full or fmt == "table")
