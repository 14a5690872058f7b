"""Every report format says the same: the summary figures read back from each format, one
verdict per question, 9140.5 as 9,141, the reference rating outside the tally, core's lag
sentence, and a chart scale without typos."""

from __future__ import annotations

import datetime
import html
import io
import re
import subprocess
import zipfile
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser

from docx import Document
from openpyxl import load_workbook

from shinchoku.core.labels import STATUS
from shinchoku.core.model import Observation
from shinchoku.reports import render

from .conftest import make_context

STATUS_LABELS = [s for s in STATUS["ja"].values() if s not in ("判定不可", "目標達成")]


def pdf_text(rendered, tmp_path) -> str:
    path = tmp_path / "report.pdf"
    path.write_bytes(rendered["pdf"])
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return "".join(out.stdout.split()).replace("～", "〜")  # the font's wave dash


def docx_text(rendered) -> str:
    with zipfile.ZipFile(io.BytesIO(rendered["docx"])) as z:
        return z.read("word/document.xml").decode("utf-8")


def test_half_up_in_every_format(rendered, tmp_path):
    # 総生産額's latest is 令和3年度; the line there is 9095 + 91 × 2/4 = 9140.5 → 9,141.
    line = "9,141（R1の基準値とR5の目標値の間を直線で補った値）"
    assert line in rendered["html"].decode("utf-8")
    pdf = pdf_text(rendered, tmp_path)
    assert "（参考:同じ年の目標線9,141億円、令和元年度の基準値と令和5年度" in pdf
    assert "9,140" not in pdf
    assert "9,141" in docx_text(rendered) and "9,140" not in docx_text(rendered)
    ws = load_workbook(io.BytesIO(rendered["xlsx"]))["総括"]
    assert ws.cell(5, 7).value == 9140.5 and ws.cell(5, 7).number_format == "#,##0"
    # 観光入込客数's projection 684.5 is 685 in the text formats too (Excel shows 685).
    assert "届く見込み（685）" in rendered["html"].decode("utf-8")


def test_pdf_has_one_verdict_per_question(rendered, tmp_path):
    text = pdf_text(rendered, tmp_path)
    assert "参考C遅れ" in text and "評価は参考とし、A〜Dの集計に含めません" in text
    assert "指標数:A達成1・B概ね順調0・C遅れ0・D後退0・参考1・—評価なし2" in text
    assert "評価：A達成—令和5年の目標線536万人に対して547万人（達成率102.1%）" in text
    for label in STATUS_LABELS:
        assert label not in text, label
    docx = docx_text(rendered)
    assert "参考 C 遅れ" in docx and not [s for s in STATUS_LABELS if s in docx]


def test_report_lag_sentence_is_the_sites():
    ctx = make_context()
    ms = next(ir for ir in ctx.indicators if ir.indicator.code == "manufacturing-shipments")
    early = Observation(
        "manufacturing-shipments", 2018, Decimal("1800"), "工業統計", datetime.date(2019, 4, 10)
    )
    from shinchoku.core.context import lag_text

    assert lag_text(early, ms.indicator.period_kind, "ja") == "最新値は平成30年（平成31年4月公表）"
    assert lag_text(early, ms.indicator.period_kind, "en") == (
        "Latest figure: 2018 (published Apr 2019)"
    )


def test_report_chart_leaves_out_a_superseded_typo():
    ctx = make_context()
    tv = next(ir for ir in ctx.indicators if ir.indicator.code == "tourist-visits")
    from shinchoku.core.context import Point

    typo = replace(tv, superseded=(Point(2022, 4980.0), Point(2022, 500.0)))
    assert typo.superseded_in_scale == (Point(2022, 500.0),)  # 4,980 would set the scale
    xlsx = render(replace(ctx, indicators=(*ctx.indicators[:2], typo, ctx.indicators[3])), "xlsx")
    ws = load_workbook(io.BytesIO(xlsx))["3 観光入込客数"]
    values = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, int | float)]
    assert 4980 not in values and 500 in values


# The summary table read back from each format: baseline, latest, line, 進捗率, 達成率,
# rating, final target, projection; XLSX columns holding them (numbers with their format).
SUMMARY_COLUMNS = (3, 5, 7, 9, 10, 11, 12, 13)
FIGURE = re.compile(r"^-?[\d,]+(?:\.\d+)?%?")
PROJECTION = re.compile(r"（(-?[\d,]+(?:\.\d+)?)）$")


def _excel_shows(value, fmt: str) -> str:
    """What Excel or LibreOffice display for ``value`` in ``fmt`` (they round half away from
    zero, as the report does)."""
    if value is None:
        return "—"
    if not isinstance(value, int | float):
        return str(value)
    if fmt.endswith("%"):
        places = len(fmt.split(".")[1]) - 1 if "." in fmt else 0
        amount = Decimal(repr(value)) * 100
        return f"{amount.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):,}%"
    places = len(fmt.split(".")[1]) if "." in fmt else 0
    return f"{Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP):,}"


def _figures(cells: list[str]) -> tuple[str, ...]:
    """A text row's figures: the leading number of each cell, the rating as written and the
    projection in brackets after the outlook (「届く見込み（685）」)."""
    cells = [" ".join(c.split()) for c in cells]
    lead = [m.group(0) if (m := FIGURE.match(c)) else c[:1] for c in cells[1:6] + cells[7:8]]
    outlook = PROJECTION.search(cells[8].replace(" ", ""))
    return (*lead[:5], cells[6], lead[5], outlook.group(1) if outlook else "—")


class _SummaryHTML(HTMLParser):
    """The rows of ``<table class="summary">`` as lists of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "table" and ("class", "summary") in attrs:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("td", "th"):
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False

    def handle_data(self, data):
        if self.inside and self.rows and self.rows[-1]:
            self.rows[-1][-1] += data


def _pdf_rows(data: bytes, tmp_path, names: list[str]) -> dict[str, list[str]]:
    """The summary table's rows from the PDF's word boxes (pdftotext -bbox): a word belongs
    to the column whose heading starts left of its centre, and to the row below its name."""
    path = tmp_path / "summary.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-bbox", "-f", "1", "-l", "4", str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pages = out.split("<page ")[1:]
    page = next(p for p in pages if "同じ年の目標線" in p and names[0] in p)
    words = [
        (float(x0), float(y0), float(x1), html.unescape(w))
        for x0, y0, x1, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
            page,
        )
    ]
    heads = [
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
    head_y = next(y for x, y, _x1, w in words if w == "同じ年の目標線")
    starts = [next(x for x, y, _x1, w in words if w == h and y == head_y) for h in heads]
    tops = [next(y for _x, y, _x1, w in words if w == name) for name in names]
    ends = [*tops[1:], next(y for _x, y, _x1, w in words if w.startswith("※"))]
    rows = {}
    for name, top, end in zip(names, tops, ends, strict=True):
        cells = [""] * len(heads)
        in_row = sorted((w for w in words if top <= w[1] < end), key=lambda w: (w[1], w[0]))
        for x0, _y, x1, w in in_row:
            column = max(i for i, s in enumerate(starts) if s <= (x0 + x1) / 2 + 0.5)
            cells[column] += " " + w if cells[column] else w
        rows[name] = cells
    return rows


def test_the_same_figures_in_every_format(rendered, tmp_path):
    """The summary figures read back from HTML, PDF, DOCX and XLSX agree, rounding included
    (9140.5 → 9,141, the projection 684.5 → 685, 98.548…% → 98.5%)."""
    ws = load_workbook(io.BytesIO(rendered["xlsx"]))["総括"]
    names, from_xlsx = [], {}
    for r in range(5, 9):
        name = f"{ws.cell(r, 1).value}（{ws.cell(r, 2).value}）"
        names.append(name)
        cells = [ws.cell(r, c) for c in SUMMARY_COLUMNS]
        from_xlsx[name] = tuple(_excel_shows(c.value, c.number_format) for c in cells)
    parser = _SummaryHTML()
    parser.feed(rendered["html"].decode("utf-8"))
    from_html = {row[0]: _figures(row) for row in parser.rows[1:]}
    table = next(
        t for t in Document(io.BytesIO(rendered["docx"])).tables if "達成率" in t.cell(0, 5).text
    )
    from_docx = {}
    for row in table.rows[1:]:
        cells = [c.text for c in row.cells]
        from_docx["".join(cells[0].split())] = _figures(cells)
    from_pdf = {
        name: _figures(cells) for name, cells in _pdf_rows(rendered["pdf"], tmp_path, names).items()
    }
    assert from_xlsx["総生産額（億円）"] == (
        "9,095", "9,210", "9,141", "—", "—", "評価なし", "9,559", "9,488",
    )  # fmt: skip
    assert from_xlsx["観光入込客数（万人）"] == (
        "476", "547", "536", "118.3%", "102.1%", "A 達成", "656", "685",
    )  # fmt: skip
    assert from_xlsx["製造品出荷額等（億円）"][3:5] == ("48.0%", "98.5%")
    assert from_html == from_xlsx
    assert from_docx == from_xlsx
    assert from_pdf == from_xlsx
