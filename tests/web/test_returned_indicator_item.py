"""A returned indicator item shows the value its owner submitted, ready to fix (refs #12)."""

from __future__ import annotations

import datetime

import pytest

from shinchoku.cycle import services
from shinchoku.cycle.models import SUBMITTED

TYPED = {
    "year": "令和5年度",
    "value": "9,300",
    "source": "令和5年度埼玉県市町村民経済計算",
    "published_on": "2025-03-27",
    "edition": "速報",
    "note": "確報で差し替える",
}


@pytest.fixture(autouse=True)
def _opened_in_spring_2024(monkeypatch):
    monkeypatch.setattr("shinchoku.plan.services.today", lambda: datetime.date(2024, 6, 1))


@pytest.fixture
def returned(client_as, plan, users):
    """The department submitted 総生産額 (TYPED); the secretariat returned it."""
    round_ = services.open_round(plan, 2023, datetime.date(2024, 6, 30), users["secretariat"])
    req = round_.requests.get(indicator__code="gross-product")
    url = f"/workspace/cycle/{req.pk}/"
    assert client_as("department").post(url, TYPED | {"action": "submit"}).status_code == 302
    client_as("secretariat").post(url, {"action": "return", "return-reason": "版を確かめて"})
    return req, url


def shown(response) -> dict[str, str]:
    form = response.context["form"]
    return {name: str(form[name].value() or "") for name in TYPED}


def test_the_owner_finds_the_submitted_value_in_the_form(client_as, returned):
    _, url = returned
    assert shown(client_as("department").get(url)) == TYPED


def test_resubmitting_it_unchanged_adds_no_revision(client_as, returned):
    req, url = returned
    before = req.indicator.observations.filter(year=2023).count()
    dept = client_as("department")
    assert dept.post(url, shown(dept.get(url)) | {"action": "submit"}).status_code == 302
    req.refresh_from_db()
    assert req.state == SUBMITTED
    assert req.indicator.observations.filter(year=2023).count() == before == 1


def test_a_fixed_field_is_stored_as_a_revision(client_as, returned):
    req, url = returned
    dept = client_as("department")
    fixed = shown(dept.get(url)) | {"published_on": "2025-09-10", "edition": "確報"}
    assert dept.post(url, fixed | {"action": "submit"}).status_code == 302
    latest = req.indicator.observations.filter(year=2023).order_by("-pk").first()
    assert (latest.published_on, latest.edition) == (datetime.date(2025, 9, 10), "確報")
    assert shown(client_as("department").get(url))["edition"] == "確報"  # and still shown


def test_an_item_not_yet_submitted_starts_blank(client_as, plan, users):
    round_ = services.open_round(plan, 2023, datetime.date(2024, 6, 30), users["secretariat"])
    req = round_.requests.get(indicator__code="gross-product")
    page = client_as("department").get(f"/workspace/cycle/{req.pk}/")
    assert shown(page) == dict.fromkeys(TYPED, "")
