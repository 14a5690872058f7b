"""The printable 所沢市農産物直売所ガイドマップ: an SVG map we draw ourselves, as PDF.

No tiles: the map is the places' numbered points on a light graticule with a scale bar
and a north arrow, beside the same numbered list the web page shows.
"""

from __future__ import annotations

import datetime
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from .models import Place

SIZES = {"A4": (210, 297), "A3": (297, 420)}  # mm, portrait


@dataclass(frozen=True)
class Point:
    """A numbered point to draw."""

    n: int
    lat: float
    lng: float
    name: str = ""


def _nice_distance(km: float) -> float:
    """The largest of 0.1, 0.2, 0.5, 1, 2, 5 … km not above ``km``."""
    exponent = math.floor(math.log10(km))
    for step in (5, 2, 1):
        if step * 10**exponent <= km:
            return step * 10**exponent
    return 10**exponent


def svg_map(points: Sequence[Point], width: float, height: float) -> str:
    """An SVG (user units = mm) of numbered points, a graticule, scale bar and north arrow."""
    if not points:
        return ""
    lats, lngs = [p.lat for p in points], [p.lng for p in points]
    lat0 = (min(lats) + max(lats)) / 2
    kx = math.cos(math.radians(lat0))  # east-west degrees are shorter
    span_x = max((max(lngs) - min(lngs)) * kx, 0.01)
    span_y = max(max(lats) - min(lats), 0.01)
    margin = 14
    scale = min((width - 2 * margin) / span_x, (height - 2 * margin) / span_y)  # mm per degree
    cx, cy = (min(lngs) + max(lngs)) / 2, lat0

    def xy(lat: float, lng: float) -> tuple[float, float]:
        return width / 2 + (lng - cx) * kx * scale, height / 2 - (lat - cy) * scale

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}mm" height="{height}mm" font-family="IPAexGothic">',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#f6f9f4" stroke="#8a968a" '
        'stroke-width="0.4"/>',
    ]
    step = 0.01
    west, east = cx - width / 2 / (kx * scale), cx + width / 2 / (kx * scale)
    south, north = cy - height / 2 / scale, cy + height / 2 / scale
    for i in range(math.ceil(west / step), math.floor(east / step) + 1):
        x, _ = xy(cy, i * step)
        parts.append(f'<line x1="{x:.2f}" y1="0" x2="{x:.2f}" y2="{height}" stroke="#dce4dc" '
                     'stroke-width="0.25"/>')  # fmt: skip
    for j in range(math.ceil(south / step), math.floor(north / step) + 1):
        _, y = xy(j * step, cx)
        parts.append(f'<line x1="0" y1="{y:.2f}" x2="{width}" y2="{y:.2f}" stroke="#dce4dc" '
                     'stroke-width="0.25"/>')  # fmt: skip
    # scale bar: about a quarter of the width, rounded to a nice distance
    km_per_mm = 111.32 / scale  # one degree of latitude is about 111.32 km
    km = _nice_distance(width / 4 * km_per_mm)
    bar = km / km_per_mm
    x0, y0 = 6, height - 6
    parts += [
        f'<rect x="{x0 - 2}" y="{y0 - 7}" width="{bar + 14}" height="9" fill="#fff" '
        'opacity="0.85"/>',
        f'<path d="M{x0} {y0 - 2} v2 h{bar:.2f} v-2" fill="none" stroke="#1b1f24" '
        'stroke-width="0.5"/>',
        f'<text x="{x0 + bar + 1.5:.2f}" y="{y0}" font-size="3">{km:g} km</text>',
        f'<g transform="translate({width - 10} 14)"><path d="M0 -8 L3.5 3 L0 1 L-3.5 3 Z" '
        'fill="#1b1f24"/><text x="0" y="8" font-size="3.5" text-anchor="middle">N</text></g>',
    ]  # fmt: skip
    for p in points:
        x, y = xy(p.lat, p.lng)
        parts.append(
            f'<g><circle cx="{x:.2f}" cy="{y:.2f}" r="3.4" fill="#0b5394" stroke="#fff" '
            f'stroke-width="0.6"/><text x="{x:.2f}" y="{y + 1.2:.2f}" font-size="3.4" '
            f'font-weight="bold" fill="#fff" text-anchor="middle">{escape(str(p.n))}</text>'
            f'<text x="{x + 4.6:.2f}" y="{y + 1.2:.2f}" font-size="3.2" fill="#1b1f24" '
            f'stroke="#fff" stroke-width="0.8" paint-order="stroke">{escape(p.name)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _font_url() -> str:
    import matplotlib_fontja

    return Path(matplotlib_fontja.get_font_ttf_path()).as_uri()


# The text face per language: Chinese and Korean from the system (Debian's fonts-noto-cjk,
# embedded by WeasyPrint); Japanese names inside them keep the Japanese face ([lang=ja]).
FONTS = {"zh": '"Noto Sans CJK SC", "IPAexGothic"', "ko": '"Noto Sans CJK KR", "IPAexGothic"'}


def render_html(size: str = "A4", today: datetime.date | None = None) -> str:
    """The guide map as HTML for WeasyPrint (map and numbered list from the same rows), in
    the active language (ja, en, zh-hans, ko); the places' own text stays Japanese, marked."""
    from ..core.context import date_label
    from .maps import lang

    today = today or timezone.localdate()
    language = lang()
    shown = f"{today.year}年{today.month}月{today.day}日" if language == "ja" else None
    width_mm, _height = SIZES[size]
    places = list(Place.objects.filter(listed=True).order_by("name", "id"))
    map_w = width_mm - 24
    map_h = map_w * (0.72 if size == "A4" else 0.8)
    points = [Point(i, p.lat, p.lng, p.name) for i, p in enumerate(places, 1)]
    svg = svg_map(points, map_w, map_h)
    return render_to_string("registries/guide_map_pdf.html", {
        "places": places, "svg": svg, "size": size, "font_url": _font_url(),
        "font_family": FONTS.get(language, '"IPAexGothic"'),
        "today_label": shown or date_label(today, language),
        "sample": any(p.is_sample for p in places),
    })  # fmt: skip


def render_pdf(size: str = "A4") -> bytes:
    """The guide map as a PDF of ``size`` (A4 or A3) in the active language, its fonts
    embedded."""
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return weasyprint.HTML(string=render_html(size)).write_pdf()
