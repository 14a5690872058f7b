"""``shinchoku import-table``: a prefectural statistics table, read through its mapping."""

from __future__ import annotations

from pathlib import Path

import click

from .common import CONFIRM, DATE, DRY_RUN, FORMAT_JSON, echo_json, pass_plan, user_errors
from .preview import echo_outcome, outcome_dict


@click.command("import-table")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--mapping", required=True, help="The table's name in the sources file.")
@click.option(
    "--sources",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A sources file (default: the built-in plan's tokorozawa-sources.yaml).",
)
@click.option("--year", default="", help="The reference year, when the table does not say it.")
@click.option("--edition", default="", help="The edition, e.g. 令和2年度版.")
@click.option("--published-on", type=DATE, default=None, help="When the table was published.")
@DRY_RUN
@CONFIRM
@click.option("--format", "fmt", type=FORMAT_JSON, default="table")
@pass_plan
def command(
    row,
    file: Path,
    mapping: str,
    sources: Path | None,
    year: str,
    edition: str,
    published_on,
    dry_run: bool,
    confirm: bool,
    fmt: str,
) -> None:
    """Import the plan municipality's figures from a prefecture's table, whole or not at all."""
    from ..ingest.tables import Overrides
    from ..observations import importers

    overrides = Overrides(year, edition, published_on)
    with user_errors():
        outcome = importers.import_table(
            row, file, mapping, sources, overrides, dry_run=dry_run, confirm=confirm
        )
    if fmt == "json":
        echo_json(outcome_dict(outcome, dry_run))
    else:
        echo_outcome(outcome, row, dry_run)
