"""Metadata on the public pages: schema.org Dataset on indicator pages, 最終更新 on every page."""

from __future__ import annotations

import datetime
import json
import re

from django.urls import reverse
from django.utils import timezone, translation

from shinchoku.opendata.findability import LANGS, public_pages

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
FOOTER = re.compile(r'</a> · (?:最終更新|Last updated): <time datetime="(\d{4}-\d\d-\d\d)">')


def _dataset(client, path: str) -> dict:
    response = client.get(path)
    assert response.status_code == 200
    [found] = LD.findall(response.content.decode())
    return json.loads(found)


def test_indicator_page_describes_its_downloads_as_a_dataset(client, published):
    data = _dataset(client, "/indicators/gross-product/")
    town = {"@type": "GovernmentOrganization", "name": "所沢市"}
    assert data["@context"] == "https://schema.org" and data["@type"] == "Dataset"
    assert data["name"] == "総生産額（所沢市）" and data["inLanguage"] == "ja"
    assert data["description"].startswith("市内全事業所の生産規模を示す指標。")
    assert "出典統計: 埼玉県市町村民経済計算（市町村内総生産・名目）" in data["description"]
    assert data["creator"] == town and data["publisher"] == town
    assert data["license"] == "https://www.digital.go.jp/resources/open_data"
    assert data["url"] == "http://testserver/indicators/gross-product/"
    # The downloads' years: the history's first value (平成29年度) … the final target
    # (令和9年度), as fiscal years (April to March).
    assert data["temporalCoverage"] == "2017-04-01/2028-03-31"
    assert data["dateModified"] == timezone.localdate().isoformat()
    assert data["variableMeasured"]["unitText"] == "億円"
    urls = {d["encodingFormat"]: d["contentUrl"] for d in data["distribution"]}
    sheet = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert urls == {
        "text/csv": "http://testserver/indicators/gross-product.csv",
        sheet: "http://testserver/indicators/gross-product.xlsx",
    }
    for kind, url in urls.items():
        response = client.get(url.removeprefix("http://testserver"))
        assert response.status_code == 200 and response["Content-Type"].startswith(kind)
    csv = client.get("/indicators/gross-product.csv").content.decode("utf-8-sig")
    rows = [line.split(",") for line in csv.splitlines()[1:]]
    years = [int(r[0]) for r in rows]
    assert (min(years), max(years)) == (2017, 2027) and 2021 in years
    assert 2024 not in [int(r[0]) for r in rows if r[4] != "target"]  # 令和6年度 unpublished


def test_english_indicator_page_names_its_dataset_in_english(client, published):
    data = _dataset(client, "/en/indicators/gross-product/")
    assert data["name"] == "Gross product (Tokorozawa City)" and data["inLanguage"] == "en"
    assert data["creator"]["name"] == "Tokorozawa City"
    assert data["variableMeasured"]["unitText"] == "100 million yen"
    assert (
        "Source statistics: Saitama Prefecture Municipal Economic Accounts" in (data["description"])
    )
    urls = [d["contentUrl"] for d in data["distribution"]]
    assert urls == [
        "http://testserver/en/indicators/gross-product.csv",
        "http://testserver/en/indicators/gross-product.xlsx",
    ]
    for url in urls:
        assert client.get(url.removeprefix("http://testserver")).status_code == 200


def test_calendar_year_indicator_covers_calendar_years(client, published):
    from shinchoku.opendata.structured import coverage

    assert coverage([2021, 2019, 2027], "calendar") == "2019-01-01/2027-12-31"
    assert coverage([2023], "fiscal") == "2023-04-01/2024-03-31"


def _footer_dates(client, row) -> dict[str, str | None]:
    """The 最終更新 date of every public page in every language, by address."""
    shown: dict[str, str | None] = {}
    for name, args in public_pages(row):
        for code in LANGS:
            with translation.override(code):
                path = reverse(name, args=args)
            response = client.get(path)
            assert response.status_code == 200, path
            found = FOOTER.findall(response.content.decode())
            shown[path] = found[0] if len(found) == 1 else None
    return shown


def test_every_public_page_shows_the_last_update_and_follows_a_publication(
    client, published, records, publish, monkeypatch
):
    from shinchoku.opendata.updated import last_updated_date

    before = last_updated_date(published).isoformat()
    pages = _footer_dates(client, published)
    names = {name for name, _ in public_pages(published)}
    assert {"opendata:search", "registries:product", "registries:places", "web:indicator"} <= names
    assert len(pages) == 2 * len(public_pages(published)) > 60
    assert pages == dict.fromkeys(pages, before)  # every page, both languages, one date

    # 令和6年度 published 40 days on: every page (none served stale from the cache) moves.
    later = timezone.now() + datetime.timedelta(days=40)
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: later)
        publish(2024)
    day = timezone.localtime(later).date().isoformat()
    assert last_updated_date(published).isoformat() == day != before
    assert _footer_dates(client, published) == dict.fromkeys(pages, day)
