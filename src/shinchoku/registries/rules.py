"""Pure rules of the registries: review states, GeoJSON routes, fiscal years (no Django).

Review states of a brand product's certification or a shop's registration; the
transitions between them (review, approve, reject, suspend, reinstate, end, and the
applicant's withdraw) are the state machine of ``models.Application``. The applicant may
also edit an application while it is 申請 (``editable``); once the review has started it
can no longer be changed (``LOCKED``).
"""

from __future__ import annotations

import datetime
import itertools
import json
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

APPLIED, REVIEWING, APPROVED, REJECTED = "applied", "reviewing", "approved", "rejected"
SUSPENDED, ENDED, WITHDRAWN = "suspended", "ended", "withdrawn"
STATES = (APPLIED, REVIEWING, APPROVED, REJECTED, SUSPENDED, ENDED, WITHDRAWN)

DECISIONS = ("approve", "reject")  # the actions the applicant is e-mailed about


def gettext_noop(text: str) -> str:
    """Marks a message for the translation catalogue; the page translates it when shown."""
    return text


LOCKED = gettext_noop(
    "審査が始まっているため、この申請は変更も取下げもできません。"
    "変更が必要なときは事務局にご連絡ください。"
)
PUBLIC_STATES = (APPROVED,)  # only what is certified / registered now is in the catalogue
LANGUAGES = ("ja", "en", "zh", "ko")


class RuleError(ValueError):
    """The input breaks a rule; the message says which, for the user."""


def editable(state: str) -> bool:
    """May the applicant still change or withdraw an application in ``state`` (申請 only)?"""
    return state == APPLIED


def fiscal_year(day: datetime.date) -> int:
    """The fiscal year (April–March) a date falls in: 2024-03-31 → 2023."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_end(year: int) -> datetime.date:
    """The last day of fiscal ``year``: 2023 → 2024-03-31."""
    return datetime.date(year + 1, 3, 31)


def state_on(events: Iterable[tuple[datetime.date, str]], day: datetime.date) -> str | None:
    """The state after the last event on or before ``day`` (events in time order)."""
    found = None
    for when, state in events:
        if when <= day:
            found = state
    return found


# ---- GeoJSON routes -------------------------------------------------------------------

EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True)
class Route:
    """A course's route: one or more lines of (lat, lng) points."""

    lines: tuple[tuple[tuple[float, float], ...], ...]

    def points(self) -> list[tuple[float, float]]:
        return [p for line in self.lines for p in line]

    def length_km(self) -> float:
        """Great-circle length of every line, in kilometres."""
        metres = sum(distance_m(a, b) for line in self.lines for a, b in itertools.pairwise(line))
        return metres / 1000

    def geojson(self) -> dict[str, Any]:
        """The route as a GeoJSON geometry (coordinates are [lng, lat])."""
        coords = [[[lng, lat] for lat, lng in line] for line in self.lines]
        if len(coords) == 1:
            return {"type": "LineString", "coordinates": coords[0]}
        return {"type": "MultiLineString", "coordinates": coords}


WALKING_KMH = 4  # the walking speed a course's time is stated at


def walking_minutes(length_km: float) -> int:
    """Minutes to walk ``length_km`` at WALKING_KMH, rounded to 5 minutes (at least 5)."""
    minutes = float(length_km) / WALKING_KMH * 60
    return max(5, int(minutes / 5 + 0.5) * 5)


def distance_m(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance between two (lat, lng) points, in metres."""
    lat1, lng1, lat2, lng2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def _position(value: Any, where: str) -> tuple[float, float]:
    if (
        not isinstance(value, list | tuple)
        or len(value) < 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value[:2])
    ):
        raise RuleError(f"{where}: 座標は [経度, 緯度] の数の組で書いてください")
    lng, lat = float(value[0]), float(value[1])
    if not (-180 <= lng <= 180 and -90 <= lat <= 90):
        raise RuleError(f"{where}: 経度・緯度の範囲外です（[経度, 緯度] の順で書きます）")
    return lat, lng


def parse_route(text: str | dict[str, Any]) -> Route:
    """A GeoJSON LineString or MultiLineString (bare, or in a Feature) as a Route."""
    try:
        data = json.loads(text) if isinstance(text, str) else text
    except json.JSONDecodeError as err:
        raise RuleError(f"GeoJSON として読めません（{err.lineno}行{err.colno}列）") from None
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        return _collection(data.get("features"))
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    if not isinstance(data, dict) or data.get("type") not in ("LineString", "MultiLineString"):
        raise RuleError("ルートは GeoJSON の LineString か MultiLineString で書いてください")
    coords = data.get("coordinates")
    lines: Sequence[Any] = [coords] if data["type"] == "LineString" else coords
    if not isinstance(lines, list) or not lines:
        raise RuleError("ルートの座標がありません")
    parsed = []
    for i, line in enumerate(lines):
        if not isinstance(line, list) or len(line) < 2:
            raise RuleError(f"線{i + 1}: 2点以上の座標が必要です")
        parsed.append(tuple(_position(p, f"線{i + 1} 点{j + 1}") for j, p in enumerate(line)))
    return Route(tuple(parsed))


def _collection(features: Any) -> Route:
    """The lines of a FeatureCollection's LineString / MultiLineString features (points of
    other features are ignored); an error names the feature: ``features[2]``."""
    if not isinstance(features, list):
        raise RuleError("FeatureCollection に features がありません")
    lines: list[tuple[tuple[float, float], ...]] = []
    for i, feature in enumerate(features):
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if isinstance(geometry, dict) and geometry.get("type") in ("LineString", "MultiLineString"):
            try:
                lines.extend(parse_route(geometry).lines)
            except RuleError as err:
                raise RuleError(f"features[{i}]: {err}") from None
    if not lines:
        raise RuleError("FeatureCollection に LineString か MultiLineString の線がありません")
    return Route(tuple(lines))


def parse_languages(text: str) -> tuple[str, ...]:
    """``ja,en`` / ``ja en`` as a tuple of known language codes in the standard order."""
    codes = {c.strip().lower() for c in text.replace(" ", ",").split(",") if c.strip()}
    unknown = codes - set(LANGUAGES)
    if unknown:
        known = ", ".join(LANGUAGES)
        raise RuleError(f"言語コードは {known} から選んでください: {sorted(unknown)}")
    if not codes:
        raise RuleError("表示言語を1つ以上選んでください")
    return tuple(c for c in LANGUAGES if c in codes)


# ---- places inside Tokorozawa ---------------------------------------------------------

# The city's extent with a little margin (lat 35.74–35.84 N, lng 139.38–139.53 E).
TOKOROZAWA_LAT = (35.74, 35.84)
TOKOROZAWA_LNG = (139.38, 139.53)


class FieldError(RuleError):
    """A RuleError about one input field (``field``), so a form can show it there."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def check_point(lat: float, lng: float, field: str = "lat") -> None:
    """FieldError unless (lat, lng) lies inside Tokorozawa (latitude and longitude in order)."""
    if not TOKOROZAWA_LAT[0] <= lat <= TOKOROZAWA_LAT[1]:
        raise FieldError(field, "緯度が所沢市の範囲（北緯35.74〜35.84度）の外です")
    if not TOKOROZAWA_LNG[0] <= lng <= TOKOROZAWA_LNG[1]:
        other = "lng" if field == "lat" else field
        raise FieldError(other, "経度が所沢市の範囲（東経139.38〜139.53度）の外です")


def check_year(year: Any, today: datetime.date, field: str = "installed_year") -> int:
    """A fiscal year written as a Western year (1950 up to next fiscal year), or FieldError."""
    try:
        value = int(str(year).strip())
    except ValueError:
        value = 0
    if not 1950 <= value <= fiscal_year(today) + 1:
        raise FieldError(field, "設置年度は西暦の年（例: 2024）で入力してください")
    return value


def parse_points(text: str) -> list[dict[str, Any]]:
    """Points of interest, one a line: ``緯度 | 経度 | 名称 | Name | 説明 | Description``."""
    found = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        cells = [c.strip() for c in line.split("|")] + [""] * 6
        try:
            lat, lng = float(cells[0]), float(cells[1])
        except ValueError:
            raise FieldError("points", f"{n}行目: 緯度と経度を数で書いてください") from None
        if not cells[2]:
            raise FieldError("points", f"{n}行目: 名称（日本語）を書いてください")
        try:
            check_point(lat, lng, "points")
        except FieldError as err:
            raise FieldError("points", f"{n}行目: {err}") from None
        found.append({"lat": lat, "lng": lng, "name_ja": cells[2], "name_en": cells[3],
                      "description_ja": cells[4], "description_en": cells[5]})  # fmt: skip
    return found


def points_text(points: Iterable[Any]) -> str:
    """The points of interest back in ``parse_points``' format, for editing."""
    keys = ("lat", "lng", "name_ja", "name_en", "description_ja", "description_en")
    lines = (" | ".join(" ".join(str(getattr(p, k)).split()) for k in keys) for p in points)
    return "\n".join(line.rstrip(" |") for line in lines)
