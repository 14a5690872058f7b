"""The bulk open data as files: CSV (UTF-8 and Shift_JIS), XLSX, ``datapackage.json``, ZIP.

``build(row, base_url)`` returns every file by its path under ``/data/``; the web serves
them from there and ``shinchoku opendata build DIR`` writes them to a folder. The same
data gives the same bytes: file dates are the last public change (or SOURCE_DATE_EPOCH).
"""

from __future__ import annotations

import datetime
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from ..plan.models import Plan
from ..reports.context import source_date
from ..reports.reproducible import restamp
from . import encode, geojson
from .catalog import catalogue
from .licence import citation, data_title, licence
from .paths import (
    ARCHIVE,
    CATALOGUE,
    DESCRIPTOR,
    README,
    WORKBOOK,
    data_url,
    geojson_path,
    sjis_path,
    utf8_path,
)
from .registry_tables import registry_tables
from .schema import Table
from .standard import tourism_tables
from .tables import evaluation_table, observation_table, plan_tables
from .updated import last_updated

EPOCH = datetime.datetime(1980, 1, 1, tzinfo=datetime.UTC)  # the earliest ZIP time


@dataclass(frozen=True)
class Bundle:
    """Every open-data file by its path, the tables they hold, and what Shift_JIS replaced."""

    files: dict[str, bytes]
    tables: list[Table]
    replacements: list[encode.Replacement]
    stamp: datetime.datetime


def tables(row: Plan) -> list[Table]:
    """Every table of the open data, in the order of the data package."""
    return [
        observation_table(row),
        evaluation_table(row),
        *plan_tables(row),
        # The registries are the default plan's (docs/plans.md): not another plan's data.
        *(registry_tables() + tourism_tables(row) if row.is_default else []),
    ]


def descriptor(row: Plan, found: list[Table], base_url: str, stamp: datetime.datetime) -> dict:
    """The Frictionless Data Package describing the UTF-8 CSV files and the GeoJSON layers
    (not tables, so the package is a ``data-package`` of tabular resources and GeoJSON)."""
    lic = licence()
    return {
        "profile": "data-package",
        "name": row.slug.lower(),
        "title": data_title(row.municipality, row.title),
        "description": (
            "評価指標の実績値（全改訂・出典つき）、公表済み年度の評価結果、計画（評価指標・目標値・"
            "統計の断層・計画の版）"
            + ("、登録簿の公開情報" if row.is_default else "")  # the registries' plan only
            + "。Shift_JIS 版は csv-sjis/ にあります。"
        ),
        "homepage": data_url(base_url),
        "licenses": [{"title": lic.title, "path": lic.url}],
        "created": stamp.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "keywords": [row.municipality, "産業振興", "評価指標", "オープンデータ"],
        "resources": [
            {
                "name": t.name,
                "title": t.title,
                "description": t.description,
                "path": utf8_path(t.name),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "schema": t.schema(),
            }
            for t in found
        ]
        + [
            {
                "name": f"{name}-geojson",
                "title": title,
                "description": f"{text}。座標は [経度, 緯度]（WGS84、RFC 7946）",
                "path": geojson_path(name),
                "profile": "data-resource",
                "format": "geojson",
                "mediatype": "application/geo+json",
                "encoding": "utf-8",
            }
            for name, (title, text) in geojson.LAYERS.items()
            if row.is_default  # the registries' map layers
        ],
    }


# What the README says of each file or folder, listed only when the download holds it
# (another plan's has no registries: no GeoJSON, no 観光施設一覧).
CONTENTS = (
    (
        DESCRIPTOR,
        ["datapackage.json  各表の列・型・単位・主キー・外部キー（Frictionless Data Package）"],
    ),
    ("csv/", ["csv/              UTF-8（BOM付き）の CSV"]),
    ("csv-sjis/", ["csv-sjis/         Shift_JIS（cp932）の CSV"]),
    ("geojson/", ["geojson/          直売所・おさんぽコース・道標の位置（GeoJSON、[経度, 緯度]）"]),
    (
        "csv/tourism-",
        [
            "csv/tourism-*.csv 直売所・販売協力店（自治体標準オープンデータセット",
            "                  「観光施設一覧」の形式）",
        ],
    ),
    (WORKBOOK, [f"{WORKBOOK}  すべての表（1表1シート）"]),
)


def readme(
    row: Plan, base_url: str, replaced: list[encode.Replacement], written: Iterable[str]
) -> str:
    """The README in the download: what is there (of the ``written`` paths), the licence,
    how to cite, replacements."""
    lic = licence()
    paths = list(written)
    lines = [
        data_title(row.municipality, row.title),
        "",
        f"利用条件: {lic.note} {lic.url}",
        "出典の記載例: " + citation(row.municipality, row.title, data_url(base_url)),
        "",
    ]
    for prefix, text in CONTENTS:
        if any(p.startswith(prefix) for p in paths):
            lines += text
    lines += [
        "",
        "数値は公表された統計によります。評価の計算方法はサイトの「データと評価方法」をご覧ください。",
    ]
    if replaced:
        lines += ["", "Shift_JIS 版で表せない文字の置き換え（UTF-8 版には元の文字があります）:"]
        lines += [r.describe() for r in replaced]
    return "\r\n".join(lines) + "\r\n"


def _zip(files: dict[str, bytes], stamp: datetime.datetime) -> bytes:
    out = io.BytesIO()
    when = max(stamp.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    with zipfile.ZipFile(out, "w") as archive:
        for path in sorted(files):
            info = zipfile.ZipInfo(path, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[path])
    return out.getvalue()


def build(row: Plan, base_url: str) -> Bundle:
    """Every open-data file of the plan's published data, for the site at ``base_url``."""
    stamp = source_date() or last_updated(row) or EPOCH
    stamp = stamp.astimezone(datetime.UTC).replace(microsecond=0)
    found = tables(row)
    files: dict[str, bytes] = {}
    replaced: list[encode.Replacement] = []
    for t in found:
        files[utf8_path(t.name)] = encode.csv_utf8(t)
        files[sjis_path(t.name)], lost = encode.csv_cp932(t)
        replaced += lost
    for name, layer in (geojson.layers() if row.is_default else {}).items():
        files[geojson_path(name)] = geojson.encode(layer)
    files[WORKBOOK] = restamp(encode.xlsx(found), stamp)
    package = descriptor(row, found, base_url, stamp)
    files[DESCRIPTOR] = (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode()
    files[README] = readme(row, base_url, replaced, files).encode("utf-8-sig")
    files[ARCHIVE] = _zip(files, stamp)
    sizes = {path: len(data) for path, data in files.items()}
    doc = catalogue(row, found, base_url, stamp, sizes)
    files[CATALOGUE] = (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode()
    return Bundle(files, found, replaced, stamp)
