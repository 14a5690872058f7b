"""The owner's Excel template: what it holds, and read back exactly like a CSV row."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from shinchoku.core.model import Observation
from shinchoku.ingest.errors import InputError
from shinchoku.ingest.observation_rows import read_csv_bytes
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.ingest.template import is_template, read_template_bytes, write_template
from shinchoku.plan.builtin import plan_text


@pytest.fixture(scope="module")
def plan():
    return read_plan_text(plan_text())


@pytest.fixture(scope="module")
def blank(plan) -> bytes:
    previous = {
        "gross-product": Observation(
            "gross-product", 2019, Decimal("9095"), "県経済計算", edition="令和元年度版"
        )
    }
    return write_template(plan, 2024, plan.indicators, previous, "産業振興課")


def filled(data: bytes, **cells) -> bytes:
    book = load_workbook(io.BytesIO(data))
    sheet = book["実績値"]
    for ref, value in cells.items():
        sheet[ref] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_template_shows_the_items_locked_and_the_inputs_open(blank):
    book = load_workbook(io.BytesIO(blank))
    assert book.sheetnames == ["記入方法", "実績値", "_shinchoku"]
    assert book["_shinchoku"].sheet_state == "hidden"
    assert "黄色いセルだけに記入" in book["記入方法"]["A3"].value
    sheet = book["実績値"]
    assert sheet.protection.sheet
    row = [sheet.cell(4, c).value for c in range(1, 14)]
    assert row[:4] == ["gross-product", "総生産額", "億円", "令和6年度"]
    assert row[9:12] == [9278, "令和元年度", 9095]  # 令和6年度 target; the value on record
    assert sheet["A4"].protection.locked and not sheet["E4"].protection.locked
    assert sheet["D6"].value == "令和6年"  # tourist visits count calendar years
    rules = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
    assert rules["D4"].type == "list" and "令和6年度" in rules["D4"].formula1
    assert rules["D4"].formula1.startswith('"令和元年度')  # from the baseline year
    assert {v.type for v in rules.values()} == {"list", "decimal", "date"}
    assert is_template(blank)


def test_a_filled_row_reads_back_as_the_same_csv_row_would(plan, blank):
    data = filled(blank, E4=9300, G4=datetime.datetime(2025, 8, 1), H4="令和4年度版", E6="480")
    rows = read_template_bytes(data, plan, "t.xlsx")
    csv = (
        "indicator,year,value,source,published_on,edition,note\n"
        "gross-product,令和6年度,9300,埼玉県市町村民経済計算（市町村内総生産・名目）,2025-08-01,令和4年度版,\n"
        "tourist-visits,令和6年,480,埼玉県観光入込客統計調査,,,\n"
    ).encode()
    assert rows.observations == read_csv_bytes(csv, plan, "same.csv")
    assert (rows.blank, rows.year) == (2, 2024)


def test_errors_name_the_sheet_and_cell(plan, blank):
    data = filled(blank, E4="x", D6="令和6年度", E6=480, E7="=1+1")
    with pytest.raises(InputError) as err:
        read_template_bytes(data, plan, "t.xlsx")
    found = [str(p) for p in err.value.problems]
    assert found[0].startswith("t.xlsx [実績値] E4 [value]: 「x」は未公表")
    assert found[1].startswith("t.xlsx [実績値] D6 [year]: 「令和6年度」とありますが")
    assert found[2].startswith("t.xlsx [実績値] E7 [value]: 数式「=1+1」の計算結果")
    # the same place in parts, for the downloadable list of problems (uploads.problems)
    parts = [(p.file, p.row, p.column, p.field) for p in err.value.problems]
    assert parts == [
        ("t.xlsx [実績値]", 4, "E", "value"),
        ("t.xlsx [実績値]", 6, "D", "year"),
        ("t.xlsx [実績値]", 7, "E", "value"),
    ]


def test_an_untouched_template_is_refused(plan, blank):
    with pytest.raises(InputError, match="値が1つも記入されていません"):
        read_template_bytes(blank, plan, "t.xlsx")


def test_a_moved_column_is_refused(plan, blank):
    data = filled(blank, E3="実績", E4=1)
    with pytest.raises(InputError, match=r"E3: 見出しが「値」ではなく「実績」です"):
        read_template_bytes(data, plan, "t.xlsx")


def test_another_plans_template_is_refused(plan, blank):
    book = load_workbook(io.BytesIO(filled(blank, E4=1)))
    book["_shinchoku"]["B2"] = "another-plan"
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(InputError, match="別の計画（another-plan）のテンプレートです"):
        read_template_bytes(out.getvalue(), plan, "t.xlsx")
