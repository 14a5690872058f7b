"""Messages written outside Django (core.messages.tr) follow the page's language: English on
/en/ pages, Japanese elsewhere, as the templates do."""

from __future__ import annotations

import datetime

import pytest

from shinchoku.core import messages
from shinchoku.cycle import publication


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
