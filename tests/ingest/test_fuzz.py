"""Every reader, fed broken input, ends in a located InputError or a correct import: no crash.

Property-based (hypothesis). ``SHINCHOKU_FUZZ_EXAMPLES=20000`` turns the same tests into a
longer fuzzing run (the default keeps CI fast).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import os
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from shinchoku.ingest import estat
from shinchoku.ingest.errors import InputError
from shinchoku.ingest.limits import Limits
from shinchoku.ingest.observation_rows import read_csv_bytes, read_xlsx_bytes
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.ingest.sources import read_sources, read_sources_text, table_source
from shinchoku.ingest.tables import read_table
from shinchoku.ingest.template import read_template_bytes, write_template
from shinchoku.plan.builtin import plan_text

FUZZ = settings(
    max_examples=int(os.environ.get("SHINCHOKU_FUZZ_EXAMPLES", "60")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PLAN = read_plan_text(plan_text())
SOURCES = read_sources(None, {i.code for i in PLAN.indicators})

# Cells a person might type: good values, placeholders, era years, dates, junk.
# fmt: off
WORDS = ["総生産額", "gross-product", "観光入込客数", "employees", "令和5年度", "R5", "令和5年",
         "2023", "9,095", "９０９５", "-", "x", "***", "…", "", " ", "2025-08-01", "2025/13/40",
         "=SUM(A1:A3)", "所沢市", "所 沢 市", "\u3000", "1e400", "NaN", "-0", "１，２３４"]
# fmt: on
CELL = st.one_of(
    st.sampled_from(WORDS),
    st.text(max_size=12),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=True, allow_infinity=True),
    st.none(),
)
XL_CELL = st.one_of(
    CELL.filter(lambda v: not isinstance(v, str) or v.isprintable()),
    st.datetimes(min_value=datetime.datetime(1950, 1, 1), max_value=datetime.datetime(2100, 1, 1)),
    st.booleans(),
)


def rejected_or_read(read, *args):
    """Call a reader; an InputError (with a located problem) or a result, nothing else."""
    try:
        return read(*args)
    except InputError as err:
        assert err.problems and all(str(p) for p in err.problems)
        return None


@FUZZ
@given(st.binary(max_size=2000))
def test_csv_from_any_bytes(data):
    rejected_or_read(read_csv_bytes, data, PLAN, "f.csv")


@FUZZ
@given(st.lists(st.lists(CELL, max_size=9), max_size=12), st.sampled_from(["utf-8", "cp932"]))
def test_csv_rows_of_plausible_cells(rows, encoding):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["indicator", "year", "value", "source", "published_on", "edition", "note"])
    for row in rows:
        writer.writerow(["" if c is None else c for c in row])
    try:
        data = out.getvalue().encode(encoding)
    except UnicodeEncodeError:
        return
    found = rejected_or_read(read_csv_bytes, data, PLAN, "f.csv")
    if found is not None:
        assert all(isinstance(o.value, Decimal) and o.value.is_finite() for o in found)


def _xlsx(rows, merge: str | None = None, title: str = "S") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@FUZZ
@given(
    st.lists(st.lists(XL_CELL, max_size=8), max_size=10),
    st.sampled_from([None, "A2:A3", "B1:D1", "A1:C3"]),
)
def test_xlsx_rows_with_merged_cells_and_formulas(rows, merge):
    header = ["indicator", "year", "value", "source", "published_on"]
    rejected_or_read(read_xlsx_bytes, _xlsx([header, *rows], merge), PLAN, "f.xlsx")


@FUZZ
@given(st.binary(max_size=3000))
def test_xlsx_and_tables_from_any_bytes(data):
    rejected_or_read(read_xlsx_bytes, data, PLAN, "f.xlsx")
    mapping = table_source(SOURCES, "saitama-gross-product")
    rejected_or_read(read_table, data, mapping, PLAN, "t.xlsx")


@FUZZ
@given(
    st.lists(st.lists(XL_CELL, max_size=16), max_size=12),
    st.sampled_from(["saitama-gross-product", "saitama-tourist-visits"]),
    st.sampled_from([None, "A3:A4", "B3:F3", "B6:D6"]),
)
@example([["所沢市", 1e30]], "saitama-gross-product", None)  # found by fuzzing: too many digits
def test_prefectural_tables_of_any_shape(rows, name, merge):
    # Put a plausible heading row where the mapping looks, so the fuzz reaches the values.
    heading = ["市町村", "平成30年度", "令和元年度", "1月", "2月", "合計"]
    data = _xlsx([["令和3年 表"], [], [], heading, *rows], merge)
    result = rejected_or_read(read_table, data, table_source(SOURCES, name), PLAN, "t.xlsx")
    if result is not None:
        assert result.observations and all(o.value.is_finite() for o in result.observations)


def test_an_empty_sheet_and_a_missing_sheet():
    empty = _xlsx([])
    with pytest.raises(InputError, match="空のシートです"):
        read_table(empty, table_source(SOURCES, "saitama-gross-product"), PLAN, "e.xlsx")
    with pytest.raises(InputError, match="空のシートです"):
        read_xlsx_bytes(empty, PLAN, "e.xlsx")
    other = table_source(SOURCES, "saitama-gross-product").model_copy(update={"sheet": "第9表"})
    with pytest.raises(InputError, match="「第9表」というシートはありません（あるシート: S）"):
        read_table(_xlsx([["x"]]), other, PLAN, "e.xlsx")


def test_an_old_xls_file_says_to_resave():
    with pytest.raises(InputError, match=r"古いExcel形式 \.xls"):
        read_xlsx_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, PLAN, "old.xls")


def test_huge_inputs_end_in_clear_errors():
    field = "x" * 200_000  # over the csv module's field limit
    data = f"indicator,year,value,source\n総生産額,R5,1,{field}\n".encode()
    # The csv module's field limit or our cell limit, whichever comes first (a library such as
    # frictionless may raise the csv module's process-wide limit): a located error either way.
    with pytest.raises(InputError, match=r"2行目.*(CSVとして読めません|セルの文字数が多すぎます)"):
        read_csv_bytes(data, PLAN, "big.csv")
    with pytest.raises(InputError, match=r"ファイルが大きすぎます（2 KB、上限 1 KB）"):
        read_csv_bytes(b"a," * 1000, PLAN, "big.csv", limits=Limits(max_bytes=1000))


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=8)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)
    ),
    max_leaves=20,
)


def _response(values, classes, status) -> dict:
    return {
        "GET_STATS_DATA": {
            "RESULT": {"STATUS": status, "ERROR_MSG": "msg"},
            "STATISTICAL_DATA": {
                "TABLE_INF": {"@id": "9000000001", "OPEN_DATE": "2023-06-27"},
                "CLASS_INF": {"CLASS_OBJ": classes},
                "DATA_INF": {"VALUE": values},
            },
        }
    }


VALUE = st.fixed_dictionaries(
    {"$": st.one_of(CELL.map(lambda c: "" if c is None else str(c)), JSON)},
    optional={
        "@tab": st.sampled_from(["002", "001"]),
        "@cat01": st.sampled_from(["00", "E"]),
        "@area": st.sampled_from(["11208", "11100", ""]),
        "@time": st.sampled_from(["2021000000", "2019100000", "2021000101", "x", ""]),
        "@unit": st.sampled_from(["人", "千人", "百万円", ""]),
    },
)


@FUZZ
@given(
    st.one_of(JSON, st.builds(_response, st.one_of(VALUE, st.lists(VALUE, max_size=6), JSON),
                              JSON, st.sampled_from([0, 1, 2, 100, "0", "x", None]))),
)  # fmt: skip
def test_estat_responses_of_any_shape(data):
    mapping = read_sources_text(
        "format: shinchoku-sources/1\nestat:\n"
        '  - {indicator: employees, stats_data_id: "9000000001", select: {tab: "002"}, unit: 人}\n'
    ).estat[0]
    try:
        picked = estat.pick(mapping, [("r", data)], PLAN, "11208")
    except (InputError, estat.EStatError) as err:
        assert str(err)
        return
    assert all(o.value.is_finite() for o in picked.observations)
    json.dumps([str(o) for o in picked.observations])


@FUZZ
@given(st.text(max_size=300))
def test_sources_files_of_any_text(text):
    rejected_or_read(read_sources_text, text, "s.yaml")


TEMPLATE = write_template(PLAN, 2024, PLAN.indicators, {})


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from([f"{c}{r}" for c in "ADEFGHI" for r in (3, 4, 5, 8, 40)]),
        XL_CELL,
        max_size=8,
    )
)
def test_templates_filled_any_way(cells):
    book = load_workbook(io.BytesIO(TEMPLATE))
    for ref, value in cells.items():
        book["実績値"][ref] = value
    out = io.BytesIO()
    book.save(out)
    found = rejected_or_read(read_template_bytes, out.getvalue(), PLAN, "t.xlsx")
    if found is not None:
        assert found.observations and {o.year for o in found.observations} <= set(range(1900, 2201))


@pytest.mark.parametrize(
    ("value", "message"),
    [("1e30", "大きすぎます"), ("1234567890123456789", "大きすぎます"), ("0.1234567", "6桁")],
)
def test_values_the_store_cannot_hold_are_refused_when_read(value, message):
    data = f"indicator,year,value,source\n総生産額,R5,{value},s\n".encode()
    with pytest.raises(InputError, match=message):
        read_csv_bytes(data, PLAN, "f.csv")
