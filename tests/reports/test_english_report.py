"""The English report (issue 14): the plan's names, units and captions from its English
edition, no Japanese outside an element marked ``lang="ja"``, the same in every format."""

from __future__ import annotations

import io
import subprocess

import pytest
from docx import Document
from openpyxl import load_workbook

from shinchoku.council import services as council
from shinchoku.reports import render
from shinchoku.reports.context import load_context
from shinchoku.web.langcheck import unmarked_japanese

from .conftest import make_context

NAMES = [
    "Tokorozawa City Industrial Promotion Vision, Latter Action Plan",
    "Creating innovation for growth",
    "Value of manufactured goods shipments, etc.",
    "Inbound Tourism Strategy Project (COOL JAPAN FOREST Initiative)",
]


@pytest.fixture
def english(plan, publish, users):
    """The FY2023 report in English from the store, with an opinion and its response."""
    publish(2023)
    opinion = council.add_opinion(
        plan, 2023, "indicator", "tourist-visits", "外国人客の数も示してほしい", users["council"]
    )
    council.respond(opinion, "次の報告から示します", "done", users["secretariat"])
    return load_context(plan, 2023, lang="en")


def test_english_html_report_has_no_unmarked_japanese(english):
    html = render(english, "html").decode("utf-8")
    assert unmarked_japanese(html) == []
    for name in NAMES:
        assert name in html
    assert "<td>Indicator Tourist visits</td>" in html  # the opinion's item, in English
    assert '<td lang="ja">次の報告から示します</td><td>Done</td>' in html  # as written; state
    assert "\u3000" not in html.split("<body", 1)[1].split('lang="ja"')[0]


def test_english_report_units_and_captions(english):
    html = render(english, "html").decode("utf-8")
    assert "Tourist visits (10,000 persons)" in html
    assert "Employees at establishments in the city (persons)" in html
    assert "Value (100 million yen)" in html  # the values table's header
    assert "（億円）" not in html and "万人" not in html  # units only in sources as published


def test_english_docx_and_xlsx_carry_the_english_names(english):
    doc = Document(io.BytesIO(render(english, "docx")))
    text = "\n".join(p.text for p in doc.paragraphs)
    text += "\n".join(s.header.paragraphs[0].text for s in doc.sections)
    for name in NAMES:
        assert name in text
    assert "所沢市" not in text
    book = load_workbook(io.BytesIO(render(english, "xlsx")))
    cells = {str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row}
    assert any("Creating innovation for growth" in c for c in cells)
    assert not any("発展的なイノベーションの創出" in c for c in cells)
    assert "Baseline, Year" in cells  # two labels joined the English way, not with ・


def test_english_pdf_carries_the_english_names(english, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(render(english, "pdf"))
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    for name in NAMES[1:]:
        assert name in text.replace("\n", " ")
    assert "Tokorozawa City Industrial Promotion Vision" in text  # the running header


def test_a_context_built_from_the_plan_file_is_english_too():
    ctx = make_context(lang="en")
    assert ctx.plan.title == NAMES[0]
    assert [i.indicator.unit for i in ctx.indicators] == [
        "100 million yen", "100 million yen", "10,000 persons", "persons"
    ]  # fmt: skip
    assert make_context(lang="ja").plan.policies[0].title == "発展的なイノベーションの創出"
