"""The REST API: the same JSON as the command line, its errors, and its permissions."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.accounts.services import create_token

BODY = {
    "indicator": "観光入込客数",
    "year": "令和4年",
    "value": "498",
    "source": "令和4年埼玉県観光入込客統計調査",
    "published_on": "2023-09-01",
}


def cli_json(*args: str):
    from shinchoku.cli import main

    return json.loads(CliRunner().invoke(main, [*args, "--format", "json"]).stdout)


def test_plan_is_the_cli_json(client, plan):
    assert client.get("/api/plan").json() == cli_json("plan", "show")


def test_evaluation_is_the_cli_json_in_pages(client_as):
    client = client_as("secretariat")
    whole = cli_json("evaluate", "--year", "2023")
    body = client.get("/api/evaluation?year=2023").json()
    # One page holds the built-in plan's 4 indicators: the CLI's JSON and the page fields.
    assert body == whole | {"count": 4, "next": None, "previous": None}
    pages = [client.get(f"/api/evaluation?year=2023&page_size=3&page={n}").json() for n in (1, 2)]
    assert [len(p["indicators"]) for p in pages] == [3, 1]
    assert pages[0]["indicators"] + pages[1]["indicators"] == whole["indicators"]
    body = client.get("/api/evaluation?year=令和5年度&as_of=2022-01-01").json()
    # By 2022-01-01 only 平成29年度 was published (平成30年度's date is unknown, so it is left out).
    assert body["as_of"] == "2022-01-01" and body["indicators"][0]["latest"]["year"] == 2017


def test_anonymous_sees_only_published_years(client, plan, publish):
    assert client.get("/api/evaluation?year=2022").status_code == 200  # before the plan
    refused = client.get("/api/evaluation?year=2023")
    assert refused.status_code == 403 and "公表されていません" in refused.json()["detail"]
    none_yet = client.get("/api/evaluation")
    assert none_yet.status_code == 404
    assert "公表された評価はまだありません（最初の評価は令和5年度）" in none_yet.json()["detail"]
    publish(2023)
    assert client.get("/api/evaluation").json()["year"] == 2023
    assert client.get("/api/evaluation?year=2024").status_code == 403


def test_bad_query_is_400(client, plan):
    assert client.get("/api/evaluation?year=平成40年").status_code == 400
    assert client.get("/api/evaluation?year=2022&as_of=yesterday").status_code == 400


def test_observations_of_an_indicator(client, plan):
    rows = client.get("/api/indicators/gross-product/observations").json()
    assert [(r["year"], r["value"], r["current"]) for r in rows] == [
        (2017, 8864, True),
        (2018, 8624, True),
        (2019, 9095, True),
    ]
    assert client.get("/api/indicators/nothing/observations").status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, 401),
        ("council", 403),
        ("partner", 403),
        ("other_department", 403),
        ("department", 201),
        ("secretariat", 201),
    ],
)
def test_post_permissions(client_as, who, expected):
    response = client_as(who).post("/api/observations", BODY, content_type="application/json")
    assert response.status_code == expected, response.content


def test_post_returns_the_stored_record(client_as):
    response = client_as("department").post(
        "/api/observations", BODY, content_type="application/json"
    )
    from shinchoku.observations.models import Observation

    assert response.json() == {
        "id": Observation.objects.latest("id").pk,  # the ID to withdraw it by
        "indicator": "tourist-visits",
        "year": 2022,
        "value": 498,
        "source": "令和4年埼玉県観光入込客統計調査",
        "published_on": "2023-09-01",
        "edition": "",
        "note": "",
        "source_value": None,
        "source_unit": "",
        "conversion": "",
        "source_ref": "",
        "current": True,
        "withdrawal": None,
        "confirmed_change": "",
    }


def test_post_errors_per_field(client_as):
    response = client_as("department").post(
        "/api/observations",
        BODY | {"year": "令和4年度", "value": "x"},
        content_type="application/json",
    )
    assert response.status_code == 400
    errors = response.json()
    assert set(errors) == {"year", "value"}
    assert "観光入込客数は年で数える指標" in errors["year"][0]


@pytest.mark.parametrize(
    "body",
    ["[" * 10_000 + "]" * 10_000, '{"a": ' * 10_000 + "1" + "}" * 10_000],
    ids=["lists", "objects"],
)
def test_deeply_nested_body_is_400(client_as, body):
    from shinchoku.observations.models import Observation

    before = Observation.objects.count()
    response = client_as("secretariat").post(
        "/api/observations", body, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert "入れ子が深すぎます" in response.json()["detail"]
    assert Observation.objects.count() == before


def test_oversized_body_is_413(client_as):
    body = json.dumps(BODY | {"note": "x" * 3_000_000})
    response = client_as("secretariat").post(
        "/api/observations", body, content_type="application/json"
    )
    assert response.status_code == 413
    assert "大きすぎます" in response.content.decode()


def test_token_auth_for_scripts(client, users):
    key = create_token("department", actor=SYSTEM)
    response = client.post(
        "/api/observations",
        BODY,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {key}",
    )
    assert response.status_code == 201
    bad = client.post(
        "/api/observations", BODY, content_type="application/json", HTTP_AUTHORIZATION="Token nope"
    )
    assert bad.status_code == 401


def test_openapi_schema(client, plan):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert {
        "/api/plan",
        "/api/evaluation",
        "/api/observations",
        "/api/indicators/{code}/observations",
    } <= set(schema["paths"])
