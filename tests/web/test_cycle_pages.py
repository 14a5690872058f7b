"""The round in the workspace: my items, the sheet, review — and who may do each."""

from __future__ import annotations

import datetime

import pytest

from shinchoku.cycle import services
from shinchoku.cycle.models import DRAFTING, SUBMITTED

SHEET = {
    "action": "save",
    "purpose": "立地促進",
    "activities": "奨励金3件",
    "budget": "12,500",
    "settled": "11,800",
    "rating": "B",
    "reason": "",
    "issues": "",
    "direction": "continue",
}


@pytest.fixture(autouse=True)
def _opened_in_spring_2024(monkeypatch):
    """The rounds here open in spring 2024: a deadline must not have passed."""
    monkeypatch.setattr("shinchoku.plan.services.today", lambda: datetime.date(2024, 6, 1))


@pytest.fixture
def round_(plan, users):
    return services.open_round(plan, 2023, datetime.date(2024, 6, 30), users["secretariat"])


def project_request(round_, number):
    return round_.requests.get(project__number=number)


def test_owners_see_only_their_items(client_as, round_):
    html = client_as("partner").get("/workspace/cycle/?year=2023").content.decode()
    assert "重点推進事業6 事業継続力強化支援事業" in html
    assert "重点推進事業1 " not in html and "総生産額" not in html
    everything = client_as("council").get("/workspace/cycle/?year=2023").content.decode()
    assert everything.count('<tr><th scope="row">') == 19


# Expected status per role for: open a round, save a sheet of project 1, submit it,
# approve it (after a department submission), return it.
MATRIX = {
    #                   open  save  submit approve return
    None: (302, 302, 302, 302, 302),
    "secretariat": (302, 302, 302, 302, 302),
    "department": (403, 302, 302, 403, 403),
    "other_department": (403, 403, 403, 403, 403),
    "partner": (403, 403, 403, 403, 403),
    "council": (403, 403, 403, 403, 403),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_permission_matrix(client_as, users, round_, who):
    req = project_request(round_, 1)
    url = f"/workspace/cycle/{req.pk}/"
    client = client_as(who)
    codes = [
        client.post("/workspace/cycle/open/", {"year": 2024, "due": "2025-06-30"}).status_code,
        client.post(url, SHEET).status_code,
        client.post(url, {"action": "submit"}).status_code,
    ]
    req.refresh_from_db()
    if req.state != SUBMITTED:  # the owner submits, so that every role can try to review
        services.save_evaluation(req.project, 2023, SHEET, users["department"])
        services.move(req, "submit", users["department"])
    codes.append(client.post(url, {"action": "approve"}).status_code)
    codes.append(client.post(url, {"action": "return", "reason": "再確認"}).status_code)
    assert tuple(codes) == MATRIX[who]


def test_sheet_errors_show_on_their_fields(client_as, round_):
    url = f"/workspace/cycle/{project_request(round_, 1).pk}/"
    html = client_as("department").post(url, SHEET | {"rating": "C"}).content.decode()
    assert "C・D の評価には理由が必要です" in html


def test_last_years_sheet_prefills_this_year(client_as, users, plan, round_):
    project = project_request(round_, 1).project
    services.save_evaluation(
        project, 2022, {**SHEET, "activities": "前年度の取組"}, users["department"]
    )
    html = client_as("department").get(f"/workspace/cycle/{project_request(round_, 1).pk}/")
    assert "前年度の取組" in html.content.decode()


def test_return_and_resubmit(client_as, round_):
    req = project_request(round_, 1)
    url = f"/workspace/cycle/{req.pk}/"
    dept = client_as("department")
    dept.post(url, SHEET)
    dept.post(url, {"action": "submit"})
    sec = client_as("secretariat")
    sec.post(url, {"action": "return", "reason": "決算額を確認してください"})
    req.refresh_from_db()
    assert (req.state, req.returned) == (DRAFTING, True)
    html = client_as("department").get(url).content.decode()
    assert "差戻し（作成中）" in html and "決算額を確認してください" in html


def test_output_indicators_defined_by_the_secretariat_and_filled_by_the_owner(client_as, round_):
    req = project_request(round_, 10)
    url = f"/workspace/cycle/{req.pk}/"
    assert (
        client_as("department")
        .post(url, {"action": "define_output", "name": "認定品数", "unit": "品"})
        .status_code
        == 403
    )
    client_as("secretariat").post(
        url, {"action": "define_output", "name": "認定品数", "unit": "品"}
    )
    output = req.project.outputs.get(name="認定品数")
    dept = client_as("department")
    dept.post(url, {"action": "outputs", f"target-{output.pk}": "40", f"actual-{output.pk}": "38"})
    dept.post(url, {"action": "outputs", f"target-{output.pk}": "40", f"actual-{output.pk}": "39"})
    values = [(v.kind, f"{v.value:.0f}") for v in output.values.order_by("id")]
    assert values == [("target", "40"), ("actual", "38"), ("actual", "39")]  # revisions kept
    assert (
        client_as("council")
        .post(url, {"action": "outputs", f"actual-{output.pk}": "1"})
        .status_code
        == 403
    )
    html = client_as("council").get(url).content.decode()
    assert "認定品数（品）" in html and ">39<" in html
