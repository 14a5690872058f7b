"""Prefectural tables through their mappings: published layouts, next year's edition, errors."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from shinchoku.ingest.errors import InputError
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.ingest.sources import read_sources, read_sources_text, table_source
from shinchoku.ingest.tables import Overrides, read_table, year_in_text
from shinchoku.plan.builtin import plan_text

TABLES = Path(__file__).resolve().parents[1] / "fixtures" / "tables"


@pytest.fixture(scope="module")
def plan():
    return read_plan_text(plan_text())


@pytest.fixture(scope="module")
def builtin(plan):
    return read_sources(None, {i.code for i in plan.indicators})


def read(plan, builtin, name, file, data=None, **overrides):
    mapping = table_source(builtin, name)
    data = data if data is not None else (TABLES / file).read_bytes()
    return read_table(data, mapping, plan, file, Overrides(**overrides))


def edited(file: str, change) -> bytes:
    book = load_workbook(TABLES / file)
    change(book.worksheets[0])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_gross_product_in_million_yen_becomes_the_baseline_in_oku_yen(plan, builtin):
    published = datetime.date(2022, 8, 19)
    result = read(plan, builtin, "saitama-gross-product", "saitama-gdp-r1.xlsx",
                  published_on=published)  # fmt: skip
    by_year = {o.year: o for o in result.observations}
    assert sorted(by_year) == [2015, 2016, 2017, 2018, 2019]
    r1 = by_year[2019]
    # 909,533百万円 = 9,095.33億円 → 9,095 (rounded half up): the plan's baseline.
    assert (r1.value, r1.edition, r1.published_on) == (Decimal("9095"), "令和元年度版", published)
    assert r1.source == "埼玉県市町村民経済計算（令和元年度版） 市町村内総生産（名目）"
    # The published figure is kept beside the converted one, not in the note.
    assert (r1.source_value, r1.source_unit) == (Decimal("909533"), "百万円")
    assert r1.conversion == "÷100、小数点以下を四捨五入（ROUND_HALF_UP）"
    assert r1.source_ref == "saitama-gdp-r1.xlsx F8" and r1.note == ""


def test_next_years_edition_imports_without_changing_the_mapping(plan, builtin):
    result = read(plan, builtin, "saitama-gross-product", "saitama-gdp-r2.xlsx")
    by_year = {o.year: o for o in result.observations}
    assert sorted(by_year) == [2016, 2017, 2018, 2019, 2020]
    assert {o.edition for o in result.observations} == {"令和2年度版"}
    assert by_year[2019].value == Decimal("9118")  # 911,842百万円: the 令和元年度 figure revised
    assert by_year[2020].value == Decimal("8844")


def test_tourist_months_add_up_to_the_year(plan, builtin):
    (o,) = read(plan, builtin, "saitama-tourist-visits", "saitama-tourism-r3.xlsx").observations
    # 12 months of 所沢市 = 4,761,203人 = 476.1203万人 → 476: the plan's 令和3年 baseline.
    assert (o.indicator, o.year, o.value) == ("tourist-visits", 2021, Decimal("476"))
    assert o.edition == "令和3年埼玉県観光入込客統計調査"  # year read from the title cell A1
    assert (o.source_value, o.source_unit) == (Decimal("4761203"), "人")
    assert o.conversion == "÷10,000、小数点以下を四捨五入（ROUND_HALF_UP）"
    assert o.source_ref == "saitama-tourism-r3.xlsx B6～M6の合計"


def test_a_total_that_does_not_match_the_months_is_refused(plan, builtin):
    data = edited("saitama-tourism-r3.xlsx", lambda s: s.cell(6, 14, 4_761_000))
    with pytest.raises(InputError) as err:
        read(plan, builtin, "saitama-tourist-visits", "t.xlsx", data)
    (problem,) = err.value.problems
    assert problem.where == "t.xlsx [市町村別] N6 [total]"
    assert "合計 4,761,203 が合計欄の 4,761,000 と合いません" in problem.message


def test_a_secret_month_is_an_error_naming_the_cell(plan, builtin):
    data = edited("saitama-tourism-r3.xlsx", lambda s: s.cell(6, 3, "x"))
    with pytest.raises(InputError) as err:
        read(plan, builtin, "saitama-tourist-visits", "t.xlsx", data)
    assert str(err.value.problems[0]).startswith("t.xlsx [市町村別] C6 [value]: 「x」は未公表")


def test_an_unpublished_year_column_is_skipped_with_its_reason(plan, builtin):
    data = edited("saitama-gdp-r1.xlsx", lambda s: s.cell(8, 2, "…"))
    result = read(plan, builtin, "saitama-gross-product", "g.xlsx", data)
    assert 2015 not in {o.year for o in result.observations}
    assert result.not_published == ["総生産額 平成27年度: 未公表 「…」（g.xlsx [第1表] B8）"]


def test_a_formula_without_a_saved_result_says_to_resave(plan, builtin):
    data = edited("saitama-gdp-r1.xlsx", lambda s: s.cell(8, 6, "=E8*1.0045"))
    with pytest.raises(InputError) as err:
        read(plan, builtin, "saitama-gross-product", "g.xlsx", data)
    assert "g.xlsx [第1表] F8 [value]: 数式「=E8*1.0045」の計算結果" in str(err.value)


def test_a_missing_municipality_and_a_wrong_heading_say_where(plan, builtin):
    data = edited("saitama-gdp-r1.xlsx", lambda s: s.cell(8, 1, "所沢"))
    with pytest.raises(InputError, match="A列に「所沢市」の行が見つかりません（5行目以降）"):
        read(plan, builtin, "saitama-gross-product", "g.xlsx", data)
    data = edited("saitama-tourism-r3.xlsx", lambda s: s.cell(4, 3, "２月分"))
    with pytest.raises(InputError, match="値の列の見出し「2月」が見つかりません"):
        read(plan, builtin, "saitama-tourist-visits", "t.xlsx", data)


def test_a_shift_jis_csv_table_is_read(plan):
    sources = read_sources_text(
        """
format: shinchoku-sources/1
tables:
  - name: tourism-csv
    indicator: tourist-visits
    file_type: csv
    header_row: 2
    municipality_column: 市町村名
    value_column: 年計
    unit: 人
    reference_year: 令和4年
    source: 埼玉県観光入込客統計調査
""",
        "s.yaml",
    )
    csv = '（単位：人）\n市町村名,年計\n所沢市,"5,012,345"\n'.encode("cp932")
    (o,) = read_table(csv, table_source(sources, "tourism-csv"), plan, "k.csv").observations
    assert (o.year, o.value) == (2022, Decimal("501"))


@pytest.mark.parametrize(
    ("yaml_body", "expected"),
    [
        ("value_column: A\n    value_columns: [B]", "year_columns のどれか1つ"),
        ("year_columns: true\n    header_row: 0", "header_row"),
        ("year_columns: true\n    colour: red", "tables[0].colour: 知らない項目です"),
    ],
)
def test_mapping_problems_are_located(yaml_body, expected):
    text = f"""format: shinchoku-sources/1
tables:
  - name: t
    indicator: gross-product
    municipality_column: 市町村
    unit: 百万円
    source: s
    {yaml_body}
"""
    if "header_row" not in yaml_body:
        text += "    header_row: 4\n"
    with pytest.raises(InputError) as err:
        read_sources_text(text, "m.yaml")
    assert expected in str(err.value) and "m.yaml:" in str(err.value)


def test_unknown_mapping_name_lists_the_names(builtin):
    with pytest.raises(InputError, match="saitama-gross-product、saitama-tourist-visits"):
        table_source(builtin, "kanko")


@pytest.mark.parametrize(
    ("text", "year"),
    [("令和3年 市町村別観光入込客数（月別）", 2021), ("平成30年度版", 2018), ("2022年 観光", 2022)],
)
def test_year_in_a_title(text, year):
    assert year_in_text(text).year == year
