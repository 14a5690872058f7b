"""The bulk open data: valid Frictionless package, published years only, core's numbers."""

from __future__ import annotations

import csv
import io
import json
import zipfile

import pytest
from openpyxl import load_workbook

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.core.serialize import evaluation_dict
from shinchoku.observations.services import evaluate_year
from shinchoku.opendata.package import build

from .conftest import BASE


def rows(bundle, path: str, encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(bundle.files[path].decode(encoding))))


@pytest.fixture
def bundle(published, records):
    return build(published, BASE)


def test_frictionless_validates_the_package(bundle, tmp_path):
    from frictionless import validate

    with zipfile.ZipFile(io.BytesIO(bundle.files["shinchoku-data.zip"])) as archive:
        archive.extractall(tmp_path)
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    names = [r["name"] for r in json.loads(bundle.files["datapackage.json"])["resources"]]
    assert names[:2] == ["observations", "evaluations"]
    assert {"indicators", "targets", "series-breaks", "plan-versions", "places"} <= set(names)


def test_frictionless_catches_a_broken_foreign_key(bundle, tmp_path):
    """The validation test can fail: an observation naming no indicator is reported."""
    from frictionless import validate

    with zipfile.ZipFile(io.BytesIO(bundle.files["shinchoku-data.zip"])) as archive:
        archive.extractall(tmp_path)
    path = tmp_path / "csv" / "observations.csv"
    path.write_bytes(path.read_bytes().replace(b"gross-product", b"no-such-indicator", 1))
    report = validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert "foreign-key" in {e.type for task in report.tasks for e in task.errors}


def test_schema_states_types_units_and_keys(bundle):
    package = json.loads(bundle.files["datapackage.json"])
    by_name = {r["name"]: r for r in package["resources"]}
    obs = by_name["observations"]["schema"]
    types = {f["name"]: f["type"] for f in obs["fields"]}
    assert types["value"] == "number" and types["published_on"] == "date"
    assert types["counts"] == "boolean" and types["year"] == "integer"
    assert obs["primaryKey"] == ["id"]
    assert obs["foreignKeys"] == [
        {"fields": ["indicator"], "reference": {"resource": "indicators", "fields": ["code"]}}
    ]
    km = next(f for f in by_name["courses"]["schema"]["fields"] if f["name"] == "length_km")
    assert km["unit"] == "km" and "単位: km" in km["description"]
    assert package["licenses"][0]["title"] == "政府標準利用規約（第2.0版）"


def test_observations_are_every_published_revision_with_provenance(bundle):
    found = [r for r in rows(bundle, "csv/observations.csv") if r["indicator"] == "gross-product"]
    assert [(r["year"], r["value"]) for r in found] == [
        ("2017", "8864"),
        ("2018", "8624"),
        ("2019", "9095"),
        ("2021", "9300"),
        ("2023", "9250"),
        ("2020", "90000"),
    ]  # in the order recorded; 令和6年度 (2024) is not published: absent
    mistake = found[5]  # listed, marked withdrawn with its reason, never counting
    assert (mistake["withdrawn"], mistake["withdrawal_reason"], mistake["counts"]) == (
        "true", "桁の誤り", "false")  # fmt: skip
    first = found[0]
    assert first["published_on"] == "2020-06-11" and first["edition"] == "平成29年度版"
    assert first["counts"] == "true" and first["withdrawn"] == "false"
    assert first["unit"] == "億円"
    assert all(r["year"] <= "2023" for r in rows(bundle, "csv/observations.csv"))


def test_evaluations_are_cores_numbers_for_each_published_year(published, bundle):
    found = rows(bundle, "csv/evaluations.csv")
    assert sorted({int(r["year"]) for r in found}) == list(range(2018, 2024))
    expected = evaluation_dict(2023, None, evaluate_year(published, 2023))["indicators"]
    gross = next(i for i in expected if i["code"] == "gross-product")
    row = next(r for r in found if r["year"] == "2023" and r["indicator"] == "gross-product")
    assert row["latest_year"] == "2023" and row["latest_value"] == "9250"
    assert float(row["progress"]) == gross["progress"] and row["rating"] == gross["rating"] == "A"
    assert float(row["expected"]) == gross["expected"] == 9186  # the 令和5年度 target
    assert row["status"] == gross["status"] and row["comparable"] == "true"
    early = next(r for r in found if r["year"] == "2022" and r["indicator"] == "gross-product")
    # 令和4年度 is before the first target year: core rates nothing and says why
    assert (early["rating"], early["progress"], early["rated"], early["reason"]) == (
        "", "", "false", "before_first_target")  # fmt: skip


def test_registries_hold_public_records_only(bundle, records):
    places = rows(bundle, "csv/places.csv")
    assert [p["name"] for p in places] == ["𠮷田農園の直売所"]  # the SAMPLE place is not there
    assert rows(bundle, "csv/products.csv")[0]["number"] == "B-001"


def test_formula_like_text_is_neutralised_in_csv_and_xlsx(bundle):
    assert rows(bundle, "csv/products.csv")[0]["name"].startswith("'=HYPERLINK")
    book = load_workbook(io.BytesIO(bundle.files["shinchoku-data.xlsx"]))
    cell = book["products"]["C2"]  # kept as written, but inert text (Excel's quote prefix)
    assert cell.data_type == "s" and cell.quotePrefix
    assert cell.value == '=HYPERLINK("http://evil.example")'
    assert book["observations"]["D2"].value == 8864  # numbers stay numbers


def test_shift_jis_replaces_what_it_cannot_hold_and_says_so(bundle):
    place = rows(bundle, "csv-sjis/places.csv", "cp932")[0]
    assert place["name"] == "〓田農園の直売所"
    assert place["opening"] == "土日 9時～12時"  # WAVE DASH as Windows writes it
    note = next(r for r in bundle.replacements if r.table == "places")
    assert (note.line, note.column, note.character) == (2, "name", "𠮷")
    readme = bundle.files["README.txt"].decode("utf-8-sig")
    assert "places.csv 2行目 name列: 「𠮷」(U+20BB7) を「〓」に置き換えました" in readme


def test_same_data_gives_the_same_bytes(published, records, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    first, second = build(published, BASE), build(published, BASE)
    assert first.files == second.files
    with zipfile.ZipFile(io.BytesIO(first.files["shinchoku-data.zip"])) as archive:
        assert {i.date_time[:3] for i in archive.infolist()} == {(2025, 12, 1)}


def test_build_command_writes_the_files_and_then_only_what_changed(cli, published, tmp_path):
    first = cli("opendata", "build", str(tmp_path), "--base-url", BASE, "--format", "json")
    report = json.loads(first.stdout)
    assert "datapackage.json" in report["written"] and "csv/observations.csv" in report["written"]
    assert (tmp_path / "catalog.jsonld").read_text(encoding="utf-8").count(BASE + "/data/") > 30
    again = json.loads(cli("opendata", "build", str(tmp_path), "--base-url", BASE,
                           "--format", "json").stdout)  # fmt: skip
    assert again["written"] == []
    from shinchoku.observations.services import add

    add(published, {"indicator": "総生産額", "year": "令和4年度", "value": "9,400",
                    "source": "テスト用の値"}, actor=SYSTEM)  # fmt: skip
    third = json.loads(cli("opendata", "build", str(tmp_path), "--base-url", BASE,
                           "--format", "json").stdout)  # fmt: skip
    assert "csv/observations.csv" in third["written"] and "csv/policies.csv" not in third["written"]
    assert "9400" in (tmp_path / "csv" / "observations.csv").read_text(encoding="utf-8-sig")
