"""``shinchoku site build``: the public site as files, with relative links and nothing external."""

from __future__ import annotations

import datetime
import json
import re

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.opendata.staticsite import broken_links, external_requests, file_for


def structured_data(page):
    """The schema.org JSON-LD block of a built page."""
    text = page.read_text(encoding="utf-8")
    return json.loads(text.split('<script type="application/ld+json">', 1)[1].split("</script>")[0])


def test_file_names_for_site_addresses():
    assert file_for("/") == "index.html"
    assert file_for("/en/indicators/gross-product/") == "en/indicators/gross-product/index.html"
    assert file_for("/indicators/gross-product.csv") == "indicators/gross-product.csv"
    assert file_for("/places/guide-map.pdf?size=A3") == "places/guide-map__size-A3.pdf"


def test_refuses_an_unpublished_year(cli, published, tmp_path):
    result = cli("site", "build", str(tmp_path / "site"), "--year", "令和6年度", ok=False)
    assert result.exit_code == 2
    assert "令和6年度は公表されていません（公表済み: 令和5年度）" in result.output
    assert not (tmp_path / "site").exists()


def test_site_build_writes_linked_pages_and_rebuilds_only_what_changed(
    cli, published, records, tmp_path, monkeypatch
):
    from django.core.cache import cache

    from shinchoku.registries import applications

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    out = tmp_path / "site"
    first = json.loads(cli("site", "build", str(out), "--year", "R5", "--format", "json").stdout)
    product = records["product"].pk
    for page in ("index.html", "en/index.html", "indicators/gross-product/index.html",
                 "indicators/gross-product.csv", "places/index.html", "data/index.html",
                 "data/shinchoku-data.zip", f"brand/products/{product}/index.html",
                 "reports/2023.html", "feeds/plan.atom", "data/geojson/places.geojson",
                 "data/csv/tourism-places.csv"):  # fmt: skip
        assert (out / page).is_file(), page
    assert not (out / "reports/2024.html").exists()  # 令和6年度 is not published
    assert broken_links(out) == []
    assert external_requests(out) == []
    home = (out / "indicators/gross-product/index.html").read_text(encoding="utf-8")
    assert 'href="../../static/web/site.css"' in home and "9,300" in home
    assert "9,999" not in home and 'href="/workspace/' not in home
    files = json.loads((out / ".shinchoku-site.json").read_text())["files"]
    assert not any(p.startswith(("static/admin/", "en/data/csv")) for p in files)
    assert "en/data/index.html" in files  # the page in English, the files once
    for path in files:  # the address the pages were rendered at never leaks out
        assert b"static.invalid" not in (out / path).read_bytes(), path
    # Built without --base-url: structured data names the page and its files relative to
    # the page, as the links do (a root-relative address breaks the edition on a sub-path).
    data = structured_data(out / "indicators/gross-product/index.html")
    assert data["url"] == "index.html"
    assert [d["contentUrl"] for d in data["distribution"]] == [
        "../gross-product.csv", "../gross-product.xlsx"
    ]  # fmt: skip
    zips = [
        d["contentUrl"] for page in ("data/index.html", "en/data/index.html")
        for d in structured_data(out / page)["distribution"] if d["contentUrl"].endswith(".zip")
    ]  # fmt: skip
    assert zips == ["shinchoku-data.zip", "../../data/shinchoku-data.zip"]
    for page in out.rglob("*.html"):
        if "application/ld+json" in (text := page.read_text(encoding="utf-8")):
            assert not re.search(r'"(url|contentUrl)": "/', text), page
    catalogue = json.loads((out / "data/catalog.jsonld").read_text(encoding="utf-8"))
    assert {"@id": "csv/observations.csv"} in [
        n.get("dcat:downloadURL") for n in catalogue["@graph"]
    ]

    applications.review(SYSTEM, records["product"], "end", reason="販売終了",
                    on=datetime.date(2026, 3, 31))  # fmt: skip
    cache.clear()  # every page rendered again: unchanged pages must give the same bytes
    second = json.loads(cli("site", "build", str(out), "--format", "json").stdout)
    assert f"brand/products/{product}/index.html" in second["removed"]
    assert not (out / f"brand/products/{product}/index.html").exists()
    assert "brand/index.html" in second["written"] and "data/csv/products.csv" in second["written"]
    assert "static/web/site.css" not in second["written"]
    for same in ("indicators/gross-product.csv", "indicators/gross-product.xlsx",
                 "reports/2023.docx", "feeds/projects/1.atom", "methods/index.html"):  # fmt: skip
        assert same not in second["written"], same
    assert len(second["written"]) < len(first["written"]) / 3
