"""A published project page shows the approved sheet whole: 成果 and the reason for the
direction too, as the report does (refs #12)."""

from __future__ import annotations

import datetime

import pytest

from shinchoku.cycle import items, services

SHEET = {
    "purpose": "起業をめざす人を育てる",
    "activities": "創業塾を年4回開いた",
    "results": "修了者のうち12人が創業した",
    "budget": "3,200",
    "settled": "2,950",
    "rating": "B",
    "reason": "",
    "issues": "",
    "direction": "improve",
    "direction_reason": "金融機関と連携する",
}


@pytest.fixture(autouse=True)
def _opened_in_spring_2024(monkeypatch):
    monkeypatch.setattr("shinchoku.plan.services.today", lambda: datetime.date(2024, 6, 1))


@pytest.fixture
def approved(plan, users):
    round_ = services.open_round(plan, 2023, datetime.date(2024, 6, 30), users["secretariat"])
    req = round_.requests.get(project__number=2)
    items.submit(req, SHEET, users["department"])
    services.move(req, "approve", users["secretariat"])
    return req


def test_results_and_the_directions_reason_are_public_once_published(client, approved, publish):
    assert "修了者のうち12人が創業した" not in client.get("/projects/2/").content.decode()
    publish(2023)
    html = client.get("/projects/2/").content.decode()
    assert "<dt>成果</dt><dd>修了者のうち12人が創業した</dd>" in html
    assert "改善・見直し — 金融機関と連携する" in html
    english = client.get("/en/projects/2/").content.decode()
    assert '<dt>Results</dt><dd><span lang="ja">修了者のうち12人が創業した</span></dd>' in english
