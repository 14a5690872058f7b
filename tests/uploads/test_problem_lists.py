"""A refused file's page lists its first problems and counts the rest; every problem is a
CSV download (UTF-8 BOM, neutralised cells) for the uploader and the secretariat only."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shinchoku.ingest.errors import SHOWN_PROBLEMS, InputError, Problem
from shinchoku.ingest.limits import Limits
from shinchoku.observations.models import ImportJob, Observation
from shinchoku.uploads import problems, store

HEADER = "indicator,year,value,source\n"
GOOD = HEADER + "総生産額,R4,9300,県民経済計算\n総生産額,R5,9400,県民経済計算\n"


def bad_rows(n: int) -> bytes:
    """``n`` rows whose value (column C) is not a number: one problem each, rows 2 … n+1."""
    return (HEADER + "".join(f"総生産額,R4,x{i},県民経済計算\n" for i in range(n))).encode()


def upload(client, name: str, data: bytes) -> str:
    file = SimpleUploadedFile(name, data, content_type="text/csv")
    return client.post("/workspace/import/", {"file": file}).content.decode()


def confirm_changed(client, bad: int, **extra):
    """Preview a good file, change its kept copy to ``bad`` bad rows, confirm: (the preview's
    page, the kept folder, the confirmation's response)."""
    preview = upload(client, "two.csv", GOOD.encode())
    (kept,) = store.pending()
    (kept / "two.csv").write_bytes(bad_rows(bad))  # changed on disk before the confirmation
    return preview, kept, client.post("/workspace/import/", {"confirm": "1"}, **extra)


def errors_box(html: str) -> str:
    return html.split('<div class="errors" role="alert">', 1)[1].split("</div>", 1)[0]


def table(response) -> list[list[str]]:
    data = b"".join(response.streaming_content)
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel reads the Japanese
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_a_thousand_bad_rows_show_twenty_then_count_the_rest(client_as):
    client = client_as("department")
    html = upload(client, "bad.csv", bad_rows(1000))
    box = errors_box(html)
    items = re.findall(r"<li>(.*?)</li>", box)
    assert SHOWN_PROBLEMS == 20 and len(items) == 20
    assert items[0].startswith("bad.csv 2行目 C列 [value]: ")
    assert items[-1].startswith("bad.csv 21行目 C列 [value]: ")
    assert "ほか980件の問題は省略しました。" in box
    (token,) = re.findall(r'href="/workspace/import/problems/([0-9a-f]{32}).csv"', box)
    assert "すべての問題（1,000件）を CSV でダウンロード" in box
    assert Observation.objects.filter(year=2022).count() == 0
    # The refused file is gone; only its list of problems is kept, in its folder.
    (kept,) = store.pending()
    assert kept.name == token and [p.name for p in kept.iterdir()] == ["problems"]

    response = client.get(f"/workspace/import/problems/{token}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="bad-problems.csv"' in response["Content-Disposition"]
    rows = table(response)
    assert rows[0] == ["ファイル名", "行", "列", "項目", "問題の内容", "場所"]
    assert len(rows) == 1 + 1000
    assert [r[1] for r in rows[1:]] == [str(n) for n in range(2, 1002)]
    assert {(r[0], r[2], r[3]) for r in rows[1:]} == {("bad.csv", "C", "value")}
    assert rows[1000][5] == "bad.csv 1001行目 C列 [value]" and "x999" in rows[1000][4]


def test_only_the_uploader_and_the_secretariat_may_download_the_list(client_as):
    upload(client_as("department"), "bad.csv", bad_rows(30))
    (kept,) = store.pending()
    url = f"/workspace/import/problems/{kept.name}.csv"
    assert client_as("other_department").get(url).status_code == 403
    assert client_as("partner").get(url).status_code == 403
    assert client_as(None).get(url).status_code == 302  # to the login page
    assert client_as("secretariat").get(url).status_code == 200
    assert client_as("department").get(url).status_code == 200
    assert (
        client_as("department").get(f"/workspace/import/problems/{'0' * 32}.csv").status_code == 404
    )


def test_the_next_upload_removes_the_list_and_a_short_list_keeps_nothing(client_as):
    client = client_as("department")
    upload(client, "bad.csv", bad_rows(30))
    (first,) = store.pending()
    html = upload(client, "few.csv", bad_rows(SHOWN_PROBLEMS))  # all shown: no download
    box = errors_box(html)
    assert len(re.findall(r"<li>", box)) == 20 and "省略" not in box and '.csv"' not in box
    assert not first.exists() and store.pending() == []
    upload(client, "bad.csv", bad_rows(30))
    assert len(store.pending()) == 1
    assert "確認: 次の内容を登録します" in upload(client, "good.csv", GOOD.encode())
    assert [p.iterdir().__next__().name for p in store.pending()] == ["good.csv"]


def test_the_csv_is_neutralised_and_holds_at_most_the_row_limit(settings, tmp_path):
    settings.SHINCHOKU_UPLOAD_LIMITS = Limits(max_rows=300)
    token = "a" * 32
    (store.root() / token).mkdir(parents=True)
    (store.root() / token / "=x.csv").write_text("kept", encoding="utf-8")
    found = [
        Problem(f"=x.csv {n}行目 C列 [value]", '=HYPERLINK("http://e")', "=x.csv", n, "C", "value")
        for n in range(2, 1002)
    ]
    kept = problems.keep(token, InputError(found, "=x.csv"), 7, "=x.csv")
    assert (kept.user_id, kept.count, kept.written) == (7, 1000, 300)
    assert not (store.root() / token / "=x.csv").exists()  # the refused file itself is gone
    rows = list(csv.reader(io.StringIO(kept.path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 1 + 300 + 1
    assert rows[1] == [
        "'=x.csv",
        "2",
        "C",
        "value",
        '\'=HYPERLINK("http://e")',
        "'=x.csv 2行目 C列 [value]",
    ]
    assert rows[-1][4] == "ほか700件の問題は省略しました（一覧は300件まで）"
    assert problems.find(token) == kept and problems.find("b" * 32) is None
    assert problems.find("../" + token) is None


@pytest.fixture
def large(settings):
    """Every upload of more than one row is recorded in the background, inline."""
    settings.SHINCHOKU_BACKGROUND_IMPORT_ROWS = 1
    settings.SHINCHOKU_JOBS_INLINE = True


def test_a_failed_job_shows_twenty_and_keeps_every_problem_for_download(client_as, large):
    client = client_as("department")
    preview, kept, response = confirm_changed(client, 1000)
    assert "確認: 次の内容を登録します" in preview
    job = ImportJob.objects.get()
    assert job.state == "failed"
    lines = job.message.splitlines()
    assert lines[0] == "two.csv: 1000件の問題があるため、何も変更していません。"
    assert len(lines) == 1 + 20 + 1 and lines[-1] == "  ほか980件の問題は省略しました。"
    assert lines[20].startswith("  two.csv 21行目 C列 [value]")
    html = client.get(response["Location"]).content.decode()
    url = f"/workspace/import/jobs/{job.pk}/problems.csv"
    assert f'href="{url}"' in html and "すべての問題（1,000件）を CSV でダウンロード" in html
    assert [p.name for p in kept.iterdir()] == ["problems"]  # the file itself is gone
    assert Observation.objects.filter(year__gte=2022, indicator__code="gross-product").count() == 0

    rows = table(client.get(url))
    assert len(rows) == 1 + 1000 and rows[1][:4] == ["two.csv", "2", "C", "value"]
    assert [int(r[1]) for r in rows[1:]] == list(range(2, 1002))
    assert client_as("other_department").get(url).status_code == 403
    assert client_as("secretariat").get(url).status_code == 200


def test_a_job_refused_for_a_few_problems_keeps_nothing(client_as, large):
    client = client_as("department")
    confirm_changed(client, 3)
    job = ImportJob.objects.get()
    assert job.state == "failed" and len(job.message.splitlines()) == 4
    assert store.pending() == []
    assert client.get(f"/workspace/import/jobs/{job.pk}/problems.csv").status_code == 404


def test_a_confirmation_refused_says_twenty_problems_and_counts_the_rest(client_as):
    client = client_as("department")
    html = confirm_changed(client, 30, follow=True)[2].content.decode()
    assert "two.csv 21行目 C列 [value]" in html and "two.csv 22行目" not in html
    assert "ほか10件の問題は省略しました。" in html
    assert store.pending() == []


def test_a_job_whose_list_cannot_be_written_still_ends_failed(client_as, large, monkeypatch):
    """Writing the list of problems is extra: if it fails the job still ends, refused, with
    its first problems (it stayed "running" with no message when the list raised)."""

    def broken(*args, **kwargs):
        raise UnicodeEncodeError("cp932", "x", 0, 1, "cannot encode")

    monkeypatch.setattr(problems, "keep", broken)
    client = client_as("department")
    confirm_changed(client, 30)
    job = ImportJob.objects.get()
    assert job.state == "failed" and not job.problems_kept
    assert job.message.splitlines()[-1] == "  ほか10件の問題は省略しました。"
    assert store.pending() == []  # the upload removed all the same


def test_a_list_is_kept_only_beside_a_kept_upload(tmp_path):
    from shinchoku.ingest.errors import InputError, Problem

    err = InputError([Problem("x", "y")], "x.csv")
    for token in ("", "../outside", "0" * 32):  # not a token, or no such upload
        with pytest.raises(ValueError):
            problems.keep(token, err, None, "x.csv")
    assert not (store.root() / "problems").exists()
