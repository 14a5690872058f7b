"""Messages written outside Django (core.messages.tr) follow the page's language: English on
/en/ pages, Japanese elsewhere, as the templates do."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shinchoku.core import messages
from shinchoku.cycle import publication
from shinchoku.web.langcheck import unmarked_japanese


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(publication, "today", lambda: datetime.date(2026, 12, 1))


def test_the_english_publish_page_says_the_gate_in_english(client_as, plan):
    client = client_as("secretariat")
    html = client.get("/en/workspace/publish/").content.decode()
    assert "Publish the results of FY2023 with 19 item(s) not approved" in html
    html = client.get("/en/workspace/publish/?year=R9").content.decode()
    assert "FY2027 has not ended yet (it runs until 31 March 2028)" in html
    html = client.get("/workspace/publish/?year=R9").content.decode()
    assert "令和9年度はまだ終わっていません（2028年3月31日まで）" in html


def test_an_english_form_refuses_in_english(client_as):
    url = "/en/workspace/indicators/tourist-visits/"
    form = {"source": "s", "published_on": "", "edition": "", "note": ""}
    html = client_as("department").post(url, form | {"year": "2117", "value": "500"})
    text = html.content.decode()
    assert "2117 has not begun yet: actual values are for years up to" in text


def test_outside_a_request_messages_are_japanese(plan):
    assert messages.current() == "ja"
    assert messages.tr("取り下げの理由を書いてください") == "取り下げの理由を書いてください"


@pytest.fixture
def served_by_the_cli():
    """The messages' language as ``shinchoku serve`` leaves it: the CLI sets Japanese for its
    run, and a gunicorn worker forked from it answers requests in that context."""
    token = messages.activate("ja")
    yield
    messages.deactivate(token)


def bad_rows(n: int) -> bytes:
    """``n`` rows whose value (column C) is not a number: one problem each, rows 2 … n+1."""
    header = "indicator,year,value,source\n"
    return (header + "".join(f"総生産額,R4,x{i},県民経済計算\n" for i in range(n))).encode()


def test_a_refused_file_is_explained_in_english_on_the_english_page(client_as, served_by_the_cli):
    """50 bad rows: 20 problems listed, 30 counted, all in English on /en/ (the stored
    values would stay Japanese); the Japanese page keeps Japanese."""
    client = client_as("secretariat")
    file = SimpleUploadedFile("bad50.csv", bad_rows(50), content_type="text/csv")
    html = client.post("/en/workspace/import/", {"file": file}).content.decode()
    box = html.split('<div class="errors" role="alert">', 1)[1].split("</div>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", box)
    assert len(items) == 20
    assert items[0] == (
        "bad50.csv row 2, column C [value]: “x0” cannot be read as a number"
        " (e.g. 9,095 or 9095.5, in 100 million yen)"
    )
    assert "30 more problem(s) not shown." in box
    assert "行目" not in box and "省略しました" not in box
    file = SimpleUploadedFile("bad50.csv", bad_rows(50), content_type="text/csv")
    japanese = client.post("/workspace/import/", {"file": file}).content.decode()
    assert "bad50.csv 2行目 C列 [value]: 「x0」は数値として読めません" in japanese
    assert "ほか30件の問題は省略しました。" in japanese


@pytest.fixture
def gross_product_item(plan, users, monkeypatch):
    """The 令和5年度 round's item for 総生産額 (latest value 令和元年度 9,095)."""
    from shinchoku.cycle import services as cycle

    monkeypatch.setattr("shinchoku.plan.services.today", lambda: datetime.date(2024, 6, 1))
    round_ = cycle.open_round(plan, 2023, datetime.date(2024, 6, 30), users["secretariat"])
    return round_.requests.get(indicator__code="gross-product")


def test_the_english_item_page_asks_for_a_large_change_in_english(
    client_as, gross_product_item, served_by_the_cli
):
    """19,000 against 9,095 (2.1 times) is asked about in English, with one problem said
    as one ("the problem below", not "1 problems"); the change confirmed is stored with the
    value in Japanese, as data."""
    typed = {"year": "R5", "value": "19,000", "source": "s", "published_on": "2025-09-10",
             "edition": "", "note": "", "action": "submit"}  # fmt: skip
    url = f"/workspace/cycle/{gross_product_item.pk}/"
    html = client_as("department").post(f"/en{url}", typed).content.decode()
    summary = html.split('id="error-summary">', 1)[1].split("</div>", 1)[0]
    assert "Not submitted: please correct the problem below" in summary
    assert (
        "Value: 19,000 is 2.1 times the value of FY2019, 9,095. Check the digits and the unit;"
        " if the value is right, record it again with the confirmation"
        " (the confirmation box below)"
    ) in summary
    assert unmarked_japanese(html) == []
    japanese = client_as("department").post(url, typed).content.decode()
    assert "提出できませんでした。次の1件を直してください" in japanese
    assert "19,000 は令和元年度の値 9,095 の 2.1 倍です。" in japanese
    two = client_as("department").post(f"/en{url}", typed | {"value": "abc", "source": ""})
    assert "please correct the 2 problems below" in two.content.decode()
    confirmed = client_as("department").post(f"/en{url}", typed | {"confirm": "on"})
    assert confirmed.status_code == 302
    stored = gross_product_item.indicator.observations.get(year=2023)
    assert stored.confirmed_change == "19,000 は令和元年度の値 9,095 の 2.1 倍です"  # data: ja


def test_a_background_import_speaks_the_language_of_the_page_that_started_it(
    plan, users, settings, monkeypatch, served_by_the_cli
):
    """A large import's refusal is rendered in its thread and kept on the job: started from
    an English page, it is English, though a new thread starts in the site's language."""
    from pathlib import Path

    from django.utils import translation

    from shinchoku.observations import jobs

    settings.SHINCHOKU_JOBS_INLINE = False
    heard: list[str] = []

    def job(*args: object) -> None:
        heard.append(messages.tr("ほか{n}件の問題は省略しました。", n=30))

    monkeypatch.setattr(jobs, "_in_thread", job)
    for lang in ("en", "ja"):
        with translation.override(lang):
            jobs.start(plan, "0" * 32, Path("bad.csv"), 6000, users["department"])
        for thread in jobs.threads:
            thread.join(timeout=30)
    assert heard == ["30 more problem(s) not shown.", "ほか30件の問題は省略しました。"]
