"""The PDF report: A4, Japanese font embedded, every project and indicator present."""

from __future__ import annotations

import subprocess

import pytest


@pytest.fixture(scope="module")
def pdf_file(rendered, tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(rendered["pdf"])
    return path


def run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def test_cjk_font_embedded(pdf_file):
    fonts = run("pdffonts", str(pdf_file)).splitlines()[2:]
    assert fonts, "no fonts in the PDF"
    for line in fonts:
        assert " yes " in line  # every font embedded
    assert any("Gothic" in line and "CID TrueType" in line for line in fonts)


def test_text_has_every_project_and_indicator(context, pdf_file):
    text = run("pdftotext", "-layout", str(pdf_file), "-")
    flat = "".join(text.split())
    for p in context.projects:
        assert "".join(p.title.split()) in flat, p.title
    for ir in context.indicators:
        assert ir.indicator.name in flat
    assert "案" in text
    assert "最新値は令和3年度（令和6年8月公表）" in flat


def test_a4_pages_with_numbers(pdf_file):
    info = run("pdfinfo", str(pdf_file))
    assert "595.276 x 841.89 pts (A4)" in info
    pages = int(next(line for line in info.splitlines() if line.startswith("Pages:")).split()[1])
    last = run("pdftotext", "-f", str(pages), "-l", str(pages), str(pdf_file), "-")
    assert f"{pages} / {pages}" in last
    dates = run("pdfinfo", "-isodates", str(pdf_file))
    assert "2024-11-28T00:00:00" in dates.split("CreationDate:")[1].splitlines()[0], dates


def test_contents_lists_page_numbers(pdf_file):
    toc = run("pdftotext", "-f", "2", "-l", "2", "-layout", str(pdf_file), "-")
    assert "目次" in toc
    line = next(x for x in toc.splitlines() if "評価指標の総括" in x)
    assert line.rstrip()[-1].isdigit()


def test_charts_are_vector(rendered):
    # Inline SVG becomes PDF drawing operators, not embedded raster images.
    assert b"/Subtype /Image" not in rendered["pdf"]


def test_byte_identical(context, rendered):
    from shinchoku.reports import render

    from .conftest import source_date_epoch

    with source_date_epoch():
        assert render(context, "pdf") == rendered["pdf"]


def test_tagged_pdf_ua(pdf_file, context):
    """PDF/UA: a structure tree, the document language and title, bookmarks, and alternate
    text on every figure (the charts), so screen readers can read the council report."""
    import pikepdf

    with pikepdf.open(pdf_file) as pdf:
        root = pdf.Root
        assert root.MarkInfo.Marked
        assert str(root.Lang) == "ja"
        assert root.ViewerPreferences.DisplayDocTitle
        assert "/Outlines" in root
        tags, alts = [], []

        def walk(node: object) -> None:
            if isinstance(node, pikepdf.Dictionary) and "/S" in node:
                tags.append(str(node.S))
                if str(node.S) == "/Figure":
                    alts.append(str(node.get("/Alt", "")))
            kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                if isinstance(kid, pikepdf.Dictionary):
                    walk(kid)

        walk(root.StructTreeRoot)
    assert {"/H1", "/H2", "/Table", "/TH", "/Figure"} <= set(tags)
    assert alts == [f"{ir.indicator.name}の推移" for ir in context.indicators]
