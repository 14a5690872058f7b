"""Where the open-data files live under ``/data/`` (the same in the web and a built folder)."""

from __future__ import annotations

ARCHIVE = "shinchoku-data.zip"
WORKBOOK = "shinchoku-data.xlsx"
DESCRIPTOR = "datapackage.json"
CATALOGUE = "catalog.jsonld"
README = "README.txt"


def utf8_path(name: str) -> str:
    """The UTF-8 (with BOM) CSV of a table."""
    return f"csv/{name}.csv"


def sjis_path(name: str) -> str:
    """The Shift_JIS (cp932) CSV of a table."""
    return f"csv-sjis/{name}.csv"


def geojson_path(name: str) -> str:
    """The GeoJSON (RFC 7946) of a registry layer."""
    return f"geojson/{name}.geojson"


def data_url(base_url: str, path: str = "") -> str:
    """The public address of a file under ``/data/`` on the site at ``base_url``; without a
    base (a static folder whose address is not known) the address relative to ``/data/``."""
    if not base_url:
        return path or "./"
    return f"{base_url.rstrip('/')}/data/{path}"
