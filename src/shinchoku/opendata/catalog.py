"""The DCAT catalogue (DCAT-AP style JSON-LD) of the open data, for CKAN harvesters.

One dataset per group of tables (values and evaluations, the plan, the registries) plus
one for the whole package; each table is a distribution twice (UTF-8 and Shift_JIS CSV).
The JSON-LD context is inline, so a harvester needs no further request to read it.
"""

from __future__ import annotations

import datetime
from typing import Any

from ..plan.models import Plan
from .geojson import LAYERS
from .licence import CC_BY, data_title, licence
from .paths import (
    ARCHIVE,
    CATALOGUE,
    DESCRIPTOR,
    WORKBOOK,
    data_url,
    geojson_path,
    sjis_path,
    utf8_path,
)
from .schema import DATASETS, Table

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
IANA = "https://www.iana.org/assignments/media-types/"
RFC7946 = "https://www.rfc-editor.org/rfc/rfc7946"
MEDIA = {
    "csv": ("text/csv", "CSV"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    "zip": ("application/zip", "ZIP"),
    "json": ("application/json", "JSON"),
    "geojson": ("application/geo+json", "GeoJSON"),
}


def _text(ja: str, en: str = "") -> list[dict[str, str]]:
    out = [{"@value": ja, "@language": "ja"}]
    return out + ([{"@value": en, "@language": "en"}] if en else [])


def _date(d: datetime.date) -> dict[str, str]:
    return {"@value": d.isoformat(), "@type": "xsd:date"}


def _period(start: datetime.date, end: datetime.date) -> dict[str, Any]:
    return {"@type": "dct:PeriodOfTime", "dcat:startDate": _date(start), "dcat:endDate": _date(end)}


def _span(years: list[tuple[int, str]]) -> dict[str, Any] | None:
    """The period covered by (year, period kind) pairs: fiscal years run April to March."""
    if not years:
        return None
    starts = [datetime.date(y, 4 if k == "fiscal" else 1, 1) for y, k in years]
    ends = [datetime.date(y + 1, 3, 31) if k == "fiscal" else datetime.date(y, 12, 31)
            for y, k in years]  # fmt: skip
    return _period(min(starts), max(ends))


def _coverage(row: Plan, found: list[Table]) -> dict[str, dict[str, Any] | None]:
    by_name = {t.name: t for t in found}
    kinds = {r[0]: r[4] for r in by_name["indicators"].rows}
    values = [(r[2], kinds.get(r[1], "fiscal")) for r in by_name["observations"].rows]
    values += [(r[0], "fiscal") for r in by_name["evaluations"].rows]
    vision = _span([(row.vision_start, "fiscal"), (row.vision_end, "fiscal")])
    return {"progress": _span(values), "plan": vision, "registries": None}


def catalogue(
    row: Plan, found: list[Table], base_url: str, stamp: datetime.datetime, sizes: dict[str, int]
) -> dict[str, Any]:
    """The catalogue as a JSON-LD document (``@context`` and ``@graph``)."""
    lic = licence()
    licence_node: dict[str, Any] = {"@id": lic.url, "@type": "dct:LicenseDocument",
                                    "dct:title": _text(lic.title)}  # fmt: skip
    if lic.cc_by_compatible:
        licence_node["rdfs:seeAlso"] = {"@id": CC_BY}
    home = data_url(base_url)
    publisher = f"{home}#publisher"
    modified = _date(stamp.date())
    common = {"dct:publisher": {"@id": publisher}, "dct:license": {"@id": lic.url},
              "dct:modified": modified, "dcat:landingPage": {"@id": home}}  # fmt: skip
    graph: list[dict[str, Any]] = []
    datasets: list[dict[str, Any]] = []

    def distribution(path: str, kind: str, title: str) -> dict[str, str]:
        media, fmt = MEDIA[kind]
        url = data_url(base_url, path)
        node = {
            "@id": url, "@type": "dcat:Distribution", "dct:title": _text(title),
            "dcat:downloadURL": {"@id": url}, "dcat:accessURL": {"@id": url},
            "dcat:mediaType": {"@id": IANA + media}, "dct:format": fmt,
            "dct:license": {"@id": lic.url}, "dct:modified": modified,
        }  # fmt: skip
        if path in sizes:
            node["dcat:byteSize"] = {"@value": str(sizes[path]), "@type": "xsd:nonNegativeInteger"}
        if kind == "csv":
            node["dct:conformsTo"] = {"@id": data_url(base_url, DESCRIPTOR)}
        if kind == "geojson":
            node["dct:conformsTo"] = {"@id": RFC7946}
        graph.append(node)
        return {"@id": url}

    coverage = _coverage(row, found)
    for key, (title_ja, title_en) in DATASETS.items():
        members = [t for t in found if t.dataset == key]
        if key == "registries" and not row.is_default:  # the default plan's (docs/plans.md)
            continue
        dists = []
        for t in members:
            dists.append(distribution(utf8_path(t.name), "csv", f"{t.title}（CSV UTF-8）"))
            dists.append(distribution(sjis_path(t.name), "csv", f"{t.title}（CSV Shift_JIS）"))
        if key == "registries":  # the map layers (RFC 7946, [longitude, latitude])
            dists += [distribution(geojson_path(n), "geojson", t) for n, (t, _) in LAYERS.items()]
        node = {
            "@id": f"{home}#{key}", "@type": "dcat:Dataset", "dct:identifier": f"{row.slug}-{key}",
            "dct:title": _text(f"{row.municipality} {title_ja}", title_en),
            "dct:description": _text("。".join(f"{t.title}: {t.description}" for t in members)),
            "dcat:keyword": _text(row.municipality) + _text(title_ja.split("（")[0]),
            **common, "dcat:distribution": dists,
        }  # fmt: skip
        if coverage[key]:
            node["dct:temporal"] = coverage[key]
        datasets.append(node)
    everything = [
        distribution(ARCHIVE, "zip", "すべての表（ZIP: CSV 2種、XLSX、datapackage.json）"),
        distribution(WORKBOOK, "xlsx", "すべての表（Excel、1表1シート）"),
        distribution(DESCRIPTOR, "json", "データパッケージの説明（Frictionless datapackage.json）"),
    ]
    datasets.append({
        "@id": f"{home}#all", "@type": "dcat:Dataset", "dct:identifier": f"{row.slug}-all",
        "dct:title": _text(data_title(row.municipality, row.title) + "（一括）",
                           "Progress data of the plan (all tables)"),
        "dct:description": _text("実績値・評価結果・計画・登録簿のすべての表を一括で"),
        **common, "dct:temporal": coverage["plan"], "dcat:distribution": everything,
    })  # fmt: skip
    catalog_node = {
        "@id": data_url(base_url, CATALOGUE), "@type": "dcat:Catalog",
        "dct:title": _text(data_title(row.municipality, row.title),
                           f"Open data: {row.title}"),
        "dct:description": _text("計画の評価指標の実績値、評価結果、計画と登録簿の公開データ"),
        "dct:language": {"@id": "http://publications.europa.eu/resource/authority/language/JPN"},
        "foaf:homepage": {"@id": home}, **common,
        "dcat:dataset": [{"@id": d["@id"]} for d in datasets],
    }  # fmt: skip
    organisation: dict[str, Any] = {"@id": publisher, "@type": "foaf:Organization",
                                    "foaf:name": _text(row.municipality)}  # fmt: skip
    if row.municipality_code:
        organisation["dct:identifier"] = row.municipality_code  # 全国地方公共団体コード
    return {"@context": CONTEXT,
            "@graph": [catalog_node, organisation, licence_node, *datasets, *graph]}  # fmt: skip
