"""Public pages: published data only, in Japanese and English, downloads match the table."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.observations import services as observations


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_home_shows_vision_policies_and_latest_values(client, plan):
    html = page(client, "/")
    assert "所沢市 産業振興ビジョン 後期アクションプラン" in html
    assert "活力ある産業と豊かなくらしの融合で" in html
    assert html.count('class="card"') == 4
    assert "9,095" in html and "最新値は令和元年度（令和4年8月公表）" in html
    assert "最初の評価（令和5年度）はまだ公表されていません" in html


def test_english_home(client, plan):
    html = page(client, "/en/")
    assert '<html lang="en">' in html
    assert "Latest figure: FY2019 (published Aug 2022)" in html  # core's one lag sentence
    assert 'href="/"' in html  # the way back to Japanese


@pytest.mark.parametrize(
    "url",
    [
        "/policies/1/",
        "/indicators/gross-product/",
        "/projects/12/",
        "/methods/",
        "/en/policies/4/",
        "/en/indicators/employees/",
        "/en/projects/1/",
        "/en/methods/",
    ],
)
def test_every_page_type_renders(client, plan, url):
    html = page(client, url)
    assert "<h1>" in html and 'lang="' in html


def test_unknown_items_are_404(client, plan):
    for url in ("/policies/9/", "/indicators/nothing/", "/projects/99/"):
        assert client.get(url).status_code == 404


def test_unpublished_values_stay_out_of_public_pages(client, plan, publish):
    observations.add(
        plan,
        {"indicator": "総生産額", "year": "令和5年度", "value": "9,300", "source": "未公表の速報"},
        actor=SYSTEM,
    )
    html = page(client, "/indicators/gross-product/")
    assert "未公表の速報" not in html and "9,300" not in html
    publish(2023)
    html = page(client, "/indicators/gross-product/")  # the cache follows the data
    assert "未公表の速報" in html and "9,300" in html


def test_indicator_page_lists_every_revision(client, plan):
    observations.add(
        plan,
        {
            "indicator": "総生産額",
            "year": "令和元年度",
            "value": "9,100",
            "source": "改訂版",
            "published_on": "2023-08-01",
            "note": "次の版で改訂",
        },
        actor=SYSTEM,
    )
    html = page(client, "/indicators/gross-product/")
    assert 'class="superseded"' in html and "改訂版" in html
    assert "909533百万円" in html  # the earlier revision is still shown


def test_csv_download_is_the_table(client, plan):
    response = client.get("/indicators/gross-product.csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header = ["year", "year_label", "value", "unit", "role", "role_label", "source", "edition",
              "published_on"]  # fmt: skip
    assert rows[0] == header
    assert [r[:6] for r in rows[1:]] == [
        ["2019", "令和元年度", "9095", "億円", "baseline", "基準値"],
        ["2017", "平成29年度", "8864", "億円", "actual", "採用"],
        ["2018", "平成30年度", "8624", "億円", "actual", "採用"],
        ["2019", "令和元年度", "9095", "億円", "actual", "採用"],
        ["2023", "令和5年度", "9186", "億円", "target", "目標値"],
        ["2024", "令和6年度", "9278", "億円", "target", "目標値"],
        ["2025", "令和7年度", "9371", "億円", "target", "目標値"],
        ["2026", "令和8年度", "9464", "億円", "target", "目標値"],
        ["2027", "令和9年度", "9559", "億円", "target", "目標値"],
    ]
    assert rows[2][8] == "2020-06-11" and rows[3][8] == ""
    english = client.get("/en/indicators/gross-product.csv").content.decode("utf-8-sig")
    en = list(csv.reader(io.StringIO(english)))
    assert en[0] == header  # the same column codes in every language
    assert en[1][:6] == ["2019", "FY2019", "9095", "100 million yen", "baseline", "Baseline"]
    assert en[-1][6] == "Tokorozawa City Industrial Promotion Vision, Latter Action Plan"
    html = page(client, "/indicators/gross-product/")
    assert html.count("<tr class=") == len(rows) - 1  # the page's table has the same rows


def test_xlsx_download_has_numbers(client, plan):
    response = client.get("/indicators/employees.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values == [
        114500,
        95134,
        105248,
        104097,
        107464,
        118798,
        114700,
        114900,
        115100,
        115300,
        115500,
    ]


def test_security_headers(client, plan):
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_external_requests_in_pages(client, plan):
    import re

    html = page(client, "/indicators/tourist-visits/")
    # The schema.org data block names addresses (licence, downloads) but loads nothing.
    html = re.sub(r'<script type="application/ld\+json">.*?</script>', "", html, flags=re.S)
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert "https://" not in html


def test_series_breaks_on_the_chart_and_the_page(client, plan):
    import json
    import re

    html = page(client, "/indicators/manufacturing-shipments/")
    found = re.search(r'<script id="chart-manufacturing-shipments"[^>]*>(.*?)</script>', html, re.S)
    chart = json.loads(found.group(1))
    assert chart["breaks"] == [
        {"x": 2021.5, "year": 2022, "label": "経済構造実態調査 全事業所（個人経営を除く）",
         "comparable": False}
    ]  # fmt: skip
    assert chart["labels"]["break"] == "統計の断層"
    assert "令和4年〜 経済構造実態調査 全事業所（個人経営を除く）" in html
    assert "それ以前" in html and "経済センサス‐活動調査（従業者4人以上）" in html


def test_the_values_table_shows_the_published_figure(client, plan):
    import datetime
    from decimal import Decimal

    from shinchoku.core.model import Observation

    converted = Observation(
        "gross-product", 2020, Decimal("8844"), "埼玉県市町村民経済計算（令和2年度版）",
        datetime.date(2023, 8, 18), "令和2年度版", source_value=Decimal("884375"),
        source_unit="百万円", conversion="÷100", source_ref="saitama-gdp-r2.xlsx F8",
    )  # fmt: skip
    observations.record(plan, [converted], "table", "saitama-gdp-r2.xlsx", actor=SYSTEM)
    # 令和2年度 lies before the plan: public by rule, with no round published.
    html = page(client, "/indicators/gross-product/")
    assert "公表値 884,375百万円" in html and "令和2年度版" in html
