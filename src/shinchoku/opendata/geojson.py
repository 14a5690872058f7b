"""The registries on a map as GeoJSON (RFC 7946): places and signs as points, course routes
as lines, every position ``[longitude, latitude]`` in WGS 84, one FeatureCollection a file.

Only the public records, as the tables: listed places, listed courses and their listed
signs; the SAMPLE records never leave as open data.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils import translation

from ..registries.models import SIGN_KINDS, Course, Place, Sign
from .registry_tables import LANGS

# name: (title, description) of each file; the file is ``geojson/NAME.geojson``.
LAYERS = {
    "places": ("農産物直売所（GeoJSON）", "掲載中の直売所の位置（Point）と営業日・季節の農産物"),
    "courses": ("おさんぽコースのルート（GeoJSON）", "掲載中のコースの道筋（LineString）と距離"),
    "signs": ("道標・案内板（GeoJSON）", "掲載中のコースの道標・案内板の位置（Point）と表示言語"),
}


def _point(lng: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lng, lat]}


def _feature(fid: str, geometry: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "id": fid, "geometry": geometry, "properties": properties}


def _collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def _route(course: Course) -> dict[str, Any] | None:
    """The course's line: its stored geometry, or the geometry of a stored Feature."""
    route = course.route or {}
    if route.get("type") == "Feature":
        route = route.get("geometry") or {}
    if route.get("type") in ("LineString", "MultiLineString"):
        return {"type": route["type"], "coordinates": route["coordinates"]}
    return None


def layers() -> dict[str, dict[str, Any]]:
    """Each layer as a FeatureCollection, by name."""
    with translation.override("ja"):
        kinds = {code: str(label) for code, label in SIGN_KINDS}
    places = Place.objects.filter(listed=True, is_sample=False).order_by("name", "id")
    courses = list(Course.objects.filter(listed=True, is_sample=False).order_by("slug"))
    signs = Sign.objects.filter(listed=True, course__in=courses).select_related("course")
    return {
        "places": _collection([
            _feature(f"place-{p.pk}", _point(p.lng, p.lat), {
                "id": p.pk, "name": p.name, "name_en": p.name_en, "address": p.address,
                "opening": p.opening, "contact": p.contact,
                **{f"produce_{s}": getattr(p, f"produce_{s}")
                   for s in ("spring", "summer", "autumn", "winter")},
            })
            for p in places
        ]),
        "courses": _collection([
            _feature(c.slug, line, {
                "slug": c.slug, **{f"name_{x}": getattr(c, f"name_{x}") for x in LANGS},
                "length_km": float(c.length_km),
            })
            for c in courses if (line := _route(c)) is not None
        ]),
        "signs": _collection([
            _feature(f"sign-{s.pk}", _point(s.lng, s.lat), {
                "id": s.pk, "course": s.course.slug, "kind": kinds.get(s.kind, ""),
                **{f"label_{x}": getattr(s, f"label_{x}") for x in LANGS},
                "installed_year": s.installed_year, "languages": list(s.language_codes),
            })
            for s in signs.order_by("course__slug", "id")
        ]),
    }  # fmt: skip


def encode(collection: dict[str, Any]) -> bytes:
    """A FeatureCollection as UTF-8 JSON (RFC 7946 text has no BOM), keys in a fixed order."""
    return (json.dumps(collection, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
