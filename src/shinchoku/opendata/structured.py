"""schema.org ``Dataset`` markup for the /data/ page, so search engines list the data."""

from __future__ import annotations

import datetime
import json
from typing import Any

from django.utils.safestring import SafeString, mark_safe

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


def script(data: dict[str, Any]) -> SafeString:
    """A ``<script type="application/ld+json">`` data block (not run: the CSP allows it)."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e")
    return mark_safe(f'<script type="application/ld+json">{text}</script>')
