"""The Word document: heading styles for the navigation pane, real tables, East Asian font."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from shinchoku.reports import render

from .conftest import source_date_epoch


@pytest.fixture(scope="module")
def doc(rendered):
    return Document(io.BytesIO(rendered["docx"]))


def test_headings_use_heading_styles(doc, context):
    headings = [
        (p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")
    ]
    assert ("Heading 1", "1　評価指標の総括") in headings
    assert ("Heading 2", "2.1　総生産額（億円）") in headings
    assert ("Heading 2", "基本方針4　次代の地域産業を担う人づくりとつながりづくり") in headings
    level4 = [text for style, text in headings if style == "Heading 4"]
    assert [t.split("　", 1)[1] for t in level4] == [p.title for p in context.projects]


def test_tables_and_charts(doc):
    summary = doc.tables[1]  # after the cover table
    assert [c.text for c in summary.rows[0].cells][:4] == [
        "指標",
        "基準値",
        "最新値",
        "同じ年の目標線",
    ]
    gp = [c.text for c in summary.rows[1].cells]
    assert gp[1] == "9,095\n（R1）" and gp[2] == "9,210\n（R3）"
    # path(2021) = 9140.5, rounded half-up as every format does; not rated (before R5).
    assert gp[3] == "9,141\n（R1の基準値とR5の目標値の間を直線で補った値）"
    assert gp[6] == "評価なし"
    assert len(doc.inline_shapes) == 4  # one chart per indicator
    # Three rows of each project's sheet, and its rating in its measure's table.
    assert sum(c.text == "未提出" for t in doc.tables for r in t.rows for c in r.cells) == 4 * 15


def test_east_asian_font_and_draft_header(rendered):
    with zipfile.ZipFile(io.BytesIO(rendered["docx"])) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        header = z.read("word/header2.xml").decode() if "word/header2.xml" in z.namelist() else ""
        headers = [z.read(n).decode() for n in z.namelist() if n.startswith("word/header")]
    assert 'w:eastAsia="游ゴシック"' in styles
    assert any("【案】" in h for h in headers), header


def test_byte_identical(context, rendered):
    with source_date_epoch():
        assert render(context, "docx") == rendered["docx"]


def test_language_alt_text_contents_and_numbers(rendered, doc, context):
    """Japanese as the document language, alternate text on every chart, a real contents
    field over every numbered heading (5.1–5.3 too) updated on opening, and figures
    right-aligned and never wrapped."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn

    with zipfile.ZipFile(io.BytesIO(rendered["docx"])) as z:
        styles = z.read("word/styles.xml").decode("utf-8")
        settings = z.read("word/settings.xml").decode("utf-8")
        body = z.read("word/document.xml").decode("utf-8")
    assert '<w:lang w:val="ja-JP" w:eastAsia="ja-JP"' in styles
    assert "en-US" not in styles
    assert '<w:updateFields w:val="true"/>' in settings
    assert 'TOC \\o "1-2"' in body
    alts = [s._inline.docPr.get("descr") for s in doc.inline_shapes]
    assert alts == [f"{ir.indicator.name}の推移" for ir in context.indicators]
    texts = [p.text for p in doc.paragraphs]
    for entry in ("　5.1　評価の方法", "　5.2　出典", "　5.3　用語"):
        assert entry in texts
    from shinchoku.reports.docx import NUMBER

    figures = [c for r in doc.tables[1].rows[1:] for c in r.cells if NUMBER.match(c.text)]
    assert "118.3%" in [c.text for c in figures]  # 観光入込客数's progress, (547 − 476) / 60
    for cell in figures:
        assert cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert cell._tc.tcPr.find(qn("w:noWrap")) is not None
