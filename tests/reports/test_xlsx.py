"""The Excel workbook: numeric cells, real tables, a native chart per indicator, sheets to fill."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from shinchoku.reports import render

from .conftest import source_date_epoch


@pytest.fixture(scope="module")
def wb(rendered):
    return load_workbook(io.BytesIO(rendered["xlsx"]))


def table_rows(ws, name_prefix: str = ""):
    (table,) = [t for t in ws.tables.values() if t.name.startswith(name_prefix)][:1]
    cells = ws[table.ref]
    header = [c.value for c in cells[0]]
    return header, [[c.value for c in row] for row in cells[1:]]


def test_sheets(wb, context):
    names = wb.sheetnames
    assert names[:3] == ["表紙", "総括", "評価区分"]
    assert [n for n in names if n[0].isdigit()] == [
        "1 総生産額",
        "2 製造品出荷額等",
        "3 観光入込客数",
        "4 市内事業所従業者数",
    ]
    assert [f"基本方針{n}" for n in "1234"] == [n for n in names if n.startswith("基本方針")]
    assert sum(n.startswith("事業評価") for n in names) == len(context.projects) == 15


def test_summary_numbers_are_numbers(wb):
    ws = wb["総括"]
    header, rows = table_rows(ws)
    assert header[:6] == ["指標", "単位", "基準値", "基準値・年", "R5目標", "最新値"]
    gp = rows[0]
    assert gp[:6] == ["総生産額", "億円", 9095, "R1", 9186, 9210]
    assert isinstance(gp[2], int | float) and isinstance(gp[7], float)
    assert gp[7] == pytest.approx(115 / 45.5)
    assert ws.cell(5, 8).number_format == "0.0%"
    assert ws.cell(5, 3).number_format == "#,##0"


def test_indicator_sheets_have_a_chart_and_tables(wb):
    for name in ("1 総生産額", "2 製造品出荷額等", "3 観光入込客数", "4 市内事業所従業者数"):
        ws = wb[name]
        assert len(ws._charts) == 1, name
        assert len(ws.tables) == 2, name
    ws = wb["1 総生産額"]
    header, rows = table_rows(ws)
    assert header == [
        "年",
        "目標線（億円）",
        "実績値（億円）",
        "改定前の値（億円）",
        "傾向線（億円）",
    ]
    r5 = next(r for r in rows if r[0] == "R5")
    assert r5[1] == 9186
    r3 = next(r for r in rows if r[0] == "R3")
    assert r3[2] == 9210
    # 製造品出荷額等 breaks in 2022, where its actuals begin: one line, and the break stated.
    ws = wb["2 製造品出荷額等"]
    assert table_rows(ws)[0][2] == "実績値（億円）"
    assert ws["A4"].value.startswith("統計の断層: 令和4年から 経済構造実態調査 全事業所")
    assert ws["A4"].value.endswith("最終年度予測と進捗状況は令和4年以降の値だけで計算しています。")


def test_revisions_table_has_dates_and_numbers(wb):
    ws = wb["1 総生産額"]
    tables = list(ws.tables.values())
    cells = ws[tables[1].ref]
    header = [c.value for c in cells[0]]
    assert header == ["年", "値（億円）", "出典", "版", "公表日", "扱い"]
    last = [c.value for c in cells[-1]]
    assert last[0] == "令和3年度" and last[1] == 9210 and last[5] == "評価に用いた値"
    assert last[4].year == 2024 and last[4].month == 8


def test_project_evaluation_sheet(wb):
    ws = wb["事業評価15"]
    values = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    for label in ("事業名", "所管", "目的（対象・意図）", "活動指標", "成果指標", "事業費",
                  "自己評価", "課題", "今後の方向性"):  # fmt: skip
        assert label in values, label
    assert "就労チャレンジ支援事業" in values and "ハローワーク所沢" in values
    assert "市内事業所従業者数" in values and 114500 in values
    assert ws["A1"].value == "令和5年度　事業評価シート（案）"
    assert any(dv.formula1 == '"A,B,C,D"' for dv in ws.data_validations.dataValidation)


def test_byte_identical(context, rendered):
    with source_date_epoch():
        assert render(context, "xlsx") == rendered["xlsx"]


def test_every_sheet_prints_on_a4(wb):
    """Print area, fit to one page wide, a repeated title row and frozen panes on every sheet;
    the 事業評価シート forms keep their own one-page layout."""
    for ws in wb.worksheets:
        assert ws.print_area, ws.title
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        if not ws.title.startswith("事業評価"):
            assert ws.freeze_panes and ws.print_title_rows, ws.title
    summary = wb["総括"]
    assert summary.freeze_panes == "A5" and summary.print_title_rows == "$4:$4"


def test_break_note_wraps_inside_the_printed_width(wb):
    ws = wb["2 製造品出荷額等"]
    note = ws["A4"]
    assert note.value.startswith("統計の断層")
    assert note.alignment.wrap_text
    (merged,) = [r for r in ws.merged_cells.ranges if r.min_row == 4]
    assert (merged.min_col, merged.max_col) == (1, ws.max_column)
    assert ws.row_dimensions[4].height >= 36  # two lines at least
