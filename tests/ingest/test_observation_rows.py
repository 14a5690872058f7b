"""Observation files: every spelling the contract allows, every bad row with its place."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from shinchoku.ingest.errors import InputError
from shinchoku.ingest.observation_rows import read_csv_bytes, read_xlsx_bytes
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.plan.builtin import history_bytes, plan_text

HEADER = "indicator,year,value,source,published_on,edition,note\n"


@pytest.fixture(scope="module")
def plan():
    return read_plan_text(plan_text())


def csv(plan, body: str, header: str = HEADER, bom: bool = False):
    data = (("\ufeff" if bom else "") + header + body).encode("utf-8")
    return read_csv_bytes(data, plan, "data.csv")


def problems(plan, body: str, header: str = HEADER) -> list[str]:
    with pytest.raises(InputError) as err:
        csv(plan, body, header)
    return [str(p) for p in err.value.problems]


def test_the_shipped_history_reads_whole(plan):
    rows = read_csv_bytes(history_bytes(), plan, "history.csv")
    assert [(o.indicator, o.year, o.value) for o in rows[:3]] == [
        ("gross-product", 2017, Decimal("8864")),
        ("gross-product", 2018, Decimal("8624")),
        ("gross-product", 2019, Decimal("9095")),
    ]
    assert rows[2].published_on == datetime.date(2022, 8, 19)
    assert rows[1].published_on is None
    assert [o.year for o in rows[3:]] == [1991, 1996, 2001, 2006, 2009]


@pytest.mark.parametrize(
    ("indicator", "year", "value", "expected"),
    [
        ("総生産額", "令和4年度", "9,300", ("gross-product", 2022, "9300")),
        ("gross-product", "R4", "9300.5", ("gross-product", 2022, "9300.5")),
        ("総生産額", "2022年度", "９３００", ("gross-product", 2022, "9300")),
        ("観光入込客数", "令和4年", "480", ("tourist-visits", 2022, "480")),
        ("tourist-visits", "2022", "-3", ("tourist-visits", 2022, "-3")),
    ],
)
def test_good_rows(plan, indicator, year, value, expected):
    (o,) = csv(plan, f'{indicator},{year},"{value}",出典,2025-08-01,,\n', bom=True)
    assert (o.indicator, o.year, o.value) == (expected[0], expected[1], Decimal(expected[2]))


def test_source_and_edition_are_kept_as_written(plan):
    (o,) = csv(plan, "総生産額,R4,1,埼玉県（令和4年度版）,,令和４年度版,メモ\n")
    assert (o.source, o.edition, o.note) == ("埼玉県（令和4年度版）", "令和４年度版", "メモ")


def test_every_bad_row_is_listed_with_row_and_column(plan):
    body = (
        "総生産額,令和4年度,9300,ok,,,\n"  # row 2: good
        "総生産額,令和4年,9300,ok,,,\n"  # row 3: 年 for a 年度 indicator
        "観光入込客数,2022,-,ok,,,\n"  # row 4: placeholder
        "売上高,2022,1,ok,,,\n"  # row 5: no such indicator
        "employees,令和0年,,,2024-13-01,,\n"  # row 6: four problems
    )
    found = problems(plan, body)
    assert found[0].startswith("data.csv 3行目 B列 [year]: 「令和4年」とありますが、総生産額は年度")
    assert found[1].startswith("data.csv 4行目 C列 [value]: 「-」は未公表")
    assert found[2].startswith(
        "data.csv 5行目 A列 [indicator]: 「売上高」という指標は計画にありません"
    )
    assert [p.split(":")[0] for p in found[3:]] == [
        "data.csv 6行目 B列 [year]",
        "data.csv 6行目 C列 [value]",
        "data.csv 6行目 D列 [source]",
        "data.csv 6行目 E列 [published_on]",
    ]


@pytest.mark.parametrize("placeholder", ["x", "X", "…", "***", "ー", ""])
def test_placeholders_are_errors_never_zero(plan, placeholder):
    (found,) = problems(plan, f"総生産額,R4,{placeholder},ok,,,\n")
    assert "[value]" in found


def test_header_problems(plan):
    found = problems(plan, "総生産額,R4,1\n", header="indicator,year,amount\n")
    assert found == [
        "data.csv 1行目 C列: 「amount」という列は使えません。"
        "使える列: indicator, year, value, source, published_on, edition, note",
        "data.csv 1行目: 必要な列がありません: value, source",
    ]


def test_japanese_headers(plan):
    (o,) = csv(plan, "総生産額,R4,1,出典\n", header="指標,年度,値,出典\n")
    assert o.value == 1


def test_row_numbers_count_quoted_line_breaks(plan):
    found = problems(plan, '総生産額,R4,1,ok,,,"two\nlines"\n総生産額,R4,x,ok,,,\n')
    assert found[0].startswith("data.csv 4行目 C列")


def test_shift_jis_is_read_and_a_forced_utf8_names_the_byte(plan):
    data = (HEADER + "総生産額,R4,1,出典,,,\n").encode("cp932")
    (o,) = read_csv_bytes(data, plan, "sjis.csv")
    assert (o.indicator, o.source) == ("gross-product", "出典")
    offset = len(HEADER.encode()) + 1  # the first byte of 総, counted from 1
    with pytest.raises(InputError, match=f"UTF-8として読めません: {offset}バイト目（2行目、0x91）"):
        read_csv_bytes(data, plan, "sjis.csv", encoding="utf-8")


def test_empty_file(plan):
    with pytest.raises(InputError, match="データ行がありません"):
        csv(plan, "")


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = "実績"
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_xlsx_first_sheet_with_native_numbers_and_dates(plan):
    data = xlsx(
        [
            ["indicator", "year", "value", "source", "published_on"],
            ["総生産額", 2022, 9300, "出典", datetime.datetime(2025, 8, 1)],
            ["employees", "R6", 116000.0, "出典", None],
        ]
    )
    rows = read_xlsx_bytes(data, plan, "data.xlsx")
    assert [(o.year, o.value, o.published_on) for o in rows] == [
        (2022, Decimal("9300"), datetime.date(2025, 8, 1)),
        (2024, Decimal("116000.0"), None),
    ]


def test_xlsx_errors_name_sheet_row_and_column(plan):
    data = xlsx([["indicator", "year", "value", "source"], ["総生産額", 2022, "x", "出典"]])
    with pytest.raises(InputError) as err:
        read_xlsx_bytes(data, plan, "data.xlsx")
    assert str(err.value.problems[0]).startswith("data.xlsx [実績] 2行目 C列 [value]")
    first = err.value.problems[0]  # the place in parts, for the list of problems to download
    assert (first.file, first.row, first.column, first.field) == (
        "data.xlsx [実績]",
        2,
        "C",
        "value",
    )


def test_header_problems_have_their_place_in_parts(plan):
    with pytest.raises(InputError) as err:
        read_csv_bytes("indicator,year,amount\n総生産額,R4,1\n".encode(), plan, "data.csv")
    parts = [(p.file, p.row, p.column, p.field) for p in err.value.problems]
    assert parts == [("data.csv", 1, "C", ""), ("data.csv", 1, "", "")]


def test_damaged_xlsx(plan):
    with pytest.raises(InputError, match="XLSXとして開けません"):
        read_xlsx_bytes(b"not a zip", plan, "bad.xlsx")
