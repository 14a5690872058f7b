"""``shinchoku template`` and ``shinchoku import``: the owner's Excel template; reading files."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.messages import tr
from ..core.messages import year as fy
from .common import (
    CONFIRM,
    DRY_RUN,
    ENCODING,
    FORMAT_JSON,
    LARGE,
    YEAR,
    echo_json,
    file_limits,
    pass_plan,
    user_errors,
)
from .errors import UserError
from .preview import echo_outcome, outcome_dict, write_atomically


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
@click.option("--format", "fmt", type=FORMAT_JSON, default="table")
@CONFIRM
@pass_plan
def import_command(
    row, file: Path, dry_run: bool, encoding: str, large: bool, fmt: str, confirm: bool
) -> None:
    """Import a CSV, an XLSX sheet or a filled template, whole or not at all."""
    from ..observations import importers

    with user_errors():
        outcome = importers.import_any(
            row,
            file,
            dry_run=dry_run,
            encoding=encoding,
            limits=file_limits(large),
            confirm=confirm,
        )
    if fmt == "json":
        echo_json(outcome_dict(outcome, dry_run))
    else:
        echo_outcome(outcome, row, dry_run)
