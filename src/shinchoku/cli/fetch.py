"""``shinchoku fetch``: figures from official statistics APIs (e-Stat)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..core.messages import tr
from .common import CONFIRM, DRY_RUN, FORMAT_JSON, echo_json, pass_plan, user_errors
from .errors import UserError
from .preview import echo_outcome, outcome_dict, write_atomically


@click.group("fetch")
def group() -> None:
    """Fetch figures from official statistics instead of typing them."""


@group.command("estat")
@click.option("--indicator", default=None, help="Only this indicator (code or Japanese name).")
@click.option(
    "--response",
    "responses",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Import a response saved earlier (with --save) instead of calling the API.",
)
@click.option(
    "--save",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Download the responses into this JSON file and store nothing (for a closed network).",
)
@click.option(
    "--sources",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A sources file (default: the built-in plan's tokorozawa-sources.yaml).",
)
@click.option("--timeout", type=float, default=30.0, show_default=True, help="Seconds per request.")
@DRY_RUN
@CONFIRM
@click.option("--format", "fmt", type=FORMAT_JSON, default="table")
@pass_plan
def estat_command(
    row,
    indicator: str | None,
    responses: tuple[Path, ...],
    save: Path | None,
    sources: Path | None,
    timeout: float,
    dry_run: bool,
    confirm: bool,
    fmt: str,
) -> None:
    """Store new values and revisions from e-Stat (application id in ESTAT_APP_ID)."""
    from ..accounts.permissions import SYSTEM
    from ..ingest.estat import EStatError
    from ..observations import importers

    if save and responses:
        raise click.UsageError(tr("--save と --response は同時に使えません"))
    try:
        with user_errors():
            if save:
                pages = importers.download_estat(row, indicator, sources, timeout=timeout)
                text = json.dumps(pages, ensure_ascii=False, indent=1)
                write_atomically(save, text.encode("utf-8"))
                click.echo(
                    tr(
                        "{file}: e-Statの応答{n}ページを保存しました。"
                        "取り込むには: shinchoku fetch estat --response {file}",
                        file=save.name,
                        n=len(pages),
                    )
                )
                return
            outcome = importers.fetch_estat(
                row,
                indicator,
                responses,
                sources,
                actor=SYSTEM,
                dry_run=dry_run,
                timeout=timeout,
                confirm=confirm,
            )
    except EStatError as err:
        raise UserError(str(err)) from None
    if fmt == "json":
        echo_json(outcome_dict(outcome, dry_run))
    else:
        echo_outcome(outcome, row, dry_run)
