"""Evaluation straight from the store: the window-function selection is core's rule, and a
page or an API call costs the same number of queries however much history is stored."""

from __future__ import annotations

import datetime
import importlib
import os
import random
import threading
import time
from decimal import Decimal
from types import SimpleNamespace

import numpy as np
import pytest
from django.apps import apps as django_apps
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.core import model as core
from shinchoku.core.evaluation import evaluate, winning_revisions
from shinchoku.observations import services, store
from shinchoku.observations.counting import RECORD, Counting, refresh_counting
from shinchoku.observations.models import CountingRevision, ImportRun, Observation
from shinchoku.plan.revisions import plan_for_year


def _random_revisions(plan, n: int, seed: int) -> None:
    """``n`` values for stored indicators, in a stored year or up to four years later (so
    most are revisions): values within ±20 %, publication dates random or missing (so ties
    and undated rows occur), recorded as one import."""
    rng = random.Random(seed)
    base = [r.observation for r in services.revisions(plan)]
    days = [datetime.date(2016, 1, 1) + datetime.timedelta(days=d) for d in range(0, 3000, 97)]
    rows = []
    for k in range(n):
        o = base[rng.randrange(len(base))]
        value = (o.value * Decimal(rng.randint(80, 120)) / 100).quantize(Decimal(1))
        rows.append(
            core.Observation(
                indicator=o.indicator,
                year=min(o.year + rng.choice([0, 0, 1, 2, 3, 4]), 2025),
                value=value,
                source=f"乱数 {k}",
                published_on=None if rng.random() < 0.25 else rng.choice(days),
                note=f"test {k}",
            )
        )
    services.record(plan, rows, "csv", f"random-{seed}.csv", confirm=True, actor=SYSTEM)


def _withdraw_some(plan, share: float, seed: int) -> None:
    rng = random.Random(seed)
    for r in services.revisions(plan):
        if rng.random() < share:
            services.withdraw(plan, r.observation.seq, "テストの取り下げ", actor=SYSTEM)


def _core_winners(plan, year: int | None, as_of: datetime.date | None) -> set[int]:
    """The ids core's ``winning_revisions`` picks among the revisions evaluation may use."""
    known = [
        r.observation
        for r in services.revisions(plan)
        if (year is None or r.observation.year <= year)
        and (
            as_of is None
            or (r.observation.published_on is not None and r.observation.published_on <= as_of)
        )
    ]
    return {known[i].seq for i in winning_revisions(known)}


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_window_selection_equals_core_on_history_and_random_revisions(plan, seed):
    assert set(store.counting(plan.pk).id.tolist()) == _core_winners(plan, None, None)
    _random_revisions(plan, 300, seed)
    _withdraw_some(plan, 0.1, seed)
    found = 0
    for year in (None, 2019, 2022, 2024):
        for as_of in (None, datetime.date(2018, 6, 1), datetime.date(2021, 3, 31)):
            ids = store.counting(plan.pk, year, as_of).id.tolist()
            assert len(ids) == len(set(ids))
            assert set(ids) == _core_winners(plan, year, as_of), (year, as_of)
            found += len(ids)
    assert found > 50  # the comparison saw real selections, not empty ones
    # Values and publication days come back as numbers, exactly as core reads them.
    every = {r.observation.seq: r.observation for r in services.revisions(plan)}
    rows = store.counting(plan.pk)
    for i, value, day in zip(rows.id, rows.value, rows.published, strict=True):
        o = every[int(i)]
        assert value == float(o.value)
        assert day == (o.published_on.toordinal() if o.published_on else -1)
    assert (rows.published > 0).any()


def _rows(found: Counting) -> set[tuple]:
    return set(
        zip(
            found.id.tolist(),
            found.indicator_id.tolist(),
            found.year.tolist(),
            found.value.tolist(),
            found.published.tolist(),
            strict=True,
        )
    )


def _same_as_the_rule(plan) -> int:
    """The rows kept at write time equal the rule's query and core's winners, for every
    year bound; each row's packed record equals its columns. Returns the rows compared."""
    for year in (None, 2019, 2024):
        kept = store.materialised(plan.pk, year)
        assert _rows(kept) == _rows(store.counting(plan.pk, year)), year
        assert set(kept.id.tolist()) == _core_winners(plan, year, None), year
    rows = list(
        CountingRevision.objects.filter(plan=plan).values_list(
            "observation_id", "indicator_id", "year", "value", "published", "packed"
        )
    )
    for *columns, packed in rows:
        rec = np.frombuffer(bytes(packed), RECORD)[0]
        assert columns == [
            int(rec["id"]),
            int(rec["indicator"]),
            int(rec["year"]),
            float(rec["value"]),
            int(rec["published"]),
        ]
    return len(rows)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_counting_kept_at_write_time_equals_the_rule_after_every_write(plan, seed):
    assert _same_as_the_rule(plan) >= 8  # the built-in history
    rng = random.Random(seed)
    for step in range(4):
        _random_revisions(plan, 60, seed * 10 + step)  # revisions, ties, undated rows
        _same_as_the_rule(plan)
        winners = store.materialised(plan.pk)
        for n in rng.sample(range(len(winners.id)), 5):  # a counting one: the one before counts
            services.withdraw(plan, int(winners.id[n]), "テストの取り下げ", actor=SYSTEM)
        _withdraw_some(plan, 0.03, seed + step)  # and any other revision
        _same_as_the_rule(plan)
    # A row written through the ORM (not services.record) is kept too.
    ind = plan.indicators.get(code=store.plan_core(plan).indicators[0].code)
    row = Observation.objects.create(
        indicator=ind,
        year=2020,
        value=Decimal(7),
        source="ORM",
        published_on=datetime.date(2029, 1, 1),  # the newest publication: it counts
        run=ImportRun.objects.create(),
    )
    assert row.pk in store.materialised(plan.pk).id.tolist()
    kept = _same_as_the_rule(plan)
    # Rebuilt from nothing by the data migration's frozen copy of the rule: the same rows
    # (on either database; test_counting_migration.py runs the migration itself on SQLite).
    before = _rows(store.materialised(plan.pk))
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {CountingRevision._meta.db_table}")
    assert _rows(store.materialised(plan.pk)) == set()
    migration = importlib.import_module("shinchoku.observations.migrations.0008_counting_revisions")
    migration.fill(django_apps, SimpleNamespace(connection=connection))
    assert _rows(store.materialised(plan.pk)) == before
    assert CountingRevision.objects.count() == kept
    assert refresh_counting(None, []) == kept  # and again: rewritten, not doubled
    assert _rows(store.materialised(plan.pk)) == before


def test_withdrawn_revision_never_counts_and_the_one_before_counts_again(plan):
    _random_revisions(plan, 40, 7)
    winners = store.counting(plan.pk)
    gone = int(winners.id[0])
    services.withdraw(plan, gone, "テストの取り下げ", actor=SYSTEM)
    after = store.counting(plan.pk)
    assert gone not in after.id.tolist()
    key = (int(winners.indicator_id[0]), int(winners.year[0]))
    assert key in set(zip(after.indicator_id.tolist(), after.year.tolist(), strict=True))


@pytest.mark.parametrize("as_of", [None, datetime.date(2022, 9, 1)])
def test_store_evaluation_equals_core_evaluation(plan, as_of):
    _random_revisions(plan, 200, 11)
    year = 2024
    plan_core = plan_for_year(plan, year)
    values = [r.observation for r in services.revisions(plan)]
    expected = evaluate(plan_core.indicators, values, year, as_of, plan_core.thresholds)
    got = services.evaluate_year(plan, year, as_of)
    assert got == expected
    assert sum(e.latest is not None for e in got) >= 2
    assert any(e.projection is not None for e in got)


def _queries(run) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as found:
        run()
    return len(found.captured_queries)


def _many(plan, n: int) -> None:
    """``n`` more revisions stored (years before the plan, so they are public by rule)."""
    _random_revisions(plan, n, 5)
    assert services.stored(plan).__len__() > n


def test_pages_and_api_cost_the_same_queries_with_10_or_2000_more_values(
    plan, client, client_as, publish, django_assert_max_num_queries
):
    publish(2023)
    code = plan_for_year(plan, 2023).indicators[0].code
    staff = client_as("secretariat")

    def indicator_page():
        assert client.get(f"/indicators/{code}/").status_code == 200

    def api():
        assert client.get("/api/evaluation?year=2023").status_code == 200

    def workspace_page():
        assert staff.get(f"/workspace/indicators/{code}/").status_code == 200

    _random_revisions(plan, 10, 3)
    small = [_queries(f) for f in (indicator_page, api, workspace_page)]
    _many(plan, 2000)
    for f, count in zip((indicator_page, api, workspace_page), small, strict=True):
        cache.clear()
        with django_assert_max_num_queries(count):
            f()
    assert (
        max(small) < 70
    )  # the public fingerprint (with the organisations), computed once per data version, included


def test_api_post_costs_the_same_queries_with_10_or_2000_more_values(plan, client_as):
    staff = client_as("secretariat")
    code = plan_for_year(plan, 2023).indicators[0].code

    def post(value: str):
        def run():
            body = {
                "indicator": code,
                "year": "2023",
                "value": value,
                "source": "テスト",
                "note": "テスト",
                "confirm": True,
            }
            answer = staff.post("/api/observations", body, content_type="application/json")
            assert answer.status_code == 201, answer.content

        return run

    _random_revisions(plan, 10, 4)
    small = _queries(post("1001"))
    _many(plan, 2000)
    assert _queries(post("1002")) <= small


@pytest.mark.skipif(
    not os.environ.get("SHINCHOKU_DATABASE_URL", "").startswith("postgres"),
    reason="SQLite lets one writer in at a time by itself (and cannot flush append-only tables)",
)
def test_two_writers_of_one_indicator_meet_in_turn_on_postgresql(transactional_db, plan):
    """The second writer waits for the first's lock on the indicator, then rewrites the
    counting revision from both rows (without the lock: a unique violation, or its own
    older value kept)."""
    code = store.plan_core(plan).indicators[0].code
    base = next(r.observation for r in services.revisions(plan) if r.observation.indicator == code)

    def value(day: datetime.date, note: str) -> core.Observation:
        return core.Observation(
            indicator=code,
            year=base.year,
            value=base.value,
            source="並行",
            published_on=day,
            note=note,
        )

    holding, release, errors = threading.Event(), threading.Event(), []

    def first() -> None:
        try:
            with transaction.atomic():
                newer = value(datetime.date(2030, 1, 1), "A")
                services.record(plan, [newer], "csv", "a.csv", confirm=True, actor=SYSTEM)
                holding.set()
                release.wait(20)
        except Exception as err:  # reported below
            errors.append(err)
        finally:
            connection.close()

    def second() -> None:
        try:
            holding.wait(20)
            older = value(datetime.date(2029, 1, 1), "B")  # recorded later, published earlier
            services.record(plan, [older], "csv", "b.csv", confirm=True, actor=SYSTEM)
        except Exception as err:
            errors.append(err)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for t in threads:
        t.start()
    holding.wait(20)
    time.sleep(1.0)  # the second writer is now waiting for the indicator's lock
    assert threads[1].is_alive()
    release.set()
    for t in threads:
        t.join(30)
    assert errors == []
    winners = {
        (r.observation.year, r.observation.note)
        for r in services.revisions(plan)
        if r.current and r.observation.indicator == code
    }
    assert (base.year, "A") in winners
    _same_as_the_rule(plan)
