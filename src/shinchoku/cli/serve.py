"""``shinchoku serve``: the web application under gunicorn."""

from __future__ import annotations

import os
import sys
from wsgiref.util import setup_testing_defaults

import click

from ..core.messages import tr
from .common import store
from .errors import UserError

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def usable_cache() -> None:
    """Refuse to start on a cache folder that cannot be written (every page would fail)."""
    from django.conf import settings

    from ..health import cache_finding

    found = cache_finding()
    if not found.ok:
        raise UserError(
            tr(
                "キャッシュを使えません（{detail}）。SHINCHOKU_CACHE_DIR に書き込めるフォルダを"
                "指定してください（既定: 作業フォルダの cache）: {where}",
                detail=found.detail,
                where=settings.CACHES["default"].get("LOCATION", ""),
            )
        )


def warm() -> None:
    """Empty the shared cache, then answer one request for the home page before the workers
    are forked.

    Emptied: a database restored from a backup repeats the data versions the cache keys
    name. Warmed: every worker inherits what the request loaded (the URL configuration and
    views, the compiled templates, the default plan's tables and evaluation: over a second
    at 12,750 indicators), so no visitor waits for a worker's first build.
    """
    from django.conf import settings
    from django.core.cache import cache

    from ..wsgi import application

    cache.clear()
    hosts = [h.lstrip(".") for h in settings.ALLOWED_HOSTS if "*" not in h]
    environ = {"HTTP_HOST": hosts[0] if hosts else "127.0.0.1", "wsgi.errors": sys.stderr}
    if settings.SECURE:  # behind the HTTPS proxy, as every real request is
        environ |= {"wsgi.url_scheme": "https", "HTTP_X_FORWARDED_PROTO": "https"}
    setup_testing_defaults(environ)
    answer: list[str] = []
    body = application(environ, lambda status, headers, exc_info=None: answer.append(status))
    try:
        b"".join(body)
    finally:
        body.close()
    status = answer[0] if answer else "—"
    if not status.startswith("200"):
        click.echo(tr("注意: 起動前のトップページの確認が {s} でした", s=status), err=True)


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
    from .store import setup_django, share_cache

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
    usable_cache()
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
