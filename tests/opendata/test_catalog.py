"""The DCAT catalogue: JSON-LD that names every distribution of the data package."""

from __future__ import annotations

import json

import pytest
from pyld import jsonld

from shinchoku.opendata.package import build

from .conftest import BASE

DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"


@pytest.fixture
def bundle(published, records):
    return build(published, BASE)


def expanded(bundle) -> dict[str, dict]:
    """The catalogue expanded by a JSON-LD processor (its context is inline: no fetching)."""
    doc = json.loads(bundle.files["catalog.jsonld"])
    return {node["@id"]: node for node in jsonld.expand(doc)}


def kinds(node: dict) -> set[str]:
    return set(node.get("@type", []))


def test_every_file_of_the_package_is_a_named_distribution(bundle):
    nodes = expanded(bundle)
    distributions = {n["@id"]: n for n in nodes.values() if DCAT + "Distribution" in kinds(n)}
    package = json.loads(bundle.files["datapackage.json"])
    wanted = [r["path"] for r in package["resources"]]
    wanted += [r["path"].replace("csv/", "csv-sjis/") for r in package["resources"]]
    wanted += ["shinchoku-data.zip", "shinchoku-data.xlsx", "datapackage.json"]
    assert {f"{BASE}/data/{p}" for p in wanted} == set(distributions)
    for url, node in distributions.items():
        assert node[DCAT + "downloadURL"] == [{"@id": url}]
        assert node[DCT + "title"][0]["@value"], url
        assert node[DCAT + "mediaType"][0]["@id"].startswith("https://www.iana.org/")
    zip_size = distributions[f"{BASE}/data/shinchoku-data.zip"][DCAT + "byteSize"][0]["@value"]
    assert int(zip_size) == len(bundle.files["shinchoku-data.zip"])
    every_dataset_lists = {
        d["@id"]
        for n in nodes.values()
        if DCAT + "Dataset" in kinds(n)
        for d in n[DCAT + "distribution"]
    }
    assert every_dataset_lists == set(distributions)


def test_catalogue_has_publisher_licence_coverage_and_modified(bundle, published):
    nodes = expanded(bundle)
    catalog = nodes[f"{BASE}/data/catalog.jsonld"]
    assert DCAT + "Catalog" in kinds(catalog)
    publisher = nodes[catalog[DCT + "publisher"][0]["@id"]]
    assert publisher["http://xmlns.com/foaf/0.1/name"][0]["@value"] == "所沢市"
    licence = nodes[catalog[DCT + "license"][0]["@id"]]
    assert licence[DCT + "title"][0]["@value"] == "政府標準利用規約（第2.0版）"
    assert catalog[DCT + "modified"][0]["@type"] == "http://www.w3.org/2001/XMLSchema#date"
    progress = nodes[f"{BASE}/data/#progress"]
    temporal = progress[DCT + "temporal"][0]
    # 平成3年 (1991, a calendar year) is the oldest published value; 令和5年度 ends 2024-03-31.
    assert temporal[DCAT + "startDate"][0]["@value"] == "1991-01-01"
    assert temporal[DCAT + "endDate"][0]["@value"] == "2024-03-31"
    datasets = {d["@id"] for d in catalog[DCAT + "dataset"]}
    assert datasets == {f"{BASE}/data/#{k}" for k in ("progress", "plan", "registries", "all")}


def test_licence_is_configurable(bundle, published, records, settings):
    settings.SHINCHOKU_OPENDATA_LICENSE_TITLE = "CC BY 4.0"
    settings.SHINCHOKU_OPENDATA_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
    doc = json.loads(build(published, BASE).files["catalog.jsonld"])
    licences = [n for n in doc["@graph"] if n.get("@type") == "dct:LicenseDocument"]
    assert [n["@id"] for n in licences] == ["https://creativecommons.org/licenses/by/4.0/"]
    package = json.loads(build(published, BASE).files["datapackage.json"])
    assert package["licenses"] == [
        {"title": "CC BY 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}
    ]
