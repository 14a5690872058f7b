"""Row locks where two writers meet (PostgreSQL only; SQLite writers take turns at BEGIN
IMMEDIATE): the second writer waits for the first and sees what it wrote, or stops after
the lock timeout with a clear message and nothing changed."""

from __future__ import annotations

import os
import threading
import time

import pytest

from shinchoku.plan.builtin import plan_text

pytestmark = pytest.mark.skipif(
    not (
        os.environ.get("SHINCHOKU_DATABASE_URL") or os.environ.get("DATABASE_URL") or ""
    ).startswith("postgres"),
    reason="row locks are PostgreSQL's; SQLite serialises writers with BEGIN IMMEDIATE",
)

RAISED = plan_text().replace("{year: R6, value: 566}", "{year: R6, value: 570}")


@pytest.fixture
def committed(django_db_blocker):
    """Threads need committed rows (a transactional test); the flush after it empties the
    tables, so the built-in plan is loaded again for the tests that follow."""
    yield
    from tests.conftest import _load_builtin_plan

    from shinchoku.plan.models import Plan

    with django_db_blocker.unblock():
        if not Plan.objects.exists():
            _load_builtin_plan()


def _holding(lock_and_wait, hold: float) -> tuple[threading.Thread, threading.Event, list]:
    """Run ``lock_and_wait`` in a thread of its own (its own connection) inside a
    transaction kept open ``hold`` seconds after the lock is taken."""
    from django.db import connection, transaction

    taken, errors = threading.Event(), []

    def run() -> None:
        try:
            with transaction.atomic():
                lock_and_wait()
                taken.set()
                time.sleep(hold)
        except Exception as err:  # reported by the test
            errors.append(err)
        finally:
            taken.set()
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert taken.wait(10)
    return thread, taken, errors


def test_a_stuck_writer_stops_with_a_clear_message_and_changes_nothing(
    committed, transactional_db, users, settings
):
    from shinchoku.health import is_database_busy
    from shinchoku.locks import RowBusy, lock_row
    from shinchoku.plan.models import Plan, PlanVersion
    from shinchoku.plan.revisions import revise

    plan = Plan.objects.get()
    settings.SHINCHOKU_DB_TIMEOUT = 0.4  # read once from the environment (settings.py)
    thread, _, errors = _holding(lambda: lock_row(plan, "計画"), hold=3)
    start = time.monotonic()
    with pytest.raises(RowBusy) as caught:
        revise(plan, RAISED, 2024, "目標の見直し", actor=users["secretariat"])
    waited = time.monotonic() - start
    thread.join()
    assert 0.3 < waited < 2.5  # the lock timeout, not the other writer's 3 s
    message = str(caught.value)
    assert "計画「" in message and "他の利用者が更新中" in message and "0.4秒" in message
    assert is_database_busy(caught.value)  # the web answers 503, the CLI this message
    assert PlanVersion.objects.filter(plan=plan).count() == 1 and not errors


def test_a_decision_waits_for_the_other_and_sees_it(committed, transactional_db, users):
    import datetime

    from shinchoku.cycle import services as cycle
    from shinchoku.cycle.models import Request
    from shinchoku.ingest.errors import InputError
    from shinchoku.plan.models import Plan

    plan = Plan.objects.get()
    round_ = cycle.open_round(plan, 2024, datetime.date(2099, 6, 30), users["secretariat"])
    request = round_.requests.get(indicator__code="tourist-visits")
    owner = users["department"]
    thread, _, errors = _holding(lambda: cycle.move(request, "submit", owner), hold=0.8)
    start = time.monotonic()
    with pytest.raises(InputError) as refused:
        cycle.move(Request.objects.get(pk=request.pk), "draft", owner)
    waited = time.monotonic() - start
    thread.join()
    assert not errors and waited > 0.5  # it waited for the submission to commit …
    # … then saw the item submitted: without the lock both moves would have read
    # 「未着手」 and both been recorded.
    assert "提出済" in refused.value.problems[0].message
    assert list(request.transitions.values_list("action", flat=True)) == ["submit"]
