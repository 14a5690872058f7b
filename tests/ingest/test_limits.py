"""Upload limits, checked while a file streams: each limit refuses with where and what to do."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook
from tests.uploads import hostile

from shinchoku.ingest.errors import InputError
from shinchoku.ingest.limits import MB, Limits, size_text
from shinchoku.ingest.observation_rows import read_csv_bytes, read_xlsx_bytes
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.ingest.template import read_template_bytes
from shinchoku.plan.builtin import plan_text

PLAN = read_plan_text(plan_text())
HEADER = "indicator,year,value,source\n"
ROW = "総生産額,R4,9300,県民経済計算\n"


def refused(read, data: bytes, limits: Limits) -> str:
    with pytest.raises(InputError) as caught:
        read(data, PLAN, "f", limits=limits)
    (problem,) = caught.value.problems
    return f"{problem.where}: {problem.message}"


def test_the_defaults_are_the_documented_ones():
    limits = Limits()
    assert (limits.max_bytes, limits.max_rows, limits.max_columns) == (20 * MB, 200_000, 100)
    assert (limits.max_cell_chars, limits.max_unzipped_bytes) == (10_000, 100 * MB)
    assert (limits.max_shared_strings, limits.max_cells, limits.max_photo_bytes) == (
        1_000_000,
        2_000_000,
        2 * MB,
    )


def test_limits_come_from_the_environment_and_large_raises_them_tenfold():
    env = {"SHINCHOKU_UPLOAD_MAX_ROWS": "500", "SHINCHOKU_UPLOAD_MAX_MB": "1.5",
           "SHINCHOKU_UPLOAD_MAX_PHOTO_BYTES": "1000"}  # fmt: skip
    limits = Limits.from_env(env)
    assert (limits.max_rows, limits.max_bytes, limits.max_photo_bytes) == (500, int(1.5 * MB), 1000)
    assert limits.max_columns == 100
    assert limits.raised(10).max_rows == 5000


@pytest.mark.parametrize(
    ("n", "text"), [(512, "1 KB"), (20 * MB, "20 MB"), (int(1.5 * MB), "1.5 MB")]
)
def test_sizes_read_as_people_write_them(n, text):
    assert size_text(n) == text


def test_rows_over_the_limit_are_refused_at_the_first_one_beyond():
    data = (HEADER + ROW * 4).encode()
    assert len(read_csv_bytes(data, PLAN, "f", limits=Limits(max_rows=4))) == 4
    assert refused(read_csv_bytes, data, Limits(max_rows=3)).startswith(
        "f: 行が多すぎます（上限 3行。空の行も数えます）"
    )


def test_a_value_beyond_the_column_limit_is_refused_with_its_row():
    data = (HEADER + "総生産額,R4,9300,県民経済計算,,,,x\n").encode()
    assert refused(read_csv_bytes, data, Limits(max_columns=7)) == (
        "f 2行目: 列が多すぎます（8列目に値があります。上限 7列）: "
        "観測値の表は indicator, year, value, source などの列だけにしてください"
    )
    # Empty cells past the limit are only padding.
    padded = (HEADER + "総生産額,R4,9300,県民経済計算,,,,,,\n").encode()
    assert len(read_csv_bytes(padded, PLAN, "f", limits=Limits(max_columns=7))) == 1


def test_a_cell_over_the_length_limit_is_refused_with_its_cell():
    data = (HEADER + "総生産額,R4,9300," + "統" * 101 + "\n").encode()
    assert refused(read_csv_bytes, data, Limits(max_cell_chars=100)).startswith(
        "f 2行目 D列: セルの文字数が多すぎます（101字、上限 100字）"
    )


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_is_refused_by_rows_cells_strings_and_expanded_size():
    data = xlsx([["indicator", "year", "value", "source"]] + [["総生産額", "R4", 9300, "県"]] * 5)
    assert len(read_xlsx_bytes(data, PLAN, "f.xlsx")) == 5
    assert "行が多すぎます（上限 4行" in refused(read_xlsx_bytes, data, Limits(max_rows=4))
    assert "XLSXのセルが多すぎます（24個、上限 23）" in refused(
        read_xlsx_bytes, data, Limits(max_cells=23)
    )
    assert "XLSXの展開後の大きさが上限を超えます" in refused(
        read_xlsx_bytes, data, Limits(max_unzipped_bytes=5000)
    )


def test_shared_strings_over_the_limit_are_refused_before_they_are_loaded():
    strings = b"".join(b"<si><t>%d</t></si>" % n for n in range(7))
    shared = hostile.Member("xl/sharedStrings.xml", hostile.SST_HEAD + strings + b"</sst>")
    sheet = hostile.Member(
        "xl/worksheets/sheet1.xml",
        (hostile.SHEET_HEAD + hostile.HEADER_ROW + hostile.SHEET_TAIL).encode(),
    )
    data = hostile.workbook(sheet, shared)
    message = refused(read_xlsx_bytes, data, Limits(max_shared_strings=6))
    assert message == (
        "f: XLSXの文字列が多すぎます（7種類、上限 6）: 必要なシートと行だけのブックにしてください"
    )


def test_a_workbook_read_whole_may_hold_a_tenth_of_the_cells():
    data = xlsx([["x"] * 10] * 3)  # 30 cells
    message = refused(read_template_bytes, data, Limits(max_cells=290))
    assert "XLSXのセルが多すぎます（30個、上限 29）" in message


def test_a_sheet_whose_last_row_is_a_million_down_stops_at_the_row_limit():
    # One stored row numbered 1,048,576: openpyxl would make up every empty row before it.
    far = '<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    sheet = hostile.Member(
        "xl/worksheets/sheet1.xml",
        (hostile.SHEET_HEAD + hostile.HEADER_ROW + far + hostile.SHEET_TAIL).encode(),
    )
    message = refused(read_xlsx_bytes, hostile.workbook(sheet), Limits())
    assert "行が多すぎます（上限 200,000行。空の行も数えます）" in message


def test_a_sheet_that_claims_to_span_every_column_is_read_as_stored():
    dimension = '<dimension ref="A1:XFD1048576"/>'
    row = (
        '<row r="2"><c r="A2" t="inlineStr"><is><t>総生産額</t></is></c>'
        '<c r="B2" t="inlineStr"><is><t>R4</t></is></c><c r="C2"><v>9300</v></c>'
        '<c r="D2" t="inlineStr"><is><t>県民経済計算</t></is></c></row>'
    )
    head = hostile.SHEET_HEAD.replace("<sheetData>", dimension + "<sheetData>")
    sheet = hostile.Member(
        "xl/worksheets/sheet1.xml", (head + hostile.HEADER_ROW + row + hostile.SHEET_TAIL).encode()
    )
    (o,) = read_xlsx_bytes(hostile.workbook(sheet), PLAN, "f.xlsx")
    assert (o.indicator, o.year, int(o.value)) == ("gross-product", 2022, 9300)
