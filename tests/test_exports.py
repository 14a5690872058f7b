"""No text we export can become a live formula (OWASP CSV injection), in any format."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.exports import csv_text, guard_workbook, is_formula_like, neutralise

HOSTILE = '=HYPERLINK("http://x","y")'


@pytest.mark.parametrize(
    ("value", "formula_like"),
    [
        (HOSTILE, True),
        ("+81-4-2998-1111", True),
        ("-2+3+cmd|' /C calc'!A0", True),
        ("@SUM(A1:A9)", True),
        ("\t=1+1", True),
        ("\r=1+1", True),
        ("-", True),
        ("-12.5", False),  # a negative number is a number, not a formula
        ("-1,234", False),
        ("+3.5e-2", False),
        ("-.5", False),
        ("12%", False),
        (-12.5, False),
        (0, False),
        (None, False),
        ("経済構造実態調査（2024年）", False),
        ("a=b", False),
        ("", False),
    ],
)
def test_which_cells_are_formula_like(value, formula_like):
    assert is_formula_like(value) is formula_like
    assert neutralise(value) == ("'" + value if formula_like else value)


def test_csv_neutralises_text_and_keeps_numbers():
    text = csv_text(["source", "value"], [[HOSTILE, -3], ["-3", "@x"]])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["source", "value"], ["'" + HOSTILE, "-3"], ["-3", "'@x"]]


def test_an_xlsx_cell_starting_with_equals_is_stored_as_text():
    book = Workbook()
    book.active.append([HOSTILE, -5.5, "+cmd", "+1"])
    assert book.active["A1"].data_type == "f"  # openpyxl's own reading of "=…"
    assert guard_workbook(book) == 2
    out = io.BytesIO()
    book.save(out)
    _assert_inert_xlsx(out.getvalue(), expected=2)
    cells = load_workbook(io.BytesIO(out.getvalue())).active
    assert [c.value for c in cells[1]] == [HOSTILE, -5.5, "+cmd", "+1"]  # the text kept exactly


def _assert_inert_xlsx(data: bytes, expected: int) -> None:
    """No formula anywhere; ``expected`` cells hold the hostile text as quote-prefixed text."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), name
    book = load_workbook(io.BytesIO(data))
    hits = [
        c
        for ws in book.worksheets
        for row in ws.iter_rows()
        for c in row
        if is_formula_like(c.value)
    ]
    assert len(hits) >= expected
    for c in hits:
        assert c.data_type == "s" and c.quotePrefix, (c.coordinate, c.value)


@pytest.fixture
def hostile(plan, users):
    """A department records a value whose source is a formula, for the published year 2022."""
    from shinchoku.observations import services

    services.add(
        plan,
        {
            "indicator": "tourist-visits",
            "year": "2022",
            "value": "498",  # (negative figures are refused by the plan's range since #10)
            "source": HOSTILE,
            "published_on": "2024-12-01",
            "note": "訂正",
        },
        users["department"],
    )
    assert plan.is_published(2022)  # a year before the plan: official statistics, public
    return plan


def test_indicator_downloads_are_inert(client, hostile):
    text = client.get("/indicators/tourist-visits.csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    expected = ["2022", "令和4年", "498", "万人", "actual", "採用", "'" + HOSTILE]
    assert expected in [r[:7] for r in rows]
    assert not any(cell.startswith(("=", "+", "@")) for r in rows for cell in r)

    data = client.get("/indicators/tourist-visits.xlsx").content
    _assert_inert_xlsx(data, expected=1)
    sheet = load_workbook(io.BytesIO(data)).active
    row = next(r for r in sheet.iter_rows(values_only=True) if r[6] == HOSTILE)  # the source column
    assert row[2] == 498 and isinstance(row[2], int | float)  # a number cell


def test_report_files_show_the_source_as_text(client, hostile):
    _assert_inert_xlsx(client.get("/reports/2022.xlsx").content, expected=1)

    docx = client.get("/reports/2022.docx").content
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        body = z.read("word/document.xml").decode()
        links = z.read("word/_rels/document.xml.rels").decode()
    assert HOSTILE.replace('"', "&quot;") in body or HOSTILE in body  # plain text in a run
    fields = re.findall(r"<w:instrText[^>]*>([^<]*)<", body)
    assert fields and not [f for f in fields if "HYPERLINK" in f]  # TOC/PAGE fields only
    assert "fldSimple" not in body and "http://x" not in links

    html = client.get("/reports/2022.html").content.decode()
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)" in html
    assert 'href="http://x"' not in html


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="needs pdftotext (poppler-utils)")
def test_pdf_report_shows_the_source_as_text(client, hostile, tmp_path):
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(client.get("/reports/2022.pdf").content)
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "=HYPERLINK(" in "".join(text.split())
    assert b"http://x" not in pdf.read_bytes()  # no link annotation was made of it


def test_template_shows_the_value_on_record_as_text(cli, hostile, tmp_path):
    out = tmp_path / "template.xlsx"
    cli("template", "--year", "2023", "--out", str(out))
    _assert_inert_xlsx(out.read_bytes(), expected=1)


def test_audit_csv_is_inert(client_as, hostile):
    from shinchoku.accounts.services import add_user

    add_user("-2+3", "department", "a-long-test-password-2026", "sangyo-shinko", actor=SYSTEM)
    text = client_as("secretariat").get("/workspace/audit/?format=csv").content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert not any(cell.startswith(("=", "+", "-", "@")) for r in rows for cell in r)
    assert ["user.add", "'-2+3"] in [r[2:4] for r in rows]
