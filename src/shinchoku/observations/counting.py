"""The revision that counts for each indicator and year, chosen in the database.

The rule is core's order (``core.evaluation._current_revisions``): dated above undated,
newer publication first, then the later record; withdrawn observations never count. It is
one query (``counting``): on PostgreSQL a window function::

    ROW_NUMBER() OVER (PARTITION BY indicator, year
                       ORDER BY published_on IS NULL, published_on DESC, id DESC) = 1

on SQLite the same rule as an anti-join, a revision for which no better one exists
(answered from the covering index ``observation_counting``, about twice as fast as
SQLite's window function); ``as_of`` keeps only revisions published on or before it (an
undated one cannot be shown to have been known).

What counts now is also kept at write time (``CountingRevision``, one row per indicator and
year): every writer rewrites its indicators' rows by the same query in its own transaction
(``refresh_counting``: ``services.record`` after its insert, the ORM's saves of an
observation or a withdrawal through signals), and the data migration 0008 fills it for an
existing store (with a frozen copy of this query: a change to the rule needs a migration of
its own to rewrite the rows). ``materialised`` reads those rows as one buffer per year.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from django.db import connection, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.utils import CursorWrapper
from django.db.models.signals import post_save

from ..plan import models as plan_models
from .models import CountingRevision, Observation, ObservationWithdrawal

# One counting revision as stored in CountingRevision.packed (little-endian, no padding).
RECORD = np.dtype(
    [("id", "<i8"), ("indicator", "<i8"), ("value", "<f8"), ("published", "<i4"), ("year", "<i2")]
)


@dataclass(frozen=True)
class Counting:
    """The counting revisions as arrays (one row per indicator and year)."""

    id: np.ndarray
    indicator_id: np.ndarray
    year: np.ndarray
    value: np.ndarray
    published: np.ndarray  # day ordinal, -1 undated


def _day_sql(column: str, vendor: str) -> str:
    """SQL for a date column as a day ordinal (``date.toordinal``), -1 where NULL: the
    database does the conversion, so no date object is made per row."""
    if vendor == "postgresql":
        return f"COALESCE({column} - DATE '0001-01-01' + 1, -1)"
    return f"COALESCE(CAST(ROUND(julianday({column}) - 1721424.5) AS INTEGER), -1)"


def _winners_sql(where: Sequence[str], as_of: bool, vendor: str) -> str:
    """SELECT id, indicator_id, year, value, day, plan_id of the counting revisions among the
    observations matching ``where`` (SQL on ``o``; its parameters first, then ``as_of``'s)."""
    obs = Observation._meta.db_table
    gone = ObservationWithdrawal._meta.db_table
    ind = plan_models.Indicator._meta.db_table
    columns = (
        "o.id, o.indicator_id, o.year, CAST(o.value AS DOUBLE PRECISION) AS value,"
        f" {_day_sql('o.published_on', vendor)} AS published, i.plan_id"
    )
    scope = (
        f" FROM {obs} o JOIN {ind} i ON i.id = o.indicator_id WHERE {' AND '.join(where)}"
        f" AND NOT EXISTS (SELECT 1 FROM {gone} w WHERE w.observation_id = o.id)"
    )
    if vendor == "sqlite":
        return f"SELECT {columns}{scope} AND NOT EXISTS ({_better_exists_sql(obs, gone, as_of)})"
    return (
        "SELECT id, indicator_id, year, value, published, plan_id FROM ("
        f" SELECT {columns}, ROW_NUMBER() OVER ("
        "  PARTITION BY o.indicator_id, o.year ORDER BY"
        "  CASE WHEN o.published_on IS NULL THEN 1 ELSE 0 END, o.published_on DESC, o.id DESC"
        f" ) AS rank{scope}"
        ") counted WHERE rank = 1"
    )


def counting(
    plan_id: int,
    year: int | None = None,
    as_of: datetime.date | None = None,
    indicator_ids: Sequence[int] | None = None,
) -> Counting:
    """The revision that counts for each (indicator, year) with year <= ``year``, as known
    on ``as_of``, without withdrawn ones: one query (the rule itself; ``materialised``
    reads the same rows kept at write time, for ``as_of`` None)."""
    where, params = ["i.plan_id = %s"], [plan_id]
    if year is not None:
        where.append("o.year <= %s")
        params.append(year)
    if as_of is not None:
        where.append("o.published_on IS NOT NULL AND o.published_on <= %s")
        params.append(as_of)
    if indicator_ids is not None:
        where.append(f"o.indicator_id IN ({', '.join(['%s'] * len(indicator_ids))})")
        params += list(indicator_ids)
    if connection.vendor == "sqlite" and as_of is not None:
        params.append(as_of)  # the better revision must have been known too
    with connection.cursor() as cursor:
        cursor.execute(_winners_sql(where, as_of is not None, connection.vendor), params)
        return _arrays(cursor.fetchall())


def _better_exists_sql(obs: str, gone: str, as_of: bool) -> str:
    """A revision of o's indicator and year that counts before o (core's order), among the
    ones known on ``as_of`` (its parameter last) and not withdrawn."""
    key = (
        "(CASE WHEN {t}.published_on IS NULL THEN 0 ELSE 1 END,"
        " COALESCE({t}.published_on, '0001-01-01'), {t}.id)"
    )
    known = " AND b.published_on IS NOT NULL AND b.published_on <= %s" if as_of else ""
    return (
        f"SELECT 1 FROM {obs} b WHERE b.indicator_id = o.indicator_id AND b.year = o.year"
        f" AND {key.format(t='b')} > {key.format(t='o')}{known}"
        f" AND NOT EXISTS (SELECT 1 FROM {gone} w2 WHERE w2.observation_id = b.id)"
    )


def _arrays(rows: Sequence[tuple]) -> Counting:
    """Counting rows (id, indicator_id, year, value, day, plan_id) as arrays."""
    # One C loop over the fetched numbers (ids and days are exact in a double).
    flat = np.fromiter(chain.from_iterable(rows), dtype=float, count=6 * len(rows))
    table = flat.reshape(len(rows), 6)
    whole = table[:, [0, 1, 2, 4]].astype(np.int64)
    return Counting(
        id=whole[:, 0].copy(),
        indicator_id=whole[:, 1].copy(),
        year=whole[:, 2].copy(),
        value=table[:, 3].copy(),
        published=whole[:, 3].copy(),
    )


def _records(found: Counting) -> np.ndarray:
    rec = np.empty(len(found.id), RECORD)
    rec["id"], rec["indicator"], rec["year"] = found.id, found.indicator_id, found.year
    rec["value"], rec["published"] = found.value, found.published
    return rec


def refresh_counting(
    indicators: str | None, params: Sequence, db: BaseDatabaseWrapper = connection
) -> int:
    """Rewrite the materialised counting revisions (``CountingRevision``) of the indicators
    whose ids the SQL ``indicators`` selects (with ``params``; None: every indicator), by
    the rule of ``counting``, in the caller's transaction. Every writer of observations
    calls it: ``services.record`` after its insert, and the ORM's saves of an observation
    or a withdrawal through ``watch_observation_rows``. Returns the rows written."""
    table = CountingRevision._meta.db_table
    ind = plan_models.Indicator._meta.db_table
    scope = f"o.indicator_id IN ({indicators})" if indicators else "1 = 1"
    with transaction.atomic(using=db.alias), db.cursor() as cursor:
        if db.vendor == "postgresql" and indicators:
            # Two writers of one indicator meet here in turn, and the second reads the
            # first's committed rows (READ COMMITTED: a new statement, a new snapshot).
            cursor.execute(
                f"SELECT id FROM {ind} WHERE id IN ({indicators}) ORDER BY id FOR UPDATE", params
            )
        cursor.execute(_winners_sql([scope], False, db.vendor), params)
        rows = cursor.fetchall()
        where = f" WHERE indicator_id IN ({indicators})" if indicators else ""
        cursor.execute(f"DELETE FROM {table}{where}", params)
        if not rows:
            return 0
        found = _arrays(rows)
        plans = [r[5] for r in rows]
        packed = _records(found).tobytes()
        size = RECORD.itemsize
        columns = ["observation_id", "plan_id", "indicator_id", "year", "value", "published"]
        insert_rows(
            cursor,
            table,
            [*columns, "packed"],
            [
                (*values, packed[n * size : (n + 1) * size])
                for n, values in enumerate(
                    zip(
                        found.id.tolist(),
                        plans,
                        found.indicator_id.tolist(),
                        found.year.tolist(),
                        found.value.tolist(),
                        found.published.tolist(),
                        strict=True,
                    )
                )
            ],
            db.vendor,
        )
    return len(rows)


def insert_rows(
    cursor: CursorWrapper, table: str, columns: Sequence[str], rows: Sequence[tuple], vendor: str
) -> None:
    """Insert many rows in one statement: PostgreSQL's ``COPY ... FROM STDIN`` (a pipeline
    of one INSERT per row cost ~0.15 ms a row on the server), else ``executemany``."""
    names = ", ".join(columns)
    if vendor == "postgresql":
        with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join(["%s"] * len(columns))
    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


def observation_written(sender: type, instance: Observation, created: bool, **_: object) -> None:
    """Signal receiver: an observation saved through the ORM (one row) counts at once."""
    if created:
        refresh_counting("%s", [instance.indicator_id])


def withdrawal_written(
    sender: type, instance: ObservationWithdrawal, created: bool, **_: object
) -> None:
    """Signal receiver: a withdrawal saved; the revision before it counts again."""
    if created:
        obs = Observation._meta.db_table
        refresh_counting(f"SELECT indicator_id FROM {obs} WHERE id = %s", [instance.observation_id])


def watch_observation_rows() -> None:
    """Keep the counting revisions on every ORM save of an observation or a withdrawal
    (``services.record`` inserts with one ``executemany`` and refreshes itself)."""
    post_save.connect(observation_written, sender=Observation, dispatch_uid="counting-o")
    post_save.connect(withdrawal_written, sender=ObservationWithdrawal, dispatch_uid="counting-w")


def materialised(plan_id: int, year: int | None = None) -> Counting:
    """The counting revisions of the plan now (years <= ``year``), from the rows kept at
    write time: the database concatenates their ``packed`` records, one value per year
    (SQLite's ``group_concat`` keeps a blob's bytes; PostgreSQL's ``string_agg`` of
    bytea, read in binary), numpy reads the buffer. No Python object per row: a row each
    (or a COPY message each) cost ~0.5 µs on SQLite and ~10 µs on PostgreSQL."""
    table = CountingRevision._meta.db_table
    where = f"plan_id = {int(plan_id)}" + (f" AND year <= {int(year)}" if year is not None else "")
    if connection.vendor == "postgresql":
        joined = "string_agg(packed, ''::bytea)"
    else:
        joined = "CAST(group_concat(packed, x'') AS BLOB)"
    sql = f"SELECT COUNT(*), {joined} FROM {table} WHERE {where} GROUP BY year"
    if connection.vendor == "postgresql":
        # Django's cursors bind on the client, which has no binary results; bytea as text
        # would be hex, twice the bytes to send and decode.
        import psycopg

        with psycopg.Cursor(connection.connection) as raw:
            years = raw.execute(sql, binary=True).fetchall()
    else:
        with connection.cursor() as cursor:
            years = cursor.execute(sql).fetchall()
    data = b"".join(bytes(blob) for _, blob in years)
    if len(data) != sum(n for n, _ in years) * RECORD.itemsize:  # never seen: row by row
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT packed FROM {table} WHERE {where}")
            data = b"".join(bytes(blob) for (blob,) in cursor.fetchall())
    rec = np.frombuffer(data, RECORD)
    return Counting(
        id=rec["id"].astype(np.int64),
        indicator_id=rec["indicator"].astype(np.int64),
        year=rec["year"].astype(np.int64),
        value=rec["value"].astype(float),
        published=rec["published"].astype(np.int64),
    )
