"""e-Stat getStatsData: recorded responses read, paged, picked, converted; failures explained."""

from __future__ import annotations

import datetime
import io
import json
import urllib.error
import urllib.parse
from decimal import Decimal
from pathlib import Path

import pytest

from shinchoku.ingest import estat
from shinchoku.ingest.errors import InputError
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.ingest.sources import read_sources
from shinchoku.plan.builtin import plan_text

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "estat"


def load(name: str):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def plan():
    return read_plan_text(plan_text())


@pytest.fixture(scope="module")
def sources(plan):
    found = read_sources(FIXTURES / "sources.yaml", {i.code for i in plan.indicators})
    return {s.indicator: s for s in found.estat}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("2021000000", (2021, "calendar")),
        ("2019100000", (2019, "fiscal")),
        ("2021000101", None),  # January 2021: not a year
        ("2021", None),
        ("", None),
    ],
)
def test_time_codes(code, expected):
    assert estat.parse_time(code) == expected


def test_a_page_with_a_next_key(plan):
    page = estat.parse_response(load("employees-page1.json"), "p1")
    assert (page.stats_data_id, page.next_key, len(page.cells)) == ("9000000001", 4, 3)
    assert page.published_on == datetime.date(2023, 6, 27)
    assert page.cells[1].dims == {
        "tab": "002",
        "cat01": "00",
        "area": "11208",
        "time": "2016000000",
    }
    assert page.cells[1].value == Decimal("111956")


def test_single_member_class_and_note_as_objects():
    page = estat.parse_response(load("employees-page2.json"), "p2")
    assert page.next_key is None
    assert page.class_names["area"] == {"11208": "所沢市"}
    secret = page.cells[2]
    assert (secret.value, secret.reason) == (None, "「x」（秘匿）")


def test_a_single_value_object_takes_its_unit_from_the_class():
    page = estat.parse_response(load("employees-revised.json"), "rev")
    (cell,) = page.cells
    assert (cell.value, cell.unit) == (Decimal("114622"), "人")
    assert page.published_on == datetime.date(2025, 1, 31)  # UPDATED_DATE, not OPEN_DATE


def test_an_error_status_is_reported_with_its_message():
    with pytest.raises(estat.EStatError, match=r"STATUS 100.*認証に失敗しました"):
        estat.parse_response(load("error-status.json"), "error-status.json")


@pytest.mark.parametrize(
    "data",
    [{}, [], {"GET_STATS_DATA": {}}, {"GET_STATS_DATA": {"RESULT": {"STATUS": "ok"}}}, "text"],
)
def test_not_the_estat_shape(data):
    with pytest.raises(InputError, match="getStatsData のJSON"):
        estat.parse_response(data, "x.json")


def test_pick_follows_both_pages_and_converts_nothing_for_people(plan, sources):
    pages = [("p1", load("employees-page1.json")), ("p2", load("employees-page2.json"))]
    picked = estat.pick(sources["employees"], pages, plan, "11208")
    assert [(o.year, o.value) for o in picked.observations] == [
        (2016, Decimal("111956")),
        (2021, Decimal("114500")),
    ]
    o = picked.observations[1]
    assert o.edition == "令和3年経済センサス‐活動調査 確報集計"
    assert o.published_on == datetime.date(2023, 6, 27)
    assert "統計表ID 9000000001" in o.source
    assert (o.source_value, o.source_unit, o.conversion) == (Decimal("114500"), "人", "")
    assert o.source_ref == "e-Stat 統計表ID 9000000001 @time=2021000000"
    assert picked.not_published == []  # the secret 製造業 cell is not what the mapping picks


def test_pick_converts_million_yen_and_keeps_placeholders_out(plan, sources):
    pages = [("s", load("shipments-single-class.json"))]
    picked = estat.pick(sources["manufacturing-shipments"], pages, plan, "11208")
    # 178,455百万円 = 1,784.55億円 → 1,785 (half up); 184,049 → 1,840
    assert [(o.year, o.value) for o in picked.observations] == [
        (2021, Decimal("1785")),
        (2022, Decimal("1840")),
    ]
    assert picked.not_published == ["製造品出荷額等 令和5年: 未公表 「***」（未公表）"]
    assert "接続しない" in picked.observations[0].note  # the mapping's own note
    first = picked.observations[0]
    assert (first.source_value, first.source_unit) == (Decimal("178455"), "百万円")
    assert first.conversion == "÷100、小数点以下を四捨五入（ROUND_HALF_UP）"


def test_an_ambiguous_mapping_says_which_dimension_to_add(plan, sources):
    loose = sources["employees"].model_copy(update={"select": {"tab": "002"}})
    with pytest.raises(InputError) as err:
        estat.pick(loose, [("p1", load("employees-page1.json"))], plan, "11208")
    assert "select に cat01 を加えてください" in str(err.value)


def test_a_unit_that_changed_is_an_error(plan, sources):
    data = load("employees-revised.json")
    data["GET_STATS_DATA"]["STATISTICAL_DATA"]["DATA_INF"]["VALUE"]["@unit"] = "千人"
    with pytest.raises(InputError, match="単位が「千人」です"):
        estat.pick(sources["employees"], [("r", data)], plan, "11208")


class FakeResponse(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def test_the_client_follows_next_key_with_the_mapping_codes(sources):
    asked = []

    def opener(url, timeout):
        asked.append(urllib.parse.parse_qs(urllib.parse.urlsplit(url).query))
        page = "employees-page2.json" if "startPosition" in url else "employees-page1.json"
        return FakeResponse((FIXTURES / page).read_bytes())

    pages = estat.fetch_pages(sources["employees"], "APPID", "11208", "http://e.test/", 5, opener)
    assert len(pages) == 2
    assert asked[0]["cdTab"] == ["002"] and asked[0]["cdCat01"] == ["00"]
    assert asked[0]["cdArea"] == ["11208"] and "startPosition" not in asked[0]
    assert asked[1]["startPosition"] == ["4"]


def test_an_http_error_hides_the_application_id(sources):
    def opener(url, timeout):
        raise urllib.error.HTTPError(url, 403, "Forbidden", {}, None)

    with pytest.raises(estat.EStatError) as err:
        estat.fetch_pages(sources["employees"], "SECRET", "11208", "http://e.test/", 5, opener)
    assert "HTTP 403" in str(err.value) and "SECRET" not in str(err.value)


def test_no_network_fails_clearly(sources):
    # Port 9 (discard) on loopback: nothing listens, so the connection is refused at once.
    with pytest.raises(estat.EStatUnavailable) as err:
        estat.fetch_pages(sources["employees"], "SECRET", "11208", "http://127.0.0.1:9/", 2)
    message = str(err.value)
    assert "e-Statに接続できません" in message and "--response FILE.json" in message
    assert "SECRET" not in message


def test_saved_responses_are_a_list_or_one(tmp_path):
    assert len(estat.read_response_file(FIXTURES / "employees-2pages.json")) == 2
    assert len(estat.read_response_file(FIXTURES / "employees-revised.json")) == 1
    bad = tmp_path / "bad.json"
    bad.write_text("<html>maintenance</html>", encoding="utf-8")
    with pytest.raises(InputError, match="JSONとして読めません"):
        estat.read_response_file(bad)
    with pytest.raises(estat.EStatError, match="STATUS 100"):
        estat.read_response_file(FIXTURES / "error-status.json")
