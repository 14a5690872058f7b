"""``shinchoku clean-uploads``: remove uploads whose preview was never confirmed."""

from __future__ import annotations

import click

from ..core.messages import tr
from .store import setup_django


@click.command("clean-uploads")
@click.option(
    "--older-than",
    type=click.FloatRange(min=0),
    default=None,
    metavar="HOURS",
    help="Age in hours (default: SHINCHOKU_UPLOAD_EXPIRY_HOURS, 24).",
)
@click.pass_context
def command(ctx: click.Context, older_than: float | None) -> None:
    """Remove kept uploads older than the expiry (the next web upload does it too)."""
    setup_django(ctx.find_root().params.get("database"))
    from ..uploads import store

    removed = store.sweep(older_than)
    if not removed:
        click.echo(
            tr(
                "{folder}: 期限切れのアップロードはありません（何も削除していません）",
                folder=store.root(),
            )
        )
        return
    click.echo(
        tr("{folder}: {n}件の期限切れのアップロードを削除しました", folder=store.root(), n=removed)
    )
