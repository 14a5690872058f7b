"""A course's route read from an uploaded file: GPX (tracks or routes) or GeoJSON (pure).

Bounded: the file is at most ``MAX_BYTES`` and ``MAX_POINTS`` points. A GPX file is read
with expat without its document type (a DOCTYPE or an entity is refused, so nothing is
expanded or fetched); every error names the line (and column) or the element.
"""

from __future__ import annotations

from pathlib import PurePath
from xml.parsers import expat

from .rules import MAX_POINTS, Route, RuleError, parse_route

MAX_BYTES = 5 * 1024 * 1024
LINE_ELEMENTS = {"trkseg": "trkpt", "rte": "rtept"}
EXPAT_REASONS = {  # the common XML errors, in Japanese
    "mismatched tag": "開始タグと終了タグが対応していません",
    "not well-formed (invalid token)": "XML の書き方が正しくありません",
    "unclosed token": "閉じていない記述があります",
    "no element found": "要素がありません（ファイルが途中で切れています）",
    "junk after document element": "最後の要素のあとに余計な記述があります",
}


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


def parse_gpx(data: bytes) -> Route:
    """Every track segment (trkseg/trkpt) and route (rte/rtept) of a GPX file, in order."""
    parser = expat.ParserCreate()
    lines: list[list[tuple[float, float]]] = []
    starts: list[int] = []
    current: list[tuple[float, float]] | None = None
    count = 0
    seen_root = False

    def where() -> str:
        return f"{parser.CurrentLineNumber}行目"

    def refuse(*_args: object) -> None:
        raise RuleError(f"{where()}: GPX に DOCTYPE やエンティティ宣言は使えません")

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal current, count, seen_root
        local = _local(name)
        if not seen_root:
            seen_root = True
            if local != "gpx":
                raise RuleError(f"{where()}: GPX ファイルではありません（最初の要素が <{name}>）")
        if local in LINE_ELEMENTS:
            current = []
            lines.append(current)
            starts.append(parser.CurrentLineNumber)
        elif local in LINE_ELEMENTS.values():
            if current is None:
                raise RuleError(f"{where()}: <{local}> が <trkseg> や <rte> の外にあります")
            try:
                lat, lon = float(attrs["lat"]), float(attrs["lon"])
            except KeyError as err:
                raise RuleError(f"{where()}: <{local}> に {err.args[0]} がありません") from None
            except ValueError:
                raise RuleError(f"{where()}: <{local}> の lat・lon が数ではありません") from None
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise RuleError(f"{where()}: <{local}> の lat・lon が範囲外です")
            count += 1
            if count > MAX_POINTS:
                raise RuleError(f"点が多すぎます（上限 {MAX_POINTS:,} 点）: 間引いてください")
            current.append((lat, lon))

    def end(name: str) -> None:
        nonlocal current
        if _local(name) in LINE_ELEMENTS:
            current = None

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    try:
        parser.Parse(data, True)
    except expat.ExpatError as err:
        reason = expat.errors.messages[err.code]
        reason = EXPAT_REASONS.get(reason, reason)
        where = f"{err.lineno}行{err.offset + 1}列"
        raise RuleError(f"GPX として読めません（{where}: {reason}）") from None
    found = []
    for line, first in zip(lines, starts, strict=True):
        if len(line) == 1:
            raise RuleError(f"{first}行目からの線に点が1つしかありません（2点以上必要です）")
        if line:
            found.append(tuple(line))
    if not found:
        raise RuleError("GPX にトラック（<trkpt>）もルート（<rtept>）もありません")
    return Route(tuple(found))


def parse_route_file(name: str, data: bytes) -> Route:
    """A route from a GPX or GeoJSON file, told apart by its extension, else its content."""
    if len(data) > MAX_BYTES:
        raise RuleError(f"ファイルが大きすぎます（上限 {MAX_BYTES // (1024 * 1024)}MB）")
    suffix = PurePath(name).suffix.lower()
    text = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if suffix == ".gpx" or (suffix not in (".json", ".geojson") and text.startswith(b"<")):
        return parse_gpx(data)
    try:
        decoded = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise RuleError(f"GeoJSON は UTF-8 で保存してください（{err.start + 1}バイト目）") from None
    return parse_route(decoded)
