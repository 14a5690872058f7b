"""``shinchoku serve``: the web application under gunicorn."""

from __future__ import annotations

import os

import click

from .common import store


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=3, show_default=True, type=int, help="gunicorn worker processes")
@click.option("--threads", default=1, show_default=True, type=int, help="threads per worker")
@click.pass_context
def command(ctx: click.Context, host: str, port: int, workers: int, threads: int) -> None:
    """Serve the public site, the workspace and the API (static files included)."""
    store(ctx)  # migrate and seed before the workers start
    from django.conf import settings
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from ..wsgi import application

    if settings.SECRET_KEY.startswith("shinchoku-development") and host not in (
        "127.0.0.1",
        "localhost",
        "::1",
    ):
        raise click.ClickException("公開するときは SECRET_KEY を環境変数で設定してください")
    connections.close_all()  # each worker opens its own connections after the fork

    class Server(BaseApplication):
        def load_config(self) -> None:
            self.cfg.set("bind", f"[{host}]:{port}" if ":" in host else f"{host}:{port}")
            self.cfg.set("workers", workers)
            # With --threads > 1, threaded workers keep connections alive; plain sync
            # workers (the default) gave the steadiest tail latency on two cores.
            if threads > 1:
                self.cfg.set("worker_class", "gthread")
                self.cfg.set("threads", threads)
            self.cfg.set("accesslog", os.environ.get("SHINCHOKU_ACCESS_LOG") or None)

        def load(self):
            return application

    click.echo(f"http://{host}:{port}/ で公開しています（Ctrl+C で停止）")
    Server().run()
