"""Evaluation straight from the store, at any size.

The counting revision of each (indicator, year) is chosen in the database
(``observations.counting``: the rule's query, and the rows kept at write time that evaluating
"now" reads as one buffer per year; a past ``as_of`` runs the rule's query). Only the
needed numbers are read, into numpy arrays, and handed to ``core.evaluation.evaluate_table``.

The plan's core value and its SeriesTable are built once per plan version (a load, a
revision, a withdrawal of a version, or any save of a plan row: ``watch_plan_rows``) and
kept in the process. The evaluated table is kept in Django's cache per data version
(shared by every worker when a shared cache is configured). A page then reads one table,
fetches the latest observation of the indicators it shows, and does no work proportional
to the stored history.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from threading import Lock

import numpy as np
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from ..core import model as core
from ..core.evaluation import (
    EvaluationTable,
    IndicatorEvaluation,
    ObservationTable,
    SeriesTable,
    evaluate_table,
    result_at,
    series_table,
)
from ..plan import models as plan_models
from ..plan import services as plan_services
from ..plan.revisions import plan_for_year
from ..versions import cached
from .counting import counting, materialised
from .models import Observation

_CHUNK = 900  # ids per IN (...) list: below SQLite's oldest limit of 999 variables
_PLANS: dict[tuple, PlanTables] = {}
_KEEP = 8  # plan versions kept per process
_LOCK = Lock()
_TOKEN = "store-plan-token"


@dataclass(frozen=True)
class PlanTables:
    """A plan version as core values and as the arrays evaluation reads."""

    plan: core.Plan
    series: SeriesTable
    position: dict[str, int]  # indicator code -> series row
    series_of_id: np.ndarray  # indicator db id -> series row (-1: not in this version)


def _token() -> str:
    """A token renewed whenever a plan row is saved or deleted, shared through the cache
    (a token lost from the cache is renewed too, so a stale plan is never read)."""
    found = cache.get(_TOKEN)
    if found is None:
        cache.add(_TOKEN, uuid.uuid4().hex, None)
        found = cache.get(_TOKEN) or ""
    return found


def plan_changed(**_: object) -> None:
    """Signal receiver: a plan row changed (admin, a revision), so built plans are stale."""
    cache.set(_TOKEN, uuid.uuid4().hex, None)


def watch_plan_rows() -> None:
    """Renew the token on every save or delete of the rows ``to_core`` reads."""
    for model in (
        plan_models.Plan,
        plan_models.Organisation,
        plan_models.Policy,
        plan_models.Measure,
        plan_models.Project,
        plan_models.Indicator,
        plan_models.Target,
    ):
        post_save.connect(plan_changed, sender=model, dispatch_uid=f"store-{model.__name__}")
        post_delete.connect(plan_changed, sender=model, dispatch_uid=f"store-d-{model.__name__}")


def plan_stamp(row: plan_models.Plan) -> tuple[int | str, ...]:
    """Changes whenever the stored plan or the versions in force change (one query and one
    cache read)."""
    versions = plan_models.PlanVersion._meta.db_table
    withdrawals = plan_models.PlanVersionWithdrawal._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT (SELECT MAX(id) FROM {versions} WHERE plan_id = %s), "
            f"(SELECT MAX(id) FROM {withdrawals})",
            [row.pk],
        )
        found = cursor.fetchone()
    return row.pk, found[0] or 0, found[1] or 0, _token()


def _remember(key: tuple, build) -> PlanTables:
    with _LOCK:
        hit = _PLANS.get(key)
    if hit is None:
        hit = build()
        with _LOCK:
            while len(_PLANS) >= _KEEP:
                _PLANS.pop(next(iter(_PLANS)))
            _PLANS[key] = hit
    return hit


def _tables(row: plan_models.Plan, plan: core.Plan) -> PlanTables:
    ids = dict(row.indicators.values_list("code", "id"))
    position = {ind.code: n for n, ind in enumerate(plan.indicators)}
    series_of_id = np.full(max(ids.values(), default=0) + 1, -1, dtype=np.int64)
    for code, n in position.items():
        if code in ids:
            series_of_id[ids[code]] = n
    return PlanTables(plan, series_table(plan.indicators), position, series_of_id)


def current_tables(row: plan_models.Plan) -> PlanTables:
    """The stored plan (the newest version in force), built once per plan version."""
    return _remember((plan_stamp(row), None), lambda: _tables(row, plan_services.to_core(row)))


def plan_core(row: plan_models.Plan) -> core.Plan:
    """``plan.services.to_core`` once per plan version (imports check every row against it)."""
    return current_tables(row).plan


def tables_for_year(row: plan_models.Plan, year: int | None) -> PlanTables:
    """The plan in force in ``year`` (``plan.revisions.plan_for_year``), built once."""
    return _remember((plan_stamp(row), year), lambda: _tables(row, plan_for_year(row, year)))


@dataclass(frozen=True)
class Evaluated:
    """What is cached per data version: core's table and the id of each latest actual."""

    table: EvaluationTable
    latest_id: np.ndarray  # per series: the latest actual's observation id, -1 none


def evaluate_arrays(
    tables: PlanTables, plan_id: int, year: int, as_of: datetime.date | None = None
) -> Evaluated:
    """Evaluate every indicator of ``tables`` for ``year`` from the store."""
    found = counting(plan_id, year, as_of) if as_of is not None else materialised(plan_id, year)
    inside = found.indicator_id < len(tables.series_of_id)
    series = np.full(len(found.id), -1, dtype=np.int64)
    series[inside] = tables.series_of_id[found.indicator_id[inside]]
    mine = series >= 0
    obs = ObservationTable(
        series=series[mine],
        year=found.year[mine],
        value=found.value[mine],
        published=found.published[mine],
        seq=found.id[mine],
    )
    as_day = as_of.toordinal() if as_of else None
    table = evaluate_table(tables.series, obs, year, as_day, tables.plan.thresholds)
    latest = np.full(len(tables.series), -1, dtype=np.int64)
    has = table.latest_index >= 0
    latest[has] = obs.seq[table.latest_index[has]]
    return Evaluated(table, latest)


def to_core(row: Observation) -> core.Observation:
    """A stored observation as the core value every evaluation reads."""
    return _core(
        row.indicator.code,
        row.year,
        row.value,
        row.decimals,
        row.source,
        row.published_on,
        row.edition,
        row.note,
        row.id,
        row.source_value,
        row.source_unit,
        row.conversion,
        row.source_ref,
    )


# The columns ``_core`` reads, for ``values_list``: no model object per row.
CORE_COLUMNS = (
    "indicator__code",
    "year",
    "value",
    "decimals",
    "source",
    "published_on",
    "edition",
    "note",
    "id",
    "source_value",
    "source_unit",
    "conversion",
    "source_ref",
)


def _core(
    code: str,
    year: int,
    value: Decimal,
    decimals: int,
    source: str,
    published_on: datetime.date | None,
    edition: str,
    note: str,
    seq: int,
    source_value: Decimal | None,
    source_unit: str,
    conversion: str,
    source_ref: str,
) -> core.Observation:
    return core.Observation(
        indicator=code,
        year=year,
        value=plan_services.restore(value, decimals),
        source=source,
        published_on=published_on,
        edition=edition,
        note=note,
        seq=seq,
        source_value=_plain(source_value),
        source_unit=source_unit,
        conversion=conversion,
        source_ref=source_ref,
    )


def core_values(rows: QuerySet) -> list[core.Observation]:
    """Observation rows as core values read through ``values_list`` (an import reads its
    indicators' whole history: model objects with their run cost ~0.2 ms a row)."""
    return [_core(*r) for r in rows.values_list(*CORE_COLUMNS)]


def _plain(value: Decimal | None) -> Decimal | None:
    """A stored published value without the store's trailing zeros (909533, not 909533.000000)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def _core_rows(ids: Sequence[int]) -> dict[int, core.Observation]:
    """The observations with these ids as core values, in chunks."""
    found: dict[int, core.Observation] = {}
    ids = list(ids)
    for start in range(0, len(ids), _CHUNK):
        part = Observation.objects.filter(pk__in=ids[start : start + _CHUNK])
        found.update({r.pk: to_core(r) for r in part.select_related("indicator")})
    return found


@dataclass(frozen=True)
class StoreEvaluation:
    """A plan year evaluated from the store; results are read per indicator or whole."""

    tables: PlanTables
    evaluated: Evaluated
    year: int
    as_of: datetime.date | None

    def _result(self, n: int, latest: core.Observation | None) -> IndicatorEvaluation:
        ind = self.tables.plan.indicators[n]
        return result_at(ind, self.evaluated.table, n, self.year, self.as_of, latest)

    def result(self, code: str) -> IndicatorEvaluation | None:
        """One indicator's evaluation (one query for its latest actual)."""
        n = self.tables.position.get(code)
        if n is None:
            return None
        return self.results_for([n])[0]

    def results_for(self, rows: Sequence[int]) -> tuple[IndicatorEvaluation, ...]:
        """The evaluations of the series ``rows`` (one query per 900 latest actuals)."""
        ids = [int(self.evaluated.latest_id[n]) for n in rows]
        latest = _core_rows([i for i in ids if i >= 0])
        return tuple(self._result(n, latest.get(i)) for n, i in zip(rows, ids, strict=True))

    @cached_property
    def results(self) -> tuple[IndicatorEvaluation, ...]:
        """Every indicator's evaluation, in plan order."""
        return self.results_for(range(len(self.tables.plan.indicators)))


def evaluation(
    row: plan_models.Plan, year: int, as_of: datetime.date | None = None
) -> StoreEvaluation:
    """The plan in force in ``year`` evaluated from the store, cached per data version."""
    tables = tables_for_year(row, year)
    stamp = "-".join(map(str, plan_stamp(row)))
    evaluated = cached(
        f"store-evaluation:{stamp}:{year}:{as_of}",
        lambda: evaluate_arrays(tables, row.pk, year, as_of),
    )
    return StoreEvaluation(tables, evaluated, year, as_of)
