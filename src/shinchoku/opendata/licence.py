"""The open data's licence and how to cite it (configurable, like the map tiles).

``SHINCHOKU_OPENDATA_LICENSE_TITLE`` and ``SHINCHOKU_OPENDATA_LICENSE_URL`` (Django
setting or environment) replace the default: 政府標準利用規約（第2.0版）, which states
that it is compatible with CC BY 4.0.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from django.conf import settings

DEFAULT_TITLE = "政府標準利用規約（第2.0版）"
DEFAULT_URL = "https://www.digital.go.jp/resources/open_data"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"


@dataclass(frozen=True)
class Licence:
    """A licence: its title, the page that states it, and CC BY 4.0 compatibility."""

    title: str
    url: str
    cc_by_compatible: bool

    @property
    def note(self) -> str:
        """One sentence for the data page and the README in the download."""
        extra = "（クリエイティブ・コモンズ 表示 4.0 国際（CC BY 4.0）と互換）"
        return f"{self.title}{extra if self.cc_by_compatible else ''}"


def _setting(name: str) -> str:
    return str(getattr(settings, name, "") or os.environ.get(name, "")).strip()


def licence() -> Licence:
    """The licence the open data is published under."""
    title = _setting("SHINCHOKU_OPENDATA_LICENSE_TITLE")
    url = _setting("SHINCHOKU_OPENDATA_LICENSE_URL")
    if not title and not url:
        return Licence(DEFAULT_TITLE, DEFAULT_URL, True)
    return Licence(title or url, url, False)


def data_title(municipality: str, title: str) -> str:
    """The data's name: the plan's title, led by the municipality once (所沢市 産業振興…)."""
    plan = title if title.startswith(municipality) else f"{municipality} {title}"
    return f"{plan} 進捗データ"


def citation(municipality: str, title: str, url: str) -> str:
    """The credit line the licence asks for: the source and its address."""
    return f"出典: {data_title(municipality, title)}（{url}）"
