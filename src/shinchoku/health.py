"""Is the installation fit to serve: database, migrations, cache, secret key; a busy database.

One place for these rules: ``shinchoku check``, ``shinchoku serve``, the ``/healthz``
endpoint and the busy-database answer of the web and the CLI all ask here, and settings.py
reads its waiting time through ``wait_seconds``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from .core.messages import quoted, tr

DEVELOPMENT_SECRET_KEY = "shinchoku-development-only-not-secret"

BUSY_MESSAGE = (
    "データベースが他の処理（取込みなど）で使用中です。しばらく待ってからもう一度お試しください。"
)
BUSY_MESSAGE_EN = "The database is busy with another task (such as an import). Try again shortly."


BUSY_SIGNS = ("database is locked", "database table is locked", "lock timeout")


def secret_key_problem(key: str) -> str | None:
    """Why ``key`` is unfit for a served site (None when it is fine): Django's own rule."""
    if not key or key == DEVELOPMENT_SECRET_KEY:
        return tr("SECRET_KEY が設定されていません（開発用の既定値のままです）")
    if key.startswith("django-insecure") or len(key) < 50 or len(set(key)) < 5:
        return tr(
            "SECRET_KEY が短すぎるか単純すぎます（50文字以上のランダムな文字列にしてください）"
        )
    return None


class SettingError(ImproperlyConfigured):
    """An environment variable holds a value that cannot be used: the operator's to fix (the
    CLI prints the message as one line, cli/errors.py)."""


def wait_seconds(name: str, value: str) -> float:
    """``value`` of the environment variable ``name`` as seconds to wait: a positive number
    (5, 0.5); anything else is refused with ``SettingError`` naming the variable and what to
    write (0 would mean "fail at once" on SQLite but "wait for ever" on PostgreSQL)."""
    try:
        seconds = float(value)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and seconds > 0):
        raise SettingError(
            tr(
                "環境変数 {name} の値{value}は使えません: 待つ秒数を0より大きい数で書いて"
                "ください（例: {name}=5）",
                name=name,
                value=quoted(value),
            )
        )
    return seconds


def is_database_busy(error: BaseException) -> bool:
    """Whether ``error`` says the database is locked by another writer (SQLite's busy
    timeout ran out, or PostgreSQL's lock timeout), as opposed to any other failure."""
    from django.db.utils import OperationalError

    if not isinstance(error, OperationalError) and type(error).__name__ != "OperationalError":
        return False
    text = str(error).lower()
    return any(s in text for s in BUSY_SIGNS)


@dataclass(frozen=True)
class Finding:
    """One line of ``shinchoku check``: what was checked, whether it is fine, what was seen."""

    name: str
    ok: bool
    detail: str


def database_finding() -> Finding:
    """The database answers a query; for SQLite, its journal mode too."""
    from django.db import connection

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            detail = connection.vendor
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA journal_mode")
                detail += f" (journal_mode={cursor.fetchone()[0]})"
    except Exception as err:  # any driver error means: not reachable
        return Finding("database", False, tr("接続できません: {err}", err=err))
    return Finding("database", True, detail)


def pending_migrations() -> list[str]:
    """Migrations not yet applied, as ``app.name``."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{m.app_label}.{m.name}" for m, _ in plan]


def migrations_finding() -> Finding:
    try:
        pending = pending_migrations()
    except Exception as err:
        return Finding("migrations", False, tr("確認できません: {err}", err=err))
    if pending:
        shown = ", ".join(pending[:5])
        return Finding(
            "migrations", False, tr("未適用 {n}件: {names}", n=len(pending), names=shown)
        )
    return Finding("migrations", True, tr("すべて適用済み"))


def cache_finding() -> Finding:
    """The cache stores and returns a value."""
    import uuid

    from django.conf import settings
    from django.core.cache import cache

    config = settings.CACHES["default"]
    backend = config["BACKEND"].rsplit(".", 1)[-1]
    if config.get("LOCATION"):  # a folder (or server) a deployment must be able to write
        backend += f" {config['LOCATION']}"
    key, value = f"check:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, 30)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception as err:
        return Finding("cache", False, f"{backend}: {err}")
    return Finding(
        "cache", ok, backend if ok else tr("{backend}: 書いた値が読めません", backend=backend)
    )


def secret_key_finding() -> Finding:
    from django.conf import settings

    problem = secret_key_problem(settings.SECRET_KEY)
    return Finding("secret_key", problem is None, problem or tr("設定済み"))


def findings() -> list[Finding]:
    """Everything ``shinchoku check`` reports, in order."""
    return [database_finding(), migrations_finding(), cache_finding(), secret_key_finding()]


def health() -> tuple[bool, dict[str, Any]]:
    """What ``/healthz`` answers: cheap enough for a load balancer to ask every few seconds."""
    db = database_finding()
    return db.ok, {"status": "ok" if db.ok else "error", "database": "ok" if db.ok else "error"}
