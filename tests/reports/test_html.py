"""The HTML report: self-contained, complete, draft-marked, reproducible."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from shinchoku.reports import render

from .conftest import make_context, source_date_epoch

PROJECTS = 15


class Cells(HTMLParser):
    """The text of each table row, and every attribute value that loads something."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.loads: list[str] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href") and value and not value.startswith("#"):
                self.loads.append(value)
        if tag == "tr":
            self.rows.append([])
        if tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None and self.rows:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def parse(html: str) -> Cells:
    p = Cells()
    p.feed(html)
    return p


def test_self_contained(rendered):
    html = rendered["html"].decode("utf-8")
    assert parse(html).loads == []
    assert "<script" not in html
    assert "@import" not in html and "url(http" not in html and "url(file" not in html
    assert html.count("<svg") == 4  # one inline chart per indicator
    assert "@media print" in html and "size: A4 portrait" in html


def test_summary_row(rendered):
    rows = parse(rendered["html"].decode("utf-8")).rows
    assert rows[0] == [
        "指標",
        "基準値",
        "最新値",
        "同じ年の目標線",
        "進捗率",
        "達成率",
        "評価",
        "最終目標",
        "見通し",
    ]
    gp = next(r for r in rows if r and r[0] == "総生産額（億円）")
    # 令和3年度 is before the first target (令和5年度): the line there is shown with how it
    # was derived, path(2021) = 9095 + 91 × 2/4 = 9140.5 → 9,141 (half-up); not rated.
    assert gp == [
        "総生産額（億円）",
        "9,095（R1）",
        "9,210（R3）",
        "9,141（R1の基準値とR5の目標値の間を直線で補った値）",
        "—",
        "—",
        "評価なし",
        "9,559（R9）",
        "届かない見込み（9,488）",
    ]
    # 製造品出荷額等 spans the 2022 break: (1765 − 1741) / (1791 − 1741) = 48.0% is C, 参考.
    ms = next(r for r in rows if r and r[0] == "製造品出荷額等（億円）")
    assert ms[1:7] == [
        "1,741（R3）",
        "1,765（R5）",
        "1,791（R5の目標値）",
        "48.0%",
        "98.5%",
        "参考 C 遅れ",
    ]
    # 観光入込客数: (547 − 476) / (536 − 476) = 118.3%, 547 / 536 = 102.1%: A.
    tv = next(r for r in rows if r and r[0] == "観光入込客数（万人）")
    assert tv[4:7] == ["118.3%", "102.1%", "A 達成"]
    # The tally counts A–D without the reference rating, which has its own row.
    assert ["A 達成", "進捗率 100% 以上", "1"] in rows
    assert ["C 遅れ", "進捗率 0% 以上 60% 未満", "0"] in rows
    assert rows[rows.index(["D 後退", "進捗率 0% 未満", "0"]) + 1][::2] == ["参考", "1"]


def test_summary_caveat_and_no_status_headline(rendered):
    html = rendered["html"].decode("utf-8")
    assert (
        '<p class="caveat">※ 製造品出荷額等: 令和4年から統計が変わり（経済構造実態調査 全事業所'
        "（個人経営を除く））、基準値と接続しないため、評価は参考とし、A〜Dの集計に含めません</p>"
    ) in html
    assert "指標数: A 達成 1・B 概ね順調 0・C 遅れ 0・D 後退 0・参考 1・— 評価なし 2" in html
    for status in ("順調に進捗", "一定の進捗", "わずかな進捗", "悪化", "進捗状況の区分"):
        assert status not in html
    assert "評価：A 達成 — 令和5年の目標線 536万人に対して 547万人（達成率 102.1%）" in html
    assert "見通し：このペースなら最終目標 656万人（令和9年）に届く見込み（予測 685万人）" in html


def test_sections_and_missing_submissions(context, rendered):
    html = rendered["html"].decode("utf-8")
    for p in context.projects:
        assert p.title in html
    # Three rows of each project's sheet, and its rating in its measure's table.
    assert html.count(">未提出<") == 4 * PROJECTS
    assert "最新値は令和3年度（令和6年8月公表）" in html
    assert "令和5年は観光施設への来訪が回復し、目標を上回った。" in html
    assert "推進会議の意見と市の対応方針は、会議の後に本欄に記載します。" in html
    assert "評価に用いた値" in html and "改定前" in html


def test_draft_mark_until_published(rendered):
    draft = rendered["html"].decode("utf-8")
    assert 'class="draft-mark"' in draft and "（案）</title>" in draft
    published = render(make_context(published=True), "html").decode("utf-8")
    assert 'class="draft-mark"' not in published and "（案）" not in published


def test_english_headings():
    html = render(make_context(lang="en"), "html").decode("utf-8")
    assert '<html lang="en">' in html
    assert "Summary of indicators" in html and "FY2023 Progress Report" in html
    assert "Latest figure: FY2021 (published Aug 2024)" in html
    assert "評価指標の総括" not in html


def test_byte_identical(context, rendered):
    with source_date_epoch():
        assert render(context, "html") == rendered["html"]
    assert re.search(r'dcterms.created" content="2024-11-28"', rendered["html"].decode())


def test_series_break_is_stated(rendered):
    html = rendered["html"].decode("utf-8")
    assert (
        "統計の断層: 令和4年から 経済構造実態調査 全事業所（個人経営を除く）"
        "（それ以前: 経済センサス‐活動調査（従業者4人以上））。" in html
    )
    assert "見通し（最終年度予測）は令和4年以降の値だけで計算しています。" in html


def test_html_and_pdf_of_a_language_draw_each_chart_once(plan, monkeypatch):
    """The same chart (same language, year, period and indicator data) is drawn once and
    reused; anything it is drawn from changing draws it again."""
    from shinchoku.reports import charts
    from shinchoku.reports.context import load_context

    drawn: list[str] = []
    draw = charts._draw_svg
    monkeypatch.setattr(charts, "_DRAWN", type(charts._DRAWN)())
    monkeypatch.setattr(
        charts, "_draw_svg", lambda ctx, ir: drawn.append(ir.indicator.code) or draw(ctx, ir)
    )
    ctx = load_context(plan, 2023)
    first = [charts.chart_svg(ctx, ir) for ir in ctx.indicators]
    again = load_context(plan, 2023)  # another context with the same data (the PDF's)
    assert [charts.chart_svg(again, ir) for ir in again.indicators] == first
    assert len(drawn) == len(ctx.indicators) == 4
    english = load_context(plan, 2023, lang="en")
    assert charts.chart_svg(english, english.indicators[0]) != first[0]
    assert charts.chart_svg(load_context(plan, 2024), ctx.indicators[0]) != first[0]
    assert len(drawn) == 6
