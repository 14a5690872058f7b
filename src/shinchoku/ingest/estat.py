"""e-Stat API ``getStatsData``: fetch a table (following ``NEXT_KEY``), read it, pick the figures.

The response shape (API 3.0, JSON): ``GET_STATS_DATA.RESULT.STATUS`` (0 ok, 1 no matching
data, 2 ok with ignored parameters, ≥100 an error with ``ERROR_MSG``) and
``GET_STATS_DATA.STATISTICAL_DATA`` with ``RESULT_INF.NEXT_KEY`` (absent on the last page),
``TABLE_INF`` (``@id``, ``STATISTICS_NAME``, ``TITLE``, ``OPEN_DATE``, ``UPDATED_DATE``),
``CLASS_INF.CLASS_OBJ`` (each ``CLASS`` an object when there is one member, a list otherwise)
and ``DATA_INF`` (``NOTE``: what each placeholder character means; ``VALUE``: items like
``{"@cat01": "00", "@area": "11208", "@time": "2021000000", "@unit": "人", "$": "114500"}``).
``$`` is always text and may be a placeholder (``-``, ``x``, ``***``): such a value is "not
published", kept with its reason, never zero. Time codes end ``000000`` for a calendar year and
``100000`` for a fiscal year.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..core.calendar import format_year
from ..core.calendar import year_text as year_text
from ..core.messages import N_, tr
from ..core.model import Observation, Plan
from .errors import InputError, Problem
from .observation_rows import PLACEHOLDERS, parse_fields
from .sources import EStatSource
from .units import UnitError, convert, normalise_unit

ESTAT_URL = "https://api.e-stat.go.jp/rest/3.0/app/json/getStatsData"
ENV_APP_ID = "ESTAT_APP_ID"
ENV_URL = "SHINCHOKU_ESTAT_URL"  # another endpoint (a proxy on a closed network, or tests)
TIMEOUT = 30.0
MAX_PAGES = 100  # a table is at most 100,000 values per page: this is ten million values
OFFLINE_HINT = N_(
    "ネットワークにつながる端末で `shinchoku fetch estat --save FILE.json` を実行して応答を"
    "保存し、この端末で `shinchoku fetch estat --response FILE.json` で取り込んでください"
)
_TIME = re.compile(r"^([0-9]{4})(00|10)0000$")


class EStatError(Exception):
    """e-Stat answered with an error (bad application id, unknown table …) or not at all."""


class EStatUnavailable(EStatError):
    """e-Stat could not be reached (no network, DNS, timeout, proxy)."""


@dataclass(frozen=True)
class Cell:
    """One ``DATA_INF.VALUE`` item: its dimension codes and its number or why there is none."""

    dims: dict[str, str]
    unit: str
    text: str
    value: Decimal | None
    reason: str = ""  # for a placeholder: what e-Stat's NOTE says the character means


@dataclass(frozen=True)
class Page:
    """One page of a ``getStatsData`` response, read."""

    stats_data_id: str
    title: str
    published_on: datetime.date | None
    cells: tuple[Cell, ...]
    next_key: int | None
    status: int
    message: str
    class_names: dict[str, dict[str, str]] = field(default_factory=dict)


def as_list(x: Any) -> list[Any]:
    """e-Stat gives one member as an object and several as a list: always a list."""
    if x is None:
        return []
    return x if isinstance(x, list) else [x]


def _text(x: Any) -> str:
    """A JSON text node: a plain string, or an object with ``$`` (``{"@code": …, "$": …}``)."""
    if isinstance(x, dict):
        x = x.get("$", "")
    return "" if x is None else str(x)


def _date(x: Any) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(_text(x)[:10])
    except ValueError:
        return None


def parse_time(code: str) -> tuple[int, str] | None:
    """``2021000000`` → (2021, "calendar"); ``2019100000`` → (2019, "fiscal"); months → None."""
    m = _TIME.match(code)
    if not m:
        return None
    return int(m[1]), "calendar" if m[2] == "00" else "fiscal"


def parse_response(data: Any, where: str) -> Page:
    """Read one response; InputError when it is not e-Stat's shape, EStatError on its errors."""
    bad = InputError(
        [Problem(where, tr("e-Statの統計データ（getStatsData のJSON）として読めません"))], where
    )
    root = data.get("GET_STATS_DATA") if isinstance(data, dict) else None
    if not isinstance(root, dict) or not isinstance(root.get("RESULT"), dict):
        raise bad
    try:
        status = int(root["RESULT"].get("STATUS"))
    except (TypeError, ValueError):
        raise bad from None
    message = _text(root["RESULT"].get("ERROR_MSG"))
    if status >= 100:
        raise EStatError(
            f"{where}: "
            + tr(
                "e-Statがエラーを返しました（STATUS {status}）: {message}",
                status=status,
                message=message,
            )
        )
    stats = root.get("STATISTICAL_DATA") or {}
    if not isinstance(stats, dict):
        raise bad
    table = stats.get("TABLE_INF") or {}
    stats_id = str(table.get("@id") or (root.get("PARAMETER") or {}).get("STATS_DATA_ID") or "")
    title = " ".join(
        t for t in (_text(table.get("STATISTICS_NAME")), _text(table.get("TITLE"))) if t
    )
    classes: dict[str, dict[str, str]] = {}
    units: dict[tuple[str, str], str] = {}
    for obj in as_list((stats.get("CLASS_INF") or {}).get("CLASS_OBJ")):
        if not isinstance(obj, dict):
            raise bad
        dim = str(obj.get("@id", ""))
        for member in as_list(obj.get("CLASS")):
            if not isinstance(member, dict):
                raise bad
            classes.setdefault(dim, {})[str(member.get("@code"))] = str(member.get("@name", ""))
            if member.get("@unit"):
                units[(dim, str(member.get("@code")))] = str(member["@unit"])
    data_inf = stats.get("DATA_INF") or {}
    if not isinstance(data_inf, dict):
        raise bad
    notes = {
        str(n.get("@char")): _text(n) for n in as_list(data_inf.get("NOTE")) if isinstance(n, dict)
    }
    cells = []
    for item in as_list(data_inf.get("VALUE")):
        if not isinstance(item, dict) or "$" not in item:
            raise bad
        dims = {k[1:]: str(v) for k, v in item.items() if k.startswith("@") and k != "@unit"}
        unit = str(
            item.get("@unit") or next((u for (d, c), u in units.items() if dims.get(d) == c), "")
        )
        cells.append(_cell(dims, unit, _text(item["$"]).strip(), notes))
    next_key = (stats.get("RESULT_INF") or {}).get("NEXT_KEY")
    published = _date(table.get("UPDATED_DATE")) or _date(table.get("OPEN_DATE"))
    return Page(
        stats_data_id=stats_id,
        title=title,
        published_on=published,
        cells=tuple(cells),
        next_key=int(next_key) if next_key not in (None, "") else None,
        status=status,
        message=message,
        class_names=classes,
    )


def _cell(dims: dict[str, str], unit: str, text: str, notes: dict[str, str]) -> Cell:
    if text in notes or text in PLACEHOLDERS or not text:
        meaning = notes.get(text) or tr("e-Statの注記なし")
        return Cell(
            dims, unit, text, None, tr("「{text}」（{meaning}）", text=text, meaning=meaning)
        )
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return Cell(dims, unit, text, None, tr("「{text}」（数値ではありません）", text=text))
    if not value.is_finite():
        return Cell(dims, unit, text, None, tr("「{text}」（数値ではありません）", text=text))
    return Cell(dims, unit, text, value)


# --- the client ------------------------------------------------------------------------------


def request_url(
    base_url: str, app_id: str, source: EStatSource, area: str, start: int | None
) -> str:
    """The ``getStatsData`` URL for a mapping: its table, area and category codes."""
    params = {"appId": app_id, "statsDataId": source.stats_data_id, "lang": "J"}
    if area:
        params["cdArea"] = area
    for dim, code in source.select.items():
        params["cd" + dim[:1].upper() + dim[1:]] = code  # cat01 → cdCat01, tab → cdTab
    if start:
        params["startPosition"] = str(start)
    return f"{base_url}?{urllib.parse.urlencode(params)}"


def _shown(url: str) -> str:
    """The URL without the application id, for messages."""
    return re.sub(r"appId=[^&]*", "appId=***", url)


Opener = Callable[..., Any]


def fetch_pages(
    source: EStatSource,
    app_id: str,
    area: str,
    base_url: str | None = None,
    timeout: float = TIMEOUT,
    opener: Opener = urllib.request.urlopen,
) -> list[dict[str, Any]]:
    """Every page of a table's response as JSON, following ``NEXT_KEY``; EStatError if not."""
    base_url = base_url or os.environ.get(ENV_URL) or ESTAT_URL
    pages: list[dict[str, Any]] = []
    start: int | None = None
    while True:
        url = request_url(base_url, app_id, source, area, start)
        try:
            with opener(url, timeout=timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as err:
            raise EStatError(
                tr("e-StatがHTTP {code}を返しました（{url}）", code=err.code, url=_shown(url))
            ) from None
        except (urllib.error.URLError, TimeoutError, OSError) as err:
            reason = getattr(err, "reason", err)
            raise EStatUnavailable(
                tr(
                    "e-Statに接続できません（{url}: {reason}）。何も変更していません。",
                    url=_shown(url),
                    reason=reason,
                )
                + tr(OFFLINE_HINT)
            ) from None
        try:
            data = json.loads(body)
        except ValueError:
            raise EStatError(
                tr("e-Statの応答がJSONではありません（{url}）", url=_shown(url))
            ) from None
        page = parse_response(data, _shown(url))
        pages.append(data)
        if page.next_key is None:
            return pages
        if len(pages) >= MAX_PAGES or (start is not None and page.next_key <= start):
            raise EStatError(tr("e-Statの応答のページが終わりません（{url}）", url=_shown(url)))
        start = page.next_key


def read_response_file(path: Path) -> list[dict[str, Any]]:
    """Saved responses: one ``getStatsData`` JSON object, or a list of them (pages, tables)."""
    try:
        data = json.loads(path.read_bytes().decode("utf-8-sig"))
    except OSError as err:
        message = tr("ファイルを読めません: {problem}", problem=err.strerror)
        raise InputError([Problem(str(path), message)]) from None
    except (UnicodeDecodeError, ValueError) as err:
        raise InputError(
            [
                Problem(
                    path.name,
                    tr(
                        "JSONとして読めません（{err}）: e-Statの応答を保存したファイルですか",
                        err=err,
                    ),
                )
            ],
            path.name,
        ) from None
    pages = data if isinstance(data, list) else [data]
    for n, page in enumerate(pages, start=1):
        where = tr("{file} {n}番目の応答", file=path.name, n=n)
        parse_response(page, where)  # fail early, before anything else
    return pages


# --- from pages to observations --------------------------------------------------------------


@dataclass(frozen=True)
class Picked:
    """What one mapping found in a table: observations, and figures that are not published."""

    observations: list[Observation]
    not_published: list[str]


def pick(
    source: EStatSource,
    pages: Sequence[tuple[str, dict[str, Any]]],
    plan: Plan,
    area: str,
) -> Picked:
    """The mapping's figures from named response pages, converted and validated like a file row."""
    indicator = plan.indicator(source.indicator)
    if indicator is None:
        raise InputError([Problem(source.indicator, tr("この指標は計画にありません"))])
    problems: list[Problem] = []
    found: dict[int, tuple[str, Cell, Page]] = {}
    not_published: list[str] = []
    for where, data in pages:
        page = parse_response(data, where)
        if page.stats_data_id != source.stats_data_id:
            continue
        for n, cell in enumerate(page.cells):
            if any(cell.dims.get(d) != c for d, c in source.select.items()):
                continue
            if area and cell.dims.get("area", area) != area:
                continue
            at = f"{where} VALUE[{n}]（@time={cell.dims.get('time', '')}）"
            time = parse_time(cell.dims.get("time", ""))
            if time is None:
                problems.append(
                    Problem(
                        at,
                        tr("時点コードが年・年度ではありません: select の time で絞ってください"),
                    )
                )
                continue
            year, kind = time
            label = f"{indicator.name} {year_text(year, kind)}"
            if cell.value is None:
                not_published.append(
                    tr("{label}: 未公表 {reason}", label=label, reason=cell.reason)
                )
                continue
            if year in found:
                other = found[year][1].dims
                differ = sorted(d for d in cell.dims if cell.dims[d] != other.get(d))
                problems.append(
                    Problem(
                        at,
                        tr(
                            "{label}に当てはまる値が2つ以上あります（{dims} が違う）: "
                            "対応づけの select に {dims} を加えてください",
                            label=label,
                            dims=", ".join(differ),
                        ),
                    )
                )
                continue
            found[year] = (at, cell, page)
    observations = []
    for year, (at, cell, page) in sorted(found.items()):
        kind = parse_time(cell.dims["time"])[1]  # type: ignore[index]
        published_unit = normalise_unit(cell.unit or source.unit)
        if published_unit != normalise_unit(source.unit):
            problems.append(
                Problem(
                    at,
                    tr(
                        "単位が「{unit}」です（対応づけでは「{mapped}」）: "
                        "表が変わっていないか確かめ、対応づけの unit を直してください",
                        unit=cell.unit,
                        mapped=source.unit,
                    ),
                )
            )
            continue
        try:
            converted = convert(cell.value, published_unit, indicator.unit, source.decimals)  # type: ignore[arg-type]
        except UnitError as err:
            problems.append(Problem(at, str(err)))
            continue
        ref = f"e-Stat 統計表ID {page.stats_data_id} @time={cell.dims['time']}"
        fields = {
            "indicator": indicator.code,
            "year": format_year(year, kind),
            "value": str(converted.value),
            "source": source.source or f"{page.title}（e-Stat 統計表ID {page.stats_data_id}）",
            "published_on": page.published_on,
            "edition": source.edition,
            "note": source.note,
        }
        obs, errors = parse_fields(fields, plan, seq=len(observations))
        problems += [Problem(f"{at} [{e.field}]", e.message) for e in errors]
        if obs:
            observations.append(replace(obs, **converted.provenance(ref)))
    if problems:
        raise InputError(problems, f"e-Stat 統計表ID {source.stats_data_id}")
    return Picked(observations, not_published)
