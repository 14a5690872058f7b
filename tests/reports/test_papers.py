"""The council papers in every format: the full sheet, a section per measure, the multi-year
tables, last year's opinions with the city's response, the meeting header and the 総括;
read back from HTML (parsed), DOCX (python-docx), XLSX (openpyxl) and PDF (pdftotext)."""

from __future__ import annotations

import io
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook

from shinchoku.reports import render

from .conftest import source_date_epoch
from .papers_data import OVERVIEW, papers_context
from .test_html import parse

# 観光入込客数: R4 498 (before the first target), R5 547 against the R5 target 536.
TOURISM_YEARS = ["年", "基準値（R3）", "R4", "R5", "R6", "R7", "R8", "R9目標"]
TOURISM_LINE = ["目標線", "476", "506", "536", "566", "596", "626", "656"]
TOURISM_ACTUAL = ["実績値", "476", "498", "547", "—", "—", "—", "—"]
TOURISM_ATTAINMENT = ["達成率", "—", "—", "102.1%", "—", "—", "—", "—"]
TOURISM_RATING = ["評価", "—", "—", "A 達成", "—", "—", "—", "—"]
FOLLOW_UP_HEADERS = ["年度", "対象", "意見・提案", "市の対応方針", "対応状況", "理由"]
DECLINED = [
    "令和4年度",
    "重点推進事業10　所沢ブランド特産品推進事業",
    "認定品の販路を市外にも広げてほしい。",
    "市外での販売は費用対効果を見て判断する。",
    "対応しない",
    "市外の常設販売は出店費用が効果に見合わないため。",
]
SHEET_ROWS = {
    "目的（対象・意図）": "市内で創業を目指す人が創業し、事業を続けられるようにする。",
    "取組内容": "創業塾を年2回開き、創業相談を随時受けた。",
    "成果": "創業塾の修了者から19人が創業した。",
    "課題": "創業後3年以内の継続支援が手薄。",
    "予算額（千円）": "12,500（前年度 12,000）",
    "決算額（千円）": "11,830（前年度 11,210）",
    "自己評価": "B（前年度 C）",
    "評価の理由": "創業者数は目標の76%だが相談件数は目標を上回った。",
    "今後の方向性": "改善・見直し",
    "方向性の理由": "創業後のフォローアップ相談を加える。",
    "事務局コメント": "創業後の継続率も指標に加えることを検討されたい。",
}
OUTPUTS = [
    ["指標名", "単位", "前年度実績", "目標", "実績", "達成率"],
    ["創業者数", "人", "17", "25", "19", "76.0%"],
    ["創業相談件数", "件", "110", "120", "132", "110.0%"],
]
MEASURE_PROJECT = ["重点推進事業2　新規創業等支援事業", "B", "C", "改善・見直し", "産業振興課"]


@pytest.fixture(scope="module")
def papers() -> dict[str, bytes]:
    ctx = papers_context()
    with source_date_epoch():
        return {fmt: render(ctx, fmt) for fmt in ("html", "docx", "xlsx", "pdf")}


def _after(rows: list[list[str]], first: list[str], n: int) -> list[list[str]]:
    k = rows.index(first)
    return rows[k : k + n]


def test_html_has_every_new_section_with_its_numbers(papers):
    html = papers["html"].decode("utf-8")
    rows = parse(html).rows
    assert ["資料番号"] not in rows and 'class="document-number"' in html and ">資料2<" in html
    assert [
        "会議",
        "令和6年度第2回所沢市産業振興ビジョン推進会議",
    ] not in rows  # a <dl>, not a table
    assert "<dt>開催日</dt><dd>令和6年11月28日</dd>" in html
    assert OVERVIEW in html
    # The multi-year table of 観光入込客数 (a blank corner cell, then the years).
    start = html.index('id="indicator-tourist-visits"')
    section = parse(html[start : html.index("</article>", start)]).rows
    k = section.index(["", *TOURISM_YEARS[1:]])
    assert section[k + 1 : k + 5] == [
        TOURISM_LINE,
        TOURISM_ACTUAL,
        TOURISM_ATTAINMENT,
        TOURISM_RATING,
    ]
    assert "評価: A 達成（前年度: 評価なし）" in html
    # The measure 1-3: its project's rating, last year's and direction, and the review.
    assert MEASURE_PROJECT in rows
    assert ["評価", "創業支援は相談件数が伸び、概ね順調に進んでいる。"] in rows
    assert ["方向性", "商工会議所と連携し、創業後の伴走支援を強める。"] in rows
    assert rows.count(["評価", "未記入"]) == 13  # the other measures: nothing written yet
    for label, value in SHEET_ROWS.items():
        assert [label, value] in rows, label
    assert _after(rows, OUTPUTS[0], 3) == OUTPUTS
    # The Act step: last year's opinions, item names not codes, 和暦, state and reason.
    assert _after(rows, FOLLOW_UP_HEADERS, 3)[2] == DECLINED
    assert (
        rows[rows.index(FOLLOW_UP_HEADERS) + 1][1]
        == "基本方針3　観光を軸とした新たな魅力とにぎわいの創出"
    )
    assert "2022年度" not in html and "基本方針3<" not in html


def test_docx_has_every_new_section_with_its_numbers(papers):
    doc = Document(io.BytesIO(papers["docx"]))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    flat = [row for t in tables for row in t]
    assert doc.paragraphs[0].text == "資料2"
    assert ["開催日", "令和6年11月28日"] in flat
    assert "資料2" in doc.sections[0].header.paragraphs[0].text
    assert OVERVIEW in [p.text for p in doc.paragraphs]
    tourism = next(t for t in tables if t[:2] == [["", *TOURISM_YEARS[1:]], TOURISM_LINE])
    assert tourism[1:] == [TOURISM_LINE, TOURISM_ACTUAL, TOURISM_ATTAINMENT, TOURISM_RATING]
    assert "評価: A 達成（前年度: 評価なし）" in [p.text for p in doc.paragraphs]
    assert MEASURE_PROJECT in flat
    for label, value in SHEET_ROWS.items():
        assert [label, value] in flat, label
    assert next(t for t in tables if t[0] == OUTPUTS[0]) == OUTPUTS
    assert next(t for t in tables if t[0] == FOLLOW_UP_HEADERS)[2] == DECLINED
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert "4.1　前年度の意見への対応状況" in headings


def test_xlsx_has_every_new_section_with_numbers(papers):
    wb = load_workbook(io.BytesIO(papers["xlsx"]))
    cover = wb["表紙"]
    values = [[c.value for c in row] for row in cover.iter_rows()]
    assert cover["D1"].value == "資料2"
    assert ["開催日", "令和6年11月28日"] in [v[:2] for v in values]
    assert ["事務局による総括", OVERVIEW] in [v[:2] for v in values]
    ws = wb["3 観光入込客数"]
    top = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "年")
    assert [ws.cell(top, c).value for c in range(1, 6)] == [
        "年",
        "目標線",
        "実績値",
        "達成率",
        "評価",
    ]
    table = [[ws.cell(r, c).value for c in range(1, 6)] for r in range(top + 1, top + 8)]
    assert [r[0] for r in table] == TOURISM_YEARS[1:]
    assert [r[1] for r in table] == [476, 506, 536, 566, 596, 626, 656]
    assert [r[2] for r in table][:3] == [476, 498, 547]
    assert table[2][3] == pytest.approx(547 / 536) and table[2][4] == "A 達成"
    assert ws.cell(top + 3, 4).number_format == "0.0%"  # shows 102.1%
    assert ws.cell(top - 1, 1).value == "年度ごとの推移　評価: A 達成（前年度: 評価なし）"
    measures = wb["施策の柱"]
    row = next(r for r in measures.iter_rows(values_only=True) if r[0] == "1-3 起業・創業の促進")
    assert "重点推進事業2　新規創業等支援事業　B　改善・見直し" in row[2]
    assert row[3] == "創業支援は相談件数が伸び、概ね順調に進んでいる。"
    council = [list(r) for r in wb["推進会議意見"].iter_rows(values_only=True)]
    assert DECLINED in council


def test_an_approved_sheet_fills_its_tab(papers):
    wb = load_workbook(io.BytesIO(papers["xlsx"]))
    ws = wb["事業評価02"]
    labels = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}
    assert ws["A1"].value == "令和5年度　事業評価シート"  # approved: no 「（案）」
    assert ws[f"B{labels['取組内容']}"].value == "創業塾を年2回開き、創業相談を随時受けた。"
    assert ws[f"B{labels['成果']}"].value == "創業塾の修了者から19人が創業した。"
    act = labels["活動指標"]
    assert [ws.cell(act + 1, c).value for c in range(2, 8)] == [
        "創業者数",
        "人",
        17,
        25,
        19,
        pytest.approx(0.76),
    ]
    cost = labels["事業費"]
    assert (ws[f"C{cost}"].value, ws[f"F{cost}"].value) == (12500, 11830)
    assert (ws[f"C{cost + 1}"].value, ws[f"F{cost + 1}"].value) == (12000, 11210)
    grade = labels["自己評価"]
    assert (ws[f"C{grade}"].value, ws[f"F{grade}"].value) == ("B", SHEET_ROWS["評価の理由"])
    assert ws[f"B{labels['課題']}"].value == SHEET_ROWS["課題"]
    direction = labels["今後の方向性"]
    assert ws[f"B{direction}"].value == "改善・見直し"
    assert ws[f"C{direction + 1}"].value == SHEET_ROWS["方向性の理由"]  # beside its label
    assert ws[f"B{labels['事務局コメント']}"].value == SHEET_ROWS["事務局コメント"]
    assert ws.print_area.endswith(f"$H${labels['事務局コメント']}")
    empty = wb["事業評価01"]  # nothing submitted: the yellow template, 案 in a draft edition
    assert empty["A1"].value == "令和5年度　事業評価シート（案）"
    assert empty["B8"].value is None


def test_pdf_has_the_new_sections(papers, tmp_path):
    path = tmp_path / "papers.pdf"
    path.write_bytes(papers["pdf"])
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    for needle in (
        "資料2",
        "令和6年度第2回所沢市産業振興ビジョン推進会議",
        "年度ごとの推移",
        "目標線476506536566596626656",
        "達成率——102.1%",
        "評価:A達成（前年度:評価なし）",
        "12,500（前年度12,000）",
        "創業者数人17251976.0%",
        "施策の柱の評価（事務局）",
        "前年度の意見への対応状況",
        "対応しない",
        "市外の常設販売",
        "事務局による総括",
    ):
        assert needle in flat, needle


def test_english_edition_names_items_and_years_in_english():
    ctx = papers_context("en")
    rows = parse(render(ctx, "html").decode("utf-8")).rows
    assert ["Year", "Item", "Opinion", "City's response", "State", "Reason"] in rows
    first = rows[rows.index(["Year", "Item", "Opinion", "City's response", "State", "Reason"]) + 1]
    assert first[:2] == ["FY2022", "Basic policy 3 観光を軸とした新たな魅力とにぎわいの創出"]


def test_the_employees_chart_never_joins_heisei_21_to_reiwa_3():
    """平成21年 and 令和3年 are 12 years apart with no figure between: points, no line."""
    from shinchoku.reports.charts import _figure, _pyplot

    ctx = papers_context()
    ir = next(i for i in ctx.indicators if i.indicator.code == "employees")
    assert [p.year for p in ir.actuals] == [2009, 2021]
    fig = _figure(ctx, ir)
    drawn = [
        list(line.get_xdata())
        for line in fig.axes[0].lines
        if line.get_linestyle() not in ("None", "") and len(line.get_xdata()) > 1
    ]
    _pyplot().close(fig)
    assert not any(2009 in xs and 2021 in xs for xs in drawn), drawn
    assert [2009] in [list(line.get_xdata()) for line in fig.axes[0].lines]  # still a point


def test_the_xlsx_chart_has_no_series_across_the_gap(papers):
    ws = load_workbook(io.BytesIO(papers["xlsx"]))["4 市内事業所従業者数"]
    top = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "年")
    headers = [ws.cell(top, c).value for c in range(1, ws.max_column + 1)]
    years = {ws.cell(r, 1).value: r for r in range(top + 1, top + 20) if ws.cell(r, 1).value}
    actual = [c for c, h in enumerate(headers, 1) if h and h.startswith("実績値")]
    assert [headers[c - 1] for c in actual] == ["実績値（人）", "実績値・R3〜（人）"]
    for c in actual:
        filled = [y for y, r in years.items() if ws.cell(r, c).value is not None]
        assert len(filled) == 1  # H21 alone, R3 alone: no line between them
