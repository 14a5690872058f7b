"""``/api/evaluation`` a page at a time (issue 16: 12,750 indicators made a 12 MB answer,
rendered again on every request): the CLI's rows in pages, links to the others, an ETag."""

from __future__ import annotations

import pytest

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.observations import services as observations
from shinchoku.observations.store import StoreEvaluation

from .test_api import cli_json

EXTRA = 206  # with the built-in plan's 4: 210 indicators, more than the largest page (200)
API = "http://testserver/api/evaluation"


@pytest.fixture
def large(extra_indicators):
    """The built-in plan with 206 more monitoring indicators (210 in all)."""
    return extra_indicators(EXTRA)


def codes(body: dict) -> list[str]:
    return [r["code"] for r in body["indicators"]]


def test_pages_of_fifty_with_links_and_the_count(large, client, publish):
    publish(2023)
    first = client.get("/api/evaluation").json()
    assert set(first) == {"year", "as_of", "count", "next", "previous", "indicators"}
    assert (first["year"], first["as_of"], first["count"]) == (2023, None, 210)
    assert len(first["indicators"]) == 50 and first["previous"] is None
    assert first["next"] == f"{API}?page=2"
    assert codes(first)[:5] == ["gross-product", "manufacturing-shipments", "tourist-visits",
                                "employees", "extra-000"]  # fmt: skip
    last = client.get(first["next"].replace("page=2", "page=5")).json()
    assert len(last["indicators"]) == 10 and last["next"] is None
    assert last["previous"] == f"{API}?page=4"
    assert codes(last)[-1] == "extra-205" and last["count"] == 210
    assert client.get("/api/evaluation?page=6").status_code == 404
    big = client.get("/api/evaluation?page_size=200").json()
    assert len(big["indicators"]) == 200 and big["next"] == f"{API}?page=2&page_size=200"
    capped = client.get("/api/evaluation?page_size=5000")
    assert len(capped.json()["indicators"]) == 200
    assert capped["ETag"] == client.get("/api/evaluation?page_size=200")["ETag"]


def test_following_next_gives_every_row_of_the_cli(large, client, publish):
    publish(2023)
    whole = cli_json("evaluate", "--year", "2023")
    rows, url, pages = [], "/api/evaluation?year=令和5年度&page_size=64&lang=ja", 0
    while url:
        body = client.get(url).json()
        assert (body["year"], body["as_of"], body["count"]) == (2023, None, 210)
        rows += body["indicators"]
        url, pages = body["next"], pages + 1
    assert pages == 4 and len(rows) == 210  # 64 + 64 + 64 + 18
    assert rows == whole["indicators"]
    english = client.get("/api/evaluation?year=2023&lang=en&page=4").json()
    assert english["indicators"][0]["name"] == "追加指標146"  # rows 151–200; no English name
    assert english["next"] == f"{API}?lang=en&page=5&year=2023"


def test_a_page_builds_only_its_own_rows(large, client, publish, monkeypatch):
    """A page reads the cached evaluation arrays and makes results for its rows only."""
    publish(2023)

    def refuse(self):
        raise AssertionError("the whole plan's results were built for one page")

    monkeypatch.setattr(StoreEvaluation, "results", property(refuse))
    body = client.get("/api/evaluation?page=3&page_size=100").json()
    assert codes(body) == [f"extra-{n:03d}" for n in range(196, 206)]


def test_conditional_get_and_the_public_data_version(large, client_as, publish):
    publish(2023)
    client = client_as(None)
    first = client.get("/api/evaluation?page=2")
    tag = first["ETag"]
    assert first.status_code == 200 and first["Vary"].startswith("Accept-Language")
    again = client.get("/api/evaluation?page=2&utm_source=x", HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304 and again.content == b""
    assert client.get("/api/evaluation?page=2&lang=en", HTTP_IF_NONE_MATCH=tag).status_code == 200
    # A value of a year not published yet is not public: the tag holds.
    fields = {"indicator": "extra-060", "year": "2024", "value": "170", "source": "調査"}
    observations.add(large, fields, actor=SYSTEM)
    assert client.get("/api/evaluation?page=2", HTTP_IF_NONE_MATCH=tag).status_code == 304
    # A value of the published year is public: the tag moves and the page shows it.
    fields = {"indicator": "extra-060", "year": "2023", "value": "165", "source": "調査"}
    observations.add(large, fields, actor=SYSTEM)
    changed = client.get("/api/evaluation?page=2", HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and changed["ETag"] != tag
    row = next(r for r in changed.json()["indicators"] if r["code"] == "extra-060")
    assert row["latest"]["year"] == 2023 and row["latest"]["value"] == 165


def test_a_year_not_published_is_refused_to_anonymous_callers_on_every_page(
    large, client_as, publish
):
    publish(2023)
    anonymous = client_as(None)
    for url in ("/api/evaluation?year=2024", "/api/evaluation?year=2024&page=3&page_size=10"):
        refused = anonymous.get(url)
        assert refused.status_code == 403 and "公表されていません" in refused.json()["detail"]
        assert "ETag" not in refused
    public_tag = anonymous.get("/api/evaluation?year=2023")["ETag"]
    staff = client_as("secretariat")
    draft = staff.get("/api/evaluation?year=2024&page=5")
    assert draft.status_code == 200 and draft.json()["count"] == 210
    assert draft["Cache-Control"] == "private" and "Authorization" in draft["Vary"]
    # Staff see what is not public yet: their tag follows every change, not the public one.
    assert staff.get("/api/evaluation?year=2023")["ETag"] != public_tag
    tag = draft["ETag"]
    assert staff.get("/api/evaluation?year=2024&page=5", HTTP_IF_NONE_MATCH=tag).status_code == 304
    fields = {"indicator": "extra-205", "year": "2024", "value": "310", "source": "調査"}
    observations.add(large, fields, actor=SYSTEM)
    moved = staff.get("/api/evaluation?year=2024&page=5", HTTP_IF_NONE_MATCH=tag)
    assert moved.status_code == 200 and moved.json()["indicators"][-1]["latest"]["value"] == 310


def test_the_schema_documents_the_pages(client, plan):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/evaluation"]["get"]
    assert {"plan", "year", "as_of", "lang", "page", "page_size"} <= {
        p["name"] for p in operation["parameters"]
    }
    body = operation["responses"]["200"]["content"]["application/json"]["schema"]
    page = schema["components"]["schemas"][body["$ref"].rsplit("/", 1)[-1]]["properties"]
    assert {"year", "as_of", "count", "next", "previous", "indicators"} == set(page)


def test_every_spelling_of_a_year_is_one_entry_with_one_tag(large, client_as, publish):
    from django.core.cache import cache

    publish(2023)
    anonymous = client_as(None)
    cache.clear()
    tags = {anonymous.get(f"/api/evaluation?year={y}")["ETag"] for y in ("2023", "R5", "令和5年度")}
    assert len(tags) == 1
    assert len([k for k in cache._cache if "api-read" in k]) == 1
    refused = anonymous.get("/api/evaluation?year=R99")  # still explained, not guessed
    assert refused.status_code == 400
