"""Plausibility through the API: the same refusals as the command line, and ``confirm``."""

from __future__ import annotations

from shinchoku.observations.models import Observation

TOURISTS = {"indicator": "tourist-visits", "source": "埼玉県観光入込客統計調査"}


def post(client, body: dict):
    return client.post("/api/observations", body, content_type="application/json")


def test_reiwa_99_and_minus_five_are_refused_and_nothing_stored(client_as):
    client = client_as("department")
    before = Observation.objects.count()
    far = post(client, {**TOURISTS, "year": "令和99年", "value": "500"})
    assert far.status_code == 400
    assert far.json()["year"][0].startswith("令和99年（2117）はまだ始まっていません")
    negative = post(client, {"indicator": "総生産額", "year": "R5", "value": "-5", "source": "x"})
    assert negative.status_code == 400
    assert negative.json() == {
        "value": [
            "-5 は総生産額（億円）の範囲外です: 0 以上の値を書いてください"
            "（符号や単位を確かめます）"
        ]
    }
    assert Observation.objects.count() == before


def test_evaluation_of_reiwa_99_or_1990_is_refused_for_everyone(client_as):
    for who in (None, "secretariat"):
        client = client_as(who)
        for year in ("令和99年度", "1990"):
            response = client.get(f"/api/evaluation?year={year}")
            assert response.status_code == 400
            assert "は計画の期間外です" in response.json()["year"][0]


def test_a_tenfold_change_needs_confirm_and_is_recorded_as_confirmed(client_as):
    client = client_as("department")
    assert post(client, {**TOURISTS, "year": "令和5年", "value": "558"}).status_code == 201
    refused = post(client, {**TOURISTS, "year": "令和6年", "value": "5580"})
    assert refused.status_code == 400
    assert refused.json()["value"] == [
        "5,580 は前年 558 の 10.0 倍です。桁や単位を確かめ、この値で正しければ確認（confirm）を"
        "付けてもう一度記録してください"
    ]
    assert not Observation.objects.filter(year=2024).exists()
    accepted = post(client, {**TOURISTS, "year": "令和6年", "value": "5580", "confirm": True})
    assert accepted.status_code == 201
    assert accepted.json()["confirmed_change"] == "5,580 は前年 558 の 10.0 倍です"
    assert Observation.objects.get(year=2024).confirmed_change == "5,580 は前年 558 の 10.0 倍です"
