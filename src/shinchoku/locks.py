"""Row locks where two writers can meet: one helper, used by every service that decides
from a row's current state (a round item's state, a plan's version numbers, an application
under review).

On PostgreSQL the row is read ``SELECT … FOR UPDATE`` after ``SET LOCAL lock_timeout``, so a
second writer waits for the first to commit and then sees what it wrote; a writer stuck
behind another for longer than ``SHINCHOKU_DB_TIMEOUT`` seconds (the same setting as
SQLite's busy timeout) stops with ``RowBusy``, which the web answers with 503 and the CLI
with a clear message (``health.is_database_busy``). On SQLite every write transaction
already begins IMMEDIATE (one writer at a time), so the lock is a plain read there.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model, QuerySet
from django.db.utils import OperationalError

from .core.messages import tr

M = TypeVar("M", bound=Model)

LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE for a lock timeout


class RowBusy(OperationalError):
    """Another writer held the row past the lock timeout; nothing was changed."""


def lock_seconds() -> float:
    """How long a writer waits for a row another writer holds: the setting
    SHINCHOKU_DB_TIMEOUT (read and checked once, settings.py)."""
    return float(settings.SHINCHOKU_DB_TIMEOUT)


def locked(queryset: QuerySet[M], what: str) -> M:
    """The one row of ``queryset``, locked until the surrounding transaction ends.

    ``what`` names the row for the message when another writer holds it too long, in the
    language of the run (``tr``: 計画「…」 / the plan “…”). Must run inside
    ``transaction.atomic``.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("locked() needs a transaction (transaction.atomic)")
    if connection.vendor != "postgresql":
        return queryset.get()
    seconds = lock_seconds()
    ms = max(1, round(seconds * 1000))  # 0 would be no timeout at all on PostgreSQL
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{ms}"])
    try:
        return queryset.select_for_update().get()
    except OperationalError as err:
        if getattr(getattr(err, "__cause__", None), "sqlstate", None) != LOCK_NOT_AVAILABLE:
            raise
        raise RowBusy(busy_message(what, seconds)) from err


def busy_message(what: str, seconds: float) -> str:
    """What ``RowBusy`` says, in the language of the run; it keeps the words ``lock
    timeout`` that ``health.is_database_busy`` recognises."""
    return tr(
        "{what}は他の利用者が更新中です（{seconds}秒待ちました: lock timeout）。"
        "何も変更していません。しばらくしてからもう一度お試しください",
        what=what,
        seconds=f"{seconds:g}",
    )


def lock_row(row: M, what: str) -> M:
    """``row`` read again from the database and locked (see ``locked``)."""
    manager: Any = type(row)._default_manager
    return locked(manager.filter(pk=row.pk), what)
