"""The report buttons serve what ``shinchoku report`` writes: public for published years only."""

from __future__ import annotations

import io

from openpyxl import load_workbook


def test_public_report_of_the_published_year(client, plan, publish):
    assert client.get("/reports/2023.html").status_code == 404  # not published yet
    publish(2023)
    response = client.get("/reports/2023.html")
    assert response.status_code == 200
    html = response.content.decode()
    assert "総生産額" in html and "企業誘致活動推進事業" in html
    assert 'class="draft' not in html and "attachment" in response["Content-Disposition"]
    assert client.get("/reports/2024.html").status_code == 404  # not published yet
    assert client.get("/reports/2023.odt").status_code == 404


def test_draft_report_in_the_workspace(client_as):
    council = client_as("council")
    response = council.get("/workspace/reports/2023.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) > 15  # summary, indicators, policies, 15 evaluation sheets
    assert client_as(None).get("/workspace/reports/2023.xlsx").status_code == 302


def test_buttons_are_on_the_pages(client_as, publish):
    home = client_as(None).get("/").content.decode()
    assert "/reports/" not in home  # no round published: no report to offer
    publish(2023)
    home = client_as(None).get("/").content.decode()
    assert 'href="/reports/2023.pdf"' in home
    dashboard = client_as("secretariat").get("/workspace/?year=2023").content.decode()
    assert 'href="/workspace/reports/2023.docx"' in dashboard
