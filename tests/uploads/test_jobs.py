"""Large web imports run as background jobs with a progress page, and leave no file behind."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shinchoku.observations import jobs
from shinchoku.observations.models import ImportJob, Observation
from shinchoku.uploads import store

CSV = "indicator,year,value,source\n総生産額,R4,9300,県民経済計算\n総生産額,R5,9400,県民経済計算\n"


@pytest.fixture
def large(settings):
    """Every upload of more than one row counts as large."""
    settings.SHINCHOKU_BACKGROUND_IMPORT_ROWS = 1
    settings.SHINCHOKU_JOBS_INLINE = True


def confirm(client, data: bytes = CSV.encode()):
    file = SimpleUploadedFile("two.csv", data, content_type="text/csv")
    assert (
        "確認: 次の内容を登録します"
        in client.post("/workspace/import/", {"file": file}).content.decode()
    )
    return client.post("/workspace/import/", {"confirm": "1"})


def values() -> list[Decimal]:
    return sorted(
        Observation.objects.filter(indicator__code="gross-product", year__gte=2022).values_list(
            "value", flat=True
        )
    )


def test_a_large_confirmed_upload_becomes_a_job_whose_page_shows_it_done(client_as, large):
    client = client_as("department")
    response = confirm(client)
    job = ImportJob.objects.get()
    assert (
        response.status_code == 302 and response["Location"] == f"/workspace/import/jobs/{job.pk}/"
    )
    assert (job.state, job.step, job.rows, job.file_name) == ("done", 3, 2, "two.csv")
    assert job.run.added == 2 and values() == [Decimal("9300"), Decimal("9400")]
    html = client.get(response["Location"]).content.decode()
    assert "状態: <strong>完了</strong>" in html and "2件を登録しました" in html
    assert re.search(r'<progress id="job-progress" max="3" value="3">100%</progress>', html)
    assert 'http-equiv="refresh"' not in html  # nothing left to wait for
    assert store.pending() == []


def test_a_job_that_fails_stores_nothing_says_why_and_removes_its_file(client_as, large):
    client = client_as("department")
    file = SimpleUploadedFile("two.csv", CSV.encode(), content_type="text/csv")
    client.post("/workspace/import/", {"file": file})
    (kept,) = store.pending()
    (kept / "two.csv").write_text(CSV.replace("9400", "x"), encoding="utf-8")  # changed meanwhile
    response = client.post("/workspace/import/", {"confirm": "1"})
    job = ImportJob.objects.get()
    assert job.state == "failed" and "two.csv 3行目 C列 [value]" in job.message
    html = client.get(response["Location"]).content.decode()
    assert "取り込めませんでした" in html and "two.csv 3行目 C列 [value]" in html
    assert values() == [] and store.pending() == []


def test_a_running_job_page_refreshes_itself_and_a_stopped_one_says_so(client_as, users):
    job = ImportJob.objects.create(
        file_name="big.csv", upload="0" * 32, user=users["department"], rows=80_000,
        state="running", step=1,
    )  # fmt: skip
    client = client_as("department")
    html = client.get(f"/workspace/import/jobs/{job.pk}/").content.decode()
    assert 'http-equiv="refresh" content="2"' in html and "登録中" in html and "33%" in html
    ImportJob.objects.filter(pk=job.pk).update(
        updated_at=timezone.now() - datetime.timedelta(hours=2)
    )
    html = client.get(f"/workspace/import/jobs/{job.pk}/").content.decode()
    assert "中断されました" in html and 'http-equiv="refresh"' not in html


def test_a_job_page_is_its_user_s_and_the_secretariat_s(client_as, users):
    job = ImportJob.objects.create(file_name="a.csv", upload="0" * 32, user=users["department"])
    url = f"/workspace/import/jobs/{job.pk}/"
    assert client_as("other_department").get(url).status_code == 403
    assert client_as("secretariat").get(url).status_code == 200
    assert client_as("department").get(url).status_code == 200


def test_a_job_runs_in_a_thread_of_its_own(client_as, settings, monkeypatch):
    import threading

    from django.db import connections

    settings.SHINCHOKU_BACKGROUND_IMPORT_ROWS = 1
    # The test database lives in this thread's transaction: share it with the job's thread,
    # as Django's live-server tests do.
    main = connections["default"]
    ran_in = []
    errors: list[BaseException] = []  # the job's own error, before the shared transaction breaks
    # One connection cannot serve two threads at once: the job waits for the request to end
    # (it ran alongside the response's own queries and broke their savepoints now and then).
    answered = threading.Event()

    def shared(pk: int, plan_pk: int, path, confirm: bool) -> None:
        assert answered.wait(timeout=30)
        connections["default"] = main
        ran_in.append(threading.current_thread())
        try:
            jobs.run(pk, plan_pk, path, confirm)
        except BaseException as err:
            errors.append(err.__context__ or err)
            raise

    monkeypatch.setattr(jobs, "_in_thread", shared)
    main.inc_thread_sharing()
    try:
        client = client_as("department")
        response = confirm(client)
        answered.set()
        for thread in jobs.threads:
            thread.join(timeout=30)
    finally:
        main.dec_thread_sharing()
    assert ran_in and ran_in[0] is not threading.current_thread()
    assert not errors, repr(errors)
    job = ImportJob.objects.get()
    assert job.state == "done", job.message
    assert values() == [Decimal("9300"), Decimal("9400")] and store.pending() == []
    assert "2件を登録しました" in client.get(response["Location"]).content.decode()
