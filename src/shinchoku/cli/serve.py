"""``shinchoku serve``: the web application under gunicorn."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from wsgiref.util import setup_testing_defaults

import click

from ..core.messages import tr
from .common import store
from .errors import UserError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def share_cache() -> None:
    """One file cache for every worker (``./cache`` unless SHINCHOKU_CACHE_DIR names one):
    a page or report is then built once for all of them, and when the public data changes
    one worker rebuilds a page while the others serve its previous copy (``pagecache``)."""
    from django.conf import settings

    if settings.configured:  # already set up in this process (a test): leave it as it is
        return
    if not (os.environ.get("SHINCHOKU_CACHE_DIR") or os.environ.get("CACHE_DIR")):
        os.environ["SHINCHOKU_CACHE_DIR"] = str(Path.cwd() / "cache")


def warm() -> None:
    """Answer one request for the home page before the workers are forked.

    Every worker then inherits what that request loaded: the URL configuration and the
    views it imports, the compiled templates, the default plan's tables and evaluation (over
    a second at 12,750 indicators). Without it each worker's first visitor waited for all
    of that, and a rebuild after an import was long wherever it was a worker's first.
    """
    from django.conf import settings

    from ..wsgi import application

    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if "*" not in h]
    environ = {"HTTP_HOST": hosts[0] if hosts else "127.0.0.1", "wsgi.errors": sys.stderr}
    setup_testing_defaults(environ)
    body = application(environ, lambda status, headers, exc_info=None: None)
    try:
        b"".join(body)
    finally:
        body.close()


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=3, show_default=True, type=int, help="gunicorn worker processes")
@click.option("--threads", default=1, show_default=True, type=int, help="threads per worker")
@click.option(
    "--insecure-dev",
    is_flag=True,
    help="Development only: serve on a loopback address without a real SECRET_KEY.",
)
@click.pass_context
def command(
    ctx: click.Context, host: str, port: int, workers: int, threads: int, insecure_dev: bool
) -> None:
    """Serve the public site, the workspace and the API (static files included)."""
    from ..health import secret_key_problem
    from .store import setup_django

    share_cache()
    setup_django(ctx.find_root().params.get("database"))
    from django.conf import settings

    problem = secret_key_problem(settings.SECRET_KEY)
    if problem and not (insecure_dev and host in LOOPBACK):
        hint = (
            tr("開発用に手元だけで動かすときは --insecure-dev を付けてください（127.0.0.1 のみ）")
            if host in LOOPBACK
            else tr("公開するときは --insecure-dev は使えません")
        )
        raise UserError(
            tr(
                "{problem}。SHINCHOKU_SECRET_KEY に50文字以上のランダムな文字列を設定してください"
                "（例: python -c 'import secrets; print(secrets.token_urlsafe(50))'）。{hint}",
                problem=problem,
                hint=hint,
            )
        )
    if problem:
        click.echo(tr("注意: {problem}（--insecure-dev: 開発用）", problem=problem), err=True)
    store(ctx)  # migrate and seed before the workers start
    warm()
    from django.db import connections
    from gunicorn.app.base import BaseApplication

    from ..wsgi import application

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

    click.echo(tr("{url} で公開しています（Ctrl+C で停止）", url=f"http://{host}:{port}/"))
    Server().run()
