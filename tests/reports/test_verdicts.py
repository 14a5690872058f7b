"""Every report format says the same: one verdict per question, 9140.5 as 9,141, the
reference rating outside the tally, core's lag sentence, and a chart scale without typos."""

from __future__ import annotations

import datetime
import io
import subprocess
import zipfile
from dataclasses import replace
from decimal import Decimal

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
