"""schema.org ``Dataset`` markup for the /data/ page and each indicator's page (its CSV and
XLSX downloads), so search engines list the data."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from ..core import model as core
from ..core.i18n import plain
from ..plan.models import Plan
from .licence import data_title, licence
from .paths import ARCHIVE, WORKBOOK, data_url, utf8_path
from .schema import Table


def dataset(
    row: Plan, found: list[Table], base_url: str, updated: datetime.date | None
) -> dict[str, Any]:
    """The page's data as a schema.org Dataset with one DataDownload per file."""
    lic = licence()
    files = [(ARCHIVE, "application/zip"), (WORKBOOK, "application/vnd.openxmlformats-"
             "officedocument.spreadsheetml.sheet")] + [(utf8_path(t.name), "text/csv")
                                                       for t in found]  # fmt: skip
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": data_title(row.municipality, row.title),
        "description": "評価指標の実績値（全改訂・出典つき）、公表済み年度の評価結果、"
        "計画、登録簿の公開情報",
        "url": data_url(base_url),
        "license": lic.url,
        "inLanguage": "ja",
        "creator": {"@type": "GovernmentOrganization", "name": row.municipality},
        "temporalCoverage": f"{row.vision_start}-04-01/{row.vision_end + 1}-03-31",
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": kind, "contentUrl": data_url(base_url, p)}
            for p, kind in files
        ],
    }
    if updated:
        out["dateModified"] = updated.isoformat()
    return out


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def coverage(years: list[int], kind: str) -> str:
    """The ISO 8601 interval of the fiscal (April–March) or calendar years given."""
    first, last = min(years), max(years)
    if kind == "fiscal":
        return f"{first}-04-01/{last + 1}-03-31"
    return f"{first}-01-01/{last}-12-31"


def indicator_dataset(
    plan: core.Plan,
    indicator: core.Indicator,
    years: list[int],
    urls: dict[str, str],
    updated: datetime.date | None,
    lang: str,
) -> dict[str, Any]:
    """An indicator page's downloads as a schema.org Dataset, in the page's language.

    ``years`` are the years of the rows the downloads carry (baseline, values, targets);
    ``urls`` the absolute addresses of the ``page``, its ``csv`` and its ``xlsx``."""
    town = plain(plan, "municipality", lang)
    org = {"@type": "GovernmentOrganization", "name": town}
    name = plain(indicator, "name", lang)
    source = plain(indicator, "source", lang)
    label = "出典統計" if lang == "ja" else "Source statistics"
    out: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{name}（{town}）" if lang == "ja" else f"{name} ({town})",
        "description": " ".join(
            t for t in (plain(indicator, "definition", lang), source and f"{label}: {source}") if t
        ),
        "url": urls["page"],
        "license": licence().url,
        "inLanguage": lang,
        "creator": org,
        "publisher": org,
        "variableMeasured": {
            "@type": "PropertyValue", "name": name, "unitText": plain(indicator, "unit", lang)
        },
        "distribution": [
            {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": urls["csv"]},
            {"@type": "DataDownload", "encodingFormat": XLSX, "contentUrl": urls["xlsx"]},
        ],
    }  # fmt: skip
    if years:
        out["temporalCoverage"] = coverage(years, indicator.period_kind)
    if updated:
        out["dateModified"] = updated.isoformat()
    return out


def script(data: dict[str, Any]) -> SafeString:
    """A ``<script type="application/ld+json">`` data block (not run: the CSP allows it)."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
