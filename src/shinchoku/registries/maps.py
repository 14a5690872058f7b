"""What a map shows, as JSON for static/registries/map.js: tiles, numbered markers, routes.

The base map comes from ``SHINCHOKU_TILE_URL`` (setting or environment; default the
GSI standard tiles, empty for none). Tiles are used only when the Content Security
Policy lets the browser load them; otherwise the map draws markers, routes and a scale
on a plain background, and every map has a numbered list beside it.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

from ..widgets import page_language

GSI_TILES = "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"
GSI_ATTRIBUTION = '<a href="https://maps.gsi.go.jp/development/ichiran.html">地理院タイル</a>'


def lang() -> str:
    """The page language as a registry field suffix: ja, en, zh (zh-hans) or ko."""
    return page_language()


def localized(obj: Any, field: str, language: str | None = None) -> str:
    """``obj.field_<lang>``, falling back to Japanese when that language is empty."""
    language = language or lang()
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_ja", "")


def tile_url() -> str:
    """The configured tile URL template ('' when the base map is switched off)."""
    configured = getattr(settings, "SHINCHOKU_TILE_URL", None)
    if configured is None:
        configured = os.environ.get("SHINCHOKU_TILE_URL", GSI_TILES)
    return configured.strip()


def csp_allows(url: str) -> bool:
    """Does the Content Security Policy's img-src let pages load images from ``url``?"""
    parts = urlsplit(url)
    if not parts.scheme:  # a path on this site
        return True
    origin = f"{parts.scheme}://{parts.netloc}"
    directives = getattr(settings, "CONTENT_SECURITY_POLICY", {}).get("DIRECTIVES", {})
    sources = directives.get("img-src", directives.get("default-src", []))
    return any(s in (origin, f"{origin}/", "*", f"{parts.scheme}:") for s in sources)


def tiles() -> dict[str, str] | None:
    """Tile layer settings for the map script, or None to draw without a base map."""
    url = tile_url()
    if not url or not csp_allows(url):
        return None
    attribution = getattr(settings, "SHINCHOKU_TILE_ATTRIBUTION", None) or (
        GSI_ATTRIBUTION if "gsi.go.jp" in url else ""
    )
    return {"url": url, "attribution": attribution}


def marker(number: int | str, lat: float, lng: float, name: str, url: str = "") -> dict[str, Any]:
    """One numbered marker; the same number labels the row in the list beside the map."""
    return {"n": number, "lat": lat, "lng": lng, "name": name, "url": url}


def map_data(
    markers: Iterable[dict[str, Any]], routes: Iterable[dict[str, Any]] = ()
) -> dict[str, Any]:
    """Everything the map script needs, for ``json_script``."""
    return {"tiles": tiles(), "markers": list(markers), "routes": list(routes), "lang": lang()}
