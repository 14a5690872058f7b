"""Plausibility on the workspace forms: refusals on the field, a checkbox naming the change."""

from __future__ import annotations

import datetime

from shinchoku.cycle.models import Round
from shinchoku.observations.models import Observation

URL = "/workspace/indicators/tourist-visits/"
VALUE = {"source": "埼玉県観光入込客統計調査", "published_on": "", "edition": "", "note": ""}
LABEL = "5,580 は前年 558 の 10.0 倍です。この値で記録する"


def test_the_value_form_refuses_reiwa_99_and_a_negative_value(client_as):
    client = client_as("department")
    before = Observation.objects.count()
    html = client.post(URL, VALUE | {"year": "令和99年", "value": "500"}).content.decode()
    assert 'class="field-error"' in html and "令和99年（2117）はまだ始まっていません" in html
    html = client.post(URL, VALUE | {"year": "令和5年", "value": "-5"}).content.decode()
    assert "-5 は観光入込客数（万人）の範囲外です" in html
    assert Observation.objects.count() == before
    assert 'name="confirm"' not in html  # nothing to confirm: no checkbox


def test_a_tenfold_value_asks_for_the_checkbox_that_names_it(client_as):
    client = client_as("department")
    client.post(URL, VALUE | {"year": "令和5年", "value": "558"})
    html = client.post(URL, VALUE | {"year": "令和6年", "value": "5,580"}).content.decode()
    assert 'name="confirm"' in html and LABEL in html
    assert not Observation.objects.filter(year=2024).exists()
    response = client.post(URL, VALUE | {"year": "令和6年", "value": "5,580", "confirm": "on"})
    assert response.status_code == 302
    assert Observation.objects.get(year=2024).confirmed_change == "5,580 は前年 558 の 10.0 倍です"


def test_an_upload_with_a_jump_is_stored_only_with_the_box_ticked(client_as, tmp_path):
    client = client_as("department")
    client.post(URL, VALUE | {"year": "令和5年", "value": "558"})
    csv = tmp_path / "values.csv"
    csv.write_text("indicator,year,value,source\n観光入込客数,令和6年,5580,s\n", "utf-8")
    for ticked in (False, True):
        with csv.open("rb") as f:
            html = client.post("/workspace/import/", {"file": f}).content.decode()
        assert 'name="accept_changes"' in html and LABEL in html
        form = {"confirm": "1"} | ({"accept_changes": "on"} if ticked else {})
        shown = client.post("/workspace/import/", form, follow=True).content.decode()
        stored = Observation.objects.filter(year=2024).first()
        if not ticked:
            assert stored is None and "確認（確認欄）を付けて" in shown
    assert stored.confirmed_change == "5,580 は前年 558 の 10.0 倍です"


def test_an_upload_with_reiwa_99_is_refused(client_as, tmp_path):
    csv = tmp_path / "values.csv"
    csv.write_text("indicator,year,value,source\n総生産額,令和99年度,9500,s\n", "utf-8")
    with csv.open("rb") as f:
        html = client_as("department").post("/workspace/import/", {"file": f}).content.decode()
    assert "values.csv 総生産額 令和99年度の行 [year]" in html and "まだ始まっていません" in html
    assert not Observation.objects.filter(year=2117).exists()


def test_the_round_form_refuses_reiwa_99_and_a_past_due_date(client_as):
    client = client_as("secretariat")
    due = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    html = client.post("/workspace/cycle/open/", {"year": 2117, "due": due}, follow=True)
    assert "令和99年度（2117年度）は計画の期間外です" in html.content.decode()
    html = client.post("/workspace/cycle/open/", {"year": 2023, "due": "2020-01-01"}, follow=True)
    assert "提出期限 2020-01-01 はすでに過ぎています" in html.content.decode()
    assert Round.objects.count() == 0


def test_the_revision_form_refuses_reiwa_99(client_as, plan, tmp_path):
    from shinchoku.plan.builtin import plan_text

    f = tmp_path / "v2.yaml"
    f.write_text(plan_text().replace("{year: R9, value: 656}", "{year: R9, value: 616}"), "utf-8")
    with f.open("rb") as upload:
        response = client_as("secretariat").post(
            "/workspace/plan/revise/",
            {"file": upload, "valid_from": 2117, "reason": "誤り"},
            follow=True,
        )
    assert "令和99年度（2117年度）は計画の期間外です" in response.content.decode()
    assert plan.versions.count() == 1
