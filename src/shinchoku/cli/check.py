"""``shinchoku check``: is this installation fit to serve? Database, migrations, cache, key."""

from __future__ import annotations

import click

from ..core.messages import tr
from .common import FORMAT_JSON, echo_json, table
from .store import setup_django, share_cache


@click.command("check")
@click.option("--format", "fmt", type=FORMAT_JSON, default="table", show_default=True)
@click.pass_context
def command(ctx: click.Context, fmt: str) -> None:
    """Report the database, pending migrations, the cache and the secret key; exit 1 if any
    is wrong. Changes nothing (does not migrate)."""
    share_cache()  # the cache `serve` will use
    setup_django(ctx.find_root().params.get("database"))
    from ..health import findings

    found = findings()
    ok = all(f.ok for f in found)
    if fmt == "json":
        echo_json({"ok": ok, "checks": [{"name": f.name, "ok": f.ok, "detail": f.detail}
                                        for f in found]})  # fmt: skip
    else:
        rows = [(f.name, "OK" if f.ok else "NG", f.detail) for f in found]
        click.echo(table(rows, headers=[tr("確認項目"), tr("結果"), tr("詳細")]))
    if not ok:
        ctx.exit(1)
