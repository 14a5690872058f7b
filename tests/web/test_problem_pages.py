"""Every web page that lists a refused input's problems shows the first SHOWN_PROBLEMS and
counts the rest (ingest.errors); a refused plan file's every problem downloads as the CSV of
uploads.problems; a failed import's page says when its list of problems has expired."""

from __future__ import annotations

import csv
import io
import os
import re
import time

import pytest

from shinchoku.ingest.errors import SHOWN_PROBLEMS, InputError, Problem
from shinchoku.observations.models import ImportJob
from shinchoku.uploads import store


def refusal(n: int, where: str = "") -> InputError:
    """``n`` problems, numbered 1 … n, all at ``where``."""
    return InputError([Problem(where, f"問題{i}です") for i in range(1, n + 1)])


def raising(err: InputError):
    def service(*_args, **_kwargs):
        raise err

    return service


def numbered(html: str) -> list[int]:
    """The numbers of the problems a page shows (``問題7です`` → 7)."""
    return [int(n) for n in re.findall(r"問題(\d+)です", html)]


def test_brief_joins_the_first_twenty_and_counts_the_rest():
    assert SHOWN_PROBLEMS == 20
    text = refusal(1000, "x.csv 3行目").brief("; ", where=False)
    parts = text.split("; ")
    assert parts[:2] == ["問題1です", "問題2です"] and parts[19] == "問題20です"
    assert parts[20:] == ["ほか980件の問題は省略しました。"]
    assert refusal(2, "x.csv 3行目").brief() == "x.csv 3行目: 問題1です x.csv 3行目: 問題2です"
    assert refusal(SHOWN_PROBLEMS).brief().count("問題") == 20  # all shown: no count line


@pytest.mark.parametrize(
    ("service", "who", "url", "data"),
    [
        # the round form (cycle), a flash message joined by "; "
        (
            "shinchoku.cycle.services.open_round",
            "secretariat",
            "/workspace/cycle/open/",
            {"year": 2024, "due": "2099-06-30"},
        ),
        # the registries workspace's 活動指標 record, a flash of one line a problem
        (
            "shinchoku.registries.counts.record_outputs",
            "secretariat",
            "/workspace/registries/outputs/",
            {"year": 2024},
        ),
        # an indicator's value form, the problems on the form
        (
            "shinchoku.observations.services.add",
            "department",
            "/workspace/indicators/gross-product/",
            {"year": "令和4年度", "value": "9,300", "source": "県経済計算", "published_on": ""},
        ),
    ],
)
def test_a_page_shows_twenty_of_thirty_problems_and_counts_ten(
    client_as, monkeypatch, service, who, url, data
):
    monkeypatch.setattr(service, raising(refusal(30)))
    html = client_as(who).post(url, data, follow=True).content.decode()
    assert numbered(html) == list(range(1, 21))
    assert "ほか10件の問題は省略しました。" in html


def test_a_flash_of_several_lines_keeps_its_lines(client_as, monkeypatch):
    monkeypatch.setattr("shinchoku.registries.counts.record_outputs", raising(refusal(3)))
    html = client_as("secretariat").post(
        "/workspace/registries/outputs/", {"year": 2024}, follow=True
    )
    assert "問題1です<br>問題2です<br>問題3です" in html.content.decode()


def revise(client, text: str, year: int = 2025):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("v2.yaml", text.encode(), content_type="application/yaml")
    data = {"file": file, "valid_from": year, "reason": "見直し"}
    return client.post("/workspace/plan/revise/", data, follow=True).content.decode()


def test_a_plan_file_with_24_problems_shows_20_and_downloads_all(client_as, plan):
    from shinchoku.plan.builtin import plan_text

    # Every target and baseline value (24 of them) written as text: 24 problems.
    bad = re.sub(r"value: (\d+)", r"value: x\1", plan_text())
    client = client_as("secretariat")
    html = revise(client, bad)
    message = html.split('<p class="message error">', 1)[1].split("</p>", 1)[0]
    assert message.startswith("v2.yaml: 24件の問題があるため、何も変更していません。<br>")
    assert message.count("数値を書いてください") == 20
    assert message.endswith("ほか4件の問題は省略しました。")
    (token,) = re.findall(r'href="/workspace/import/problems/([0-9a-f]{32}).csv"', html)
    assert "すべての問題（24件）を CSV でダウンロード" in html
    assert plan.versions.count() == 1
    (kept,) = store.pending()
    assert kept.name == token and [p.name for p in kept.iterdir()] == ["problems"]

    response = client.get(f"/workspace/import/problems/{token}.csv")
    assert response["Content-Disposition"].endswith('filename="v2-problems.csv"')
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert len(rows) == 1 + 24
    assert rows[1][0] == "v2.yaml" and rows[1][4] == "数値を書いてください"
    assert rows[1][5] == "v2.yaml:319:14 indicators[0].baseline.value"
    assert client_as("department").get(f"/workspace/import/problems/{token}.csv").status_code == 403

    # The link stands beside its message once; the list stays until the upload expiry.
    again = client_as("secretariat").get("/workspace/plan/").content.decode()
    assert "CSV でダウンロード" not in again and store.pending() == [kept]


def test_a_plan_file_with_one_problem_keeps_no_list(client_as, plan):
    from shinchoku.plan.builtin import plan_text

    html = revise(client_as("secretariat"), plan_text(), year=2117)
    assert "令和99年度（2117年度）は計画の期間外です" in html
    assert "CSV でダウンロード" not in html and store.pending() == []


GOOD = "indicator,year,value,source\n総生産額,R4,9300,県民経済計算\n総生産額,R5,9400,県民経済計算\n"


def failed_job(client, rows: int) -> ImportJob:
    """A background import refused for ``rows`` values that are not numbers."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("two.csv", GOOD.encode(), content_type="text/csv")
    client.post("/workspace/import/", {"file": file})
    (kept,) = store.pending()
    bad = "".join(f"総生産額,R4,x{i},県民経済計算\n" for i in range(rows))
    (kept / "two.csv").write_text("indicator,year,value,source\n" + bad, encoding="utf-8")
    client.post("/workspace/import/", {"confirm": "1"})
    job = ImportJob.objects.get()
    assert job.state == "failed"
    return job


def age(hours: float) -> None:
    """Make every kept upload folder ``hours`` old."""
    then = time.time() - hours * 3600
    for folder in store.pending():
        os.utime(folder, (then, then))


@pytest.fixture
def large(settings):
    settings.SHINCHOKU_BACKGROUND_IMPORT_ROWS = 1
    settings.SHINCHOKU_JOBS_INLINE = True


EXPIRED = "すべての問題の一覧（CSV）は、保存期間の{h}時間を過ぎたため削除されました。"


def test_a_failed_jobs_page_says_its_list_of_problems_expired(client_as, large, settings):
    client = client_as("department")
    job = failed_job(client, 30)
    assert job.problems_kept
    page = f"/workspace/import/jobs/{job.pk}/"
    html = client.get(page).content.decode()
    assert "すべての問題（30件）を CSV でダウンロード" in html
    assert EXPIRED.format(h=24) not in html

    age(25)  # past the 24 hours of SHINCHOKU_UPLOAD_EXPIRY_HOURS
    html = client.get(page).content.decode()
    assert "CSV でダウンロード" not in html and EXPIRED.format(h=24) in html
    assert "ほか10件の問題は省略しました。" in html  # the first 20 are still on the page
    assert client.get(f"{page}problems.csv").status_code == 404
    english = client.get(f"/en{page}").content.decode()
    assert "The CSV of all the problems was deleted after its 24 hours of keeping." in english
    settings.SHINCHOKU_UPLOAD_EXPIRY_HOURS = 48  # the rule where it is set, not a copy
    assert EXPIRED.format(h=48) in client.get(page).content.decode()


def test_a_job_refused_for_three_problems_says_nothing_expired(client_as, large):
    client = client_as("department")
    job = failed_job(client, 3)
    assert not job.problems_kept
    html = client.get(f"/workspace/import/jobs/{job.pk}/").content.decode()
    assert "保存期間" not in html and "CSV でダウンロード" not in html


def test_an_item_sheet_with_30_bad_outputs_shows_20_problems(client_as, users, plan, monkeypatch):
    """A project's sheet with 30 活動指標 (its 3 and 27 more), each target negative: 30
    problems, 20 shown."""
    import datetime

    from shinchoku.cycle import services

    monkeypatch.setattr("shinchoku.plan.services.today", lambda: datetime.date(2024, 6, 1))
    round_ = services.open_round(plan, 2023, datetime.date(2024, 6, 30), users["secretariat"])
    req = round_.requests.get(project__number=10)
    for i in range(1, 28):
        services.define_output(req.project, f"指標{i}", "件", "", users["secretariat"])
    dept = client_as("department")
    page = dept.get(f"/workspace/cycle/{req.pk}/")
    form = page.context["form"]
    data = {n: "" if form[n].value() is None else str(form[n].value()) for n in form.fields}
    targets = [n for n in form.fields if n.startswith("target-")]
    assert len(targets) == 30
    sheet = {"activities": "奨励金3件", "rating": "B", "direction": "continue"}
    data |= sheet | dict.fromkeys(targets, "-1") | {"action": "submit"}
    html = dept.post(f"/workspace/cycle/{req.pk}/", data).content.decode()
    assert "ほか10件の問題は省略しました。" in html
    at_fields = re.findall(r'class="field-error">([^<]*)<', html)
    assert at_fields.count("「-1」は数値として読めません（例: 12,500）") == 20
