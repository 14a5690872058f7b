"""Stored observations: append-only history, revisions, evaluation from the store."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.ingest.errors import InputError
from shinchoku.observations import services
from shinchoku.observations.models import AppendOnlyError, ImportRun, Observation
from shinchoku.plan.services import PlanError, load_builtin, to_core


def fields(**kw: str) -> dict[str, str]:
    base = {"indicator": "総生産額", "year": "令和4年度", "value": "9,300", "source": "県経済計算"}
    return base | kw


def test_builtin_plan_round_trips_through_the_store(plan):
    from shinchoku.ingest.plan_file import read_plan_text
    from shinchoku.plan.builtin import plan_text

    stored = to_core(plan)
    assert stored.indicators == read_plan_text(plan_text()).indicators
    assert [p.measures for p in stored.projects] == [
        p.measures for p in read_plan_text(plan_text()).projects
    ]
    assert str(stored.indicators[0].targets[0].value) == "9186"


def test_loading_the_same_plan_twice_is_refused(plan):
    with pytest.raises(PlanError, match="すでに登録"):
        load_builtin()


def test_history_is_loaded_with_its_sources(plan):
    rows = Observation.objects.filter(indicator__plan=plan)
    assert rows.count() == 8
    gp = rows.get(indicator__code="gross-product", year=2019)
    assert gp.value == Decimal("9095") and gp.published_on == datetime.date(2022, 8, 19)
    assert "909533百万円" in gp.source and gp.run.kind == "builtin"


def test_a_revision_appends_and_the_newer_publication_counts(plan):
    services.add(plan, fields(published_on="2024-08-01"), actor=SYSTEM)
    services.add(
        plan,
        fields(value="9312", published_on="2025-08-01", edition="令和4年度版", note="確報で改訂"),
        actor=SYSTEM,
    )
    revs = [r for r in services.revisions(plan) if r.observation.year == 2022]
    assert [(r.observation.value, r.current) for r in revs] == [
        (Decimal("9300"), False),
        (Decimal("9312"), True),
    ]
    (gp, *_) = services.evaluate_year(plan, 2023)
    assert gp.latest.value == Decimal("9312")
    # path(2022) = 9095 + (9186 - 9095) × 3/4 = 9163.25; 令和4年度 is before the first
    # target (令和5年度), so the line is shown but not rated.
    assert gp.expected == pytest.approx(9163.25)
    assert (gp.progress, gp.rating, gp.unrated) == (None, None, "before_first_target")
    (gp_then, *_) = services.evaluate_year(plan, 2023, datetime.date(2024, 12, 31))
    assert gp_then.latest.value == Decimal("9300")


def test_a_typed_correction_needs_a_reason(plan):
    services.add(plan, fields(), actor=SYSTEM)
    with pytest.raises(InputError) as err:
        services.add(plan, fields(value="9,310"), actor=SYSTEM)
    assert str(err.value.problems[0]).startswith(
        "--note: この年にはすでに 9,300 が登録されています"
    )
    assert Observation.objects.filter(year=2022).count() == 1
    services.add(plan, fields(value="9,310", note="入力誤りの訂正"), actor=SYSTEM)
    assert Observation.objects.filter(year=2022).count() == 2


def test_an_identical_row_is_not_stored_twice(plan):
    first = services.add(plan, fields(), actor=SYSTEM)
    again = services.add(plan, fields(), actor=SYSTEM)
    assert (first.added, again.added, again.unchanged) == (1, 0, 1)


def test_bad_input_changes_nothing(plan):
    before = (Observation.objects.count(), ImportRun.objects.count())
    with pytest.raises(Exception, match="数値ではありません"):
        services.add(plan, fields(value="x"), actor=SYSTEM)
    assert (Observation.objects.count(), ImportRun.objects.count()) == before


def test_observations_cannot_be_changed_or_deleted(plan):
    row = Observation.objects.first()
    row.value = Decimal("1")
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        Observation.objects.filter(pk=row.pk).update(value=1)
    with pytest.raises(AppendOnlyError):
        Observation.objects.all().delete()


@pytest.mark.parametrize("sql", ["UPDATE {t} SET value = 1", "DELETE FROM {t}"])
def test_the_database_itself_refuses_changes(plan, sql):
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cur,
    ):
        cur.execute(sql.format(t=Observation._meta.db_table))
    assert Observation.objects.filter(value=1).count() == 0


def test_the_suite_runs_on_the_database_it_was_given(db):
    import os

    url = os.environ.get("SHINCHOKU_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    assert connection.vendor == ("postgresql" if url.startswith("postgres") else "sqlite")


def test_a_file_import_is_one_audit_entry_listing_what_it_revised(plan, tmp_path):
    from shinchoku.audit.models import AuditEntry

    csv = tmp_path / "next-edition.csv"
    csv.write_text(
        "indicator,year,value,source,published_on,edition\n"
        "総生産額,令和元年度,9118,令和2年度版,2023-08-18,令和2年度版\n"
        "総生産額,令和2年度,8950,令和2年度版,2023-08-18,令和2年度版\n",
        encoding="utf-8",
    )
    run = services.import_file(plan, csv, actor=SYSTEM)
    entry = AuditEntry.objects.get(action="observation.import", target=csv.name)
    assert (entry.target, entry.after["added"], entry.after["revisions"]) == (csv.name, 2, 1)
    assert entry.after["sha256"] == run.sha256
    assert entry.before["revised"][0]["value"] == 9095  # what the new edition superseded
    assert entry.after["values"][0]["value"] == 9118
    assert {o.value for o in Observation.objects.filter(run=run)} == {
        Decimal("9118"),
        Decimal("8950"),
    }
