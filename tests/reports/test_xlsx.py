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
    assert header == [
        "指標",
        "単位",
        "基準値",
        "基準値・年",
        "最新値",
        "最新値の年",
        "同じ年の目標線",
        "目標線の根拠",
        "進捗率",
        "達成率",
        "評価",
        "最終目標",
        "最終年予測",
        "見通し",
    ]
    gp = rows[0]
    # path(2021) = 9140.5 is written as a number; "#,##0" shows it as 9,141 (Excel rounds
    # half away from zero), the same as core.formatting prints in the other formats.
    assert gp[:8] == [
        "総生産額",
        "億円",
        9095,
        "R1",
        9210,
        "R3",
        9140.5,
        "R1の基準値とR5の目標値の間を直線で補った値",
    ]
    assert ws.cell(5, 7).number_format == "#,##0"
    assert gp[8:11] == [None, None, "評価なし"]  # 令和3年度 is before the first target
    tv = rows[2]
    assert tv[8] == pytest.approx(71 / 60) and tv[10] == "A 達成"
    assert ws.cell(7, 9).number_format == "0.0%"
    assert rows[1][10] == "参考 C 遅れ"  # 製造品出荷額等 across its 2022 break
    below = [ws.cell(r, 1).value for r in range(10, 12)]  # a row after the table (4–8)
    assert below[0].startswith("※ 製造品出荷額等: 令和4年から統計が変わり")
    assert below[1] == "指標数: A 達成 1・B 概ね順調 0・C 遅れ 0・D 後退 0・参考 1・— 評価なし 2"


def test_indicator_sheets_have_a_chart_and_tables(wb):
    for name in ("1 総生産額", "2 製造品出荷額等", "3 観光入込客数", "4 市内事業所従業者数"):
        ws = wb[name]
        assert len(ws._charts) == 1, name
        assert len(ws.tables) == 3, name  # chart data, values, the multi-year table
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
    assert ws["A4"].value.endswith(
        "見通し（最終年度予測）は令和4年以降の値だけで計算しています。 令和4年から統計が変わり"
        "（経済構造実態調査 全事業所（個人経営を除く））、基準値と接続しないため、評価は参考とし、"
        "A〜Dの集計に含めません"
    )


def test_revisions_table_has_dates_and_numbers(wb):
    ws = wb["1 総生産額"]
    tables = list(ws.tables.values())
    cells = ws[tables[1].ref]
    header = [c.value for c in cells[0]]
    assert header == ["年", "値（億円）", "出典", "版", "公表日", "扱い"]
    last = [c.value for c in cells[-1]]
    assert last[0] == "令和3年度" and last[1] == 9210 and last[5] == "評価に用いた値"
    assert last[4].year == 2024 and last[4].month == 8
    # A real date shown in 和暦 (LibreOffice and Excel render 令和6年8月…).
    assert cells[-1][4].number_format == '[$-411]ggge"年"m"月"d"日"'


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


def test_a_progress_rounding_to_zero_from_below_is_0_0_percent_and_a_number():
    import datetime
    from decimal import Decimal

    from shinchoku.core.context import build_report_context
    from shinchoku.core.model import Observation
    from shinchoku.ingest.observation_rows import read_csv_bytes
    from shinchoku.ingest.plan_file import read_plan_text
    from shinchoku.plan import builtin

    from .conftest import NEWER

    # 総生産額 R5 9,094.98: progress (9094.98 − 9095) / (9186 − 9095) = −0.00022, rated D.
    plan = read_plan_text(builtin.plan_text(), builtin.PLAN_FILE)
    history = read_csv_bytes(builtin.history_bytes(), plan, builtin.HISTORY_FILE)
    seen = Observation(
        "gross-product", 2023, Decimal("9094.98"), "test", datetime.date(2025, 8, 1), seq=200
    )
    ctx = build_report_context(
        plan=plan,
        observations=[*history, *NEWER, seen],
        year=2023,
        as_of=None,
        published=False,
        commentaries={},
        generated_on=datetime.date(2024, 11, 28),
        lang="ja",
    )
    assert ctx.indicators[0].evaluation.progress == pytest.approx(-0.02 / 91)
    with source_date_epoch():
        book = load_workbook(io.BytesIO(render(ctx, "xlsx")))
        html = render(ctx, "html").decode()
    _, rows = table_rows(book["総括"])
    # A number still (0, not the text "0.0%"), so Excel shows 0.0% and not −0.0%.
    assert rows[0][8] == 0 and isinstance(rows[0][8], (int, float))
    assert rows[0][9] == pytest.approx(9094.98 / 9186)
    assert rows[0][10] == "D 後退"
    sheet = book["1 総生産額"]
    progress = next(r for r in sheet.iter_rows(min_row=5, max_row=14) if r[0].value == "進捗率")
    assert progress[1].value == 0 and progress[1].number_format == "0.0%"
    assert "0.0%" in html and "-0.0%" not in html
