"""The open data on the site: /data/, its files, sitemap.xml, robots.txt, 最終更新."""

from __future__ import annotations

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest

from shinchoku.accounts.permissions import SYSTEM

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def test_robots_txt_keeps_crawlers_out_of_the_workspace_and_names_the_sitemap(client, plan):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    text = response.content.decode()
    assert "Disallow: /workspace/\n" in text and "Disallow: /en/workspace/\n" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_sitemap_lists_public_pages_with_hreflang_twins(client, published, records):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and response["Content-Type"] == "application/xml"
    root = ET.fromstring(response.content)
    urls = {u.find(f"{SM}loc").text: u for u in root.findall(f"{SM}url")}
    page = urls["http://testserver/indicators/gross-product/"]
    alternates = {a.get("hreflang"): a.get("href") for a in page.findall(f"{XHTML}link")}
    assert alternates == {
        "ja": "http://testserver/indicators/gross-product/",
        "en": "http://testserver/en/indicators/gross-product/",
        "x-default": "http://testserver/indicators/gross-product/",
    }
    assert "http://testserver/en/indicators/gross-product/" in urls
    assert f"http://testserver/brand/products/{records['product'].pk}/" in urls
    assert "http://testserver/data/" in urls and "http://testserver/projects/15/" in urls
    assert not any("workspace" in u or "login" in u for u in urls)
    for url in list(urls)[:5]:  # every listed page exists
        assert client.get(url.removeprefix("http://testserver")).status_code == 200


def test_sitemap_leaves_out_sample_records(client, plan):
    from shinchoku.registries.sample import load

    load(actor=SYSTEM)
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locs = {u.find(f"{SM}loc").text.removeprefix("http://testserver") for u in root}
    assert not any(loc.startswith("/brand/") and loc[-2].isdigit() for loc in locs)
    assert {loc for loc in locs if "courses/" in loc} == {
        "/courses/",
        "/en/courses/",
        "/zh-hans/courses/",
        "/ko/courses/",
    }


def test_data_page_lists_downloads_licence_and_citation(client, published, records):
    response = client.get("/data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/data/shinchoku-data.zip"' in html and 'href="/data/csv/observations.csv"' in html
    assert 'href="/data/csv-sjis/places.csv"' in html
    assert "政府標準利用規約（第2.0版）" in html
    citation = (
        "出典: 所沢市 産業振興ビジョン 後期アクションプラン 進捗データ（http://testserver/data/）"
    )
    assert citation in html
    found = re.search(r'<script type="application/ld\+json">(.*?)</script>', html)
    dataset = json.loads(found[1])
    assert dataset["@type"] == "Dataset" and dataset["creator"]["name"] == "所沢市"
    assert {
        "@type": "DataDownload",
        "encodingFormat": "text/csv",
        "contentUrl": "http://testserver/data/csv/observations.csv",
    } in dataset["distribution"]
    english = client.get("/en/data/").content.decode()
    assert "Terms of use" in english and "How to cite" in english and "Last updated" in english


def test_data_page_table_scrolls_in_a_named_region(client, plan):
    """The list of tables scrolls inside its own box on a phone: reached by the keyboard
    (tabindex) and named by its heading (WCAG 2.1 AA); the page never scrolls sideways."""
    html = client.get("/data/").content.decode()
    assert '<h2 id="tables-heading">表ごとのダウンロード</h2>' in html
    region = '<div class="table-scroll" tabindex="0" role="region" aria-labelledby="{}">'.format(
        "tables-heading"
    )
    assert region + '<table class="values wide">' in html
    assert html.count("<table") == html.count('<div class="table-scroll"') == 1


@pytest.mark.parametrize(
    ("path", "content_type", "start"),
    [
        ("/data/csv/observations.csv", "text/csv; charset=utf-8", "\ufeffid,indicator".encode()),
        ("/data/csv-sjis/indicators.csv", "text/csv; charset=shift_jis", b"code,name"),
        ("/data/shinchoku-data.zip", "application/zip", b"PK"),
        ("/data/catalog.jsonld", "application/ld+json", b"{"),
    ],
)
def test_files_are_served_at_stable_addresses(client, published, path, content_type, start):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(start)


def test_unknown_file_is_404(client, plan):
    assert client.get("/data/csv/secret.csv").status_code == 404
    assert client.get("/data/../settings.py").status_code == 404


def test_footer_shows_when_public_data_last_changed(client, plan, publish):
    from django.utils import timezone

    from shinchoku.core.context import date_label

    publish(2023)
    today = timezone.localdate()
    html = client.get("/").content.decode()
    assert f'最終更新: <time datetime="{today:%Y-%m-%d}">' in html
    shown = date_label(today, "ja")  # 和暦, as every date on the Japanese site
    assert f'<time datetime="{today:%Y-%m-%d}">{shown}</time>' in html
    assert shown.startswith("令和")


def test_drafts_do_not_move_the_last_updated_date(plan):
    from shinchoku.audit.models import AuditEntry
    from shinchoku.observations.services import add
    from shinchoku.opendata.updated import last_updated

    before = last_updated(plan)
    add(
        plan,
        {"indicator": "総生産額", "year": "令和6年度", "value": "9999", "source": "下書き"},
        actor=SYSTEM,
    )
    assert last_updated(plan) == before  # 令和6年度 is not published
    assert AuditEntry.objects.filter(action="observation.add").exists()
    assert before is not None and before.date() <= datetime.date.today() + datetime.timedelta(1)


def test_english_data_page_explains_every_table_and_column_in_english(client, published, records):
    from shinchoku.opendata.english import COLUMNS, TABLES
    from shinchoku.opendata.package import tables
    from shinchoku.plan.selection import default_plan

    found = tables(default_plan())
    assert {t.name for t in found} == set(TABLES)  # a new table needs its English
    assert {f.name for t in found for f in t.fields} <= set(COLUMNS)  # and each column
    html = client.get("/en/data/").content.decode()
    assert '<th scope="row">Indicator values (every revision)<br>' in html
    assert "<dd>公表日</dd>" not in html
    assert "<dt><code>published_on</code></dt><dd>Publication date</dd>" in html
    japanese = client.get("/data/").content.decode()
    assert "<dt><code>published_on</code></dt><dd>公表日</dd>" in japanese
    header = client.get("/data/csv/observations.csv").content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("id,indicator,year,value,unit")  # the same codes in every language
