"""Indicators as a series table: a CSV beside the plan file, one indicator a row.

A plan with tens of thousands of indicators (a prefecture's or the nation's KPIs) is
written as a table, not as YAML: the plan file says ``series: indicators.csv`` (a path
relative to the plan file) and the table's rows are added to its ``indicators``. Each row
becomes the same mapping a YAML indicator is, so it goes through the same schema and
cross-checks (``plan_file.check_plan_text``); a problem in a row is named by file, row,
column letter and column name (``indicators.csv 5行目 H列 [baseline_value]``).

A stored plan version keeps the table with the YAML (``bundle``): the CSV follows the YAML
after a marker line, so a version read back years later needs no other file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.messages import tr
from .encodings import decode_text
from .errors import InputError, Problem, cell_at, row_at

REQUIRED = (
    "policy",
    "code",
    "name",
    "unit",
    "source",
    "period_kind",
    "direction",
    "baseline_year",
    "baseline_value",
)
OPTIONAL = (
    "baseline_source",
    "kind",
    "target_year",
    "target_value",
    "targets",
    "definition",
    "owner",
    "note",
    "min",
    "max",
)
# Translations of the texts: name_en, unit_en, source_zh-Hans …
TRANSLATION = re.compile(r"^(name|unit|definition|source|note|baseline_source)_[A-Za-z-]+$")
MARKER = "#%shinchoku-series "  # a stored version: the CSV follows this line
_SERIES_LINE = re.compile(r"^series:[ \t]*(.*?)[ \t]*$", re.M)

Locate = Callable[[tuple[Any, ...]], str]


def _letter(n: int) -> str:
    """Spreadsheet column letter of column ``n`` (0 → A, 26 → AA)."""
    out = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def _targets(text: str) -> list[dict[str, str]] | None:
    """``2024=566;2025=596`` as target mappings (None when not written so)."""
    found = []
    for part in filter(None, (p.strip() for p in text.replace("；", ";").split(";"))):
        year, eq, value = part.partition("=")
        if not eq or not year.strip() or not value.strip():
            return None
        found.append({"year": year.strip(), "value": value.strip().replace(",", "")})
    return found


def _mapping(cells: dict[str, str]) -> tuple[dict[str, Any], list[str], list[str]]:
    """One row as a plan-file indicator mapping, the column of each target, and problems."""
    out: dict[str, Any] = {}
    problems: list[str] = []
    target_cols: list[str] = []
    baseline = {"year": cells.get("baseline_year", ""), "value": cells.get("baseline_value", "")}
    if cells.get("baseline_source"):
        baseline["source"] = cells["baseline_source"]
    out["baseline"] = {k: v for k, v in baseline.items() if v != ""}
    targets: list[dict[str, str]] = []
    if cells.get("targets"):
        more = _targets(cells["targets"])
        if more is None:
            problems.append("targets")
        else:
            targets += more
            target_cols += ["targets"] * len(more)
    if cells.get("target_year") or cells.get("target_value"):
        targets.append(
            {"year": cells.get("target_year", ""), "value": cells.get("target_value", "")}
        )
        target_cols.append("target")
    if targets:
        out["targets"] = [{k: v for k, v in t.items() if v != ""} for t in targets]
    for key, value in cells.items():
        if value and key.startswith("baseline_source_"):  # baseline: {source_en: …}
            out["baseline"][key.removeprefix("baseline_")] = value
        if value == "" or key.startswith(("baseline_", "target")):
            continue
        out[key] = value.replace(",", "") if key in ("min", "max") else value
    return out, target_cols, problems


def _column_of(loc: tuple[Any, ...], target_cols: list[str]) -> str:
    """The column a schema path inside one row's mapping came from."""
    if not loc:
        return ""
    if loc[0] == "baseline":
        return f"baseline_{loc[1]}" if len(loc) > 1 else "baseline_year"
    if loc[0] == "targets" and len(loc) > 1 and isinstance(loc[1], int):
        col = target_cols[loc[1]] if loc[1] < len(target_cols) else "targets"
        if col == "target":
            return "target_value" if loc[2:3] == ("value",) else "target_year"
        return col
    if loc[0] == "targets":
        return "target_year"
    return str(loc[0])


def read_table(text: str, source: str) -> tuple[list[dict[str, Any]], Callable[..., str]]:
    """The rows of a series table as indicator mappings, and a function naming the place
    of a schema path in row ``n`` (``where(n, ("baseline", "value"))``)."""
    rows = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(rows, [])]
    known = set(REQUIRED) | set(OPTIONAL)
    problems = [
        Problem(
            cell_at(source, 1, _letter(n)),
            tr("「{h}」という列は使えません: {known}", h=h, known=", ".join(REQUIRED + OPTIONAL)),
        )
        for n, h in enumerate(header)
        if h not in known and not TRANSLATION.match(h)
    ]
    problems += [
        Problem(cell_at(source, 1, _letter(n)), tr("{h}列が2つあります", h=h))
        for n, h in enumerate(header)
        if h in header[:n]
    ]
    if missing := [c for c in REQUIRED if c not in header]:
        problems.append(
            Problem(
                row_at(source, 1), tr("必要な列がありません: {missing}", missing=", ".join(missing))
            )
        )
    if problems:
        raise InputError(problems, source)
    letters = {h: _letter(n) for n, h in enumerate(header)}
    mappings: list[dict[str, Any]] = []
    lines: list[int] = []
    columns: list[list[str]] = []
    for values in rows:
        line = rows.line_num
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            problems.append(Problem(row_at(source, line), tr("見出しより多くの列があります")))
            continue
        cells = {h: v.strip() for h, v in zip(header, values, strict=False)}
        mapping, target_cols, bad = _mapping(cells)
        problems += [
            Problem(
                f"{cell_at(source, line, letters[c])} [{c}]",
                tr("「年=値」を ; で区切って書いてください（例: 2024=566;2025=596）"),
            )
            for c in bad
        ]
        mappings.append(mapping)
        lines.append(line)
        columns.append(target_cols)
    if problems:
        raise InputError(problems, source)

    def where(n: int, loc: tuple[Any, ...]) -> str:
        col = _column_of(loc, columns[n])
        if col in letters:
            return f"{cell_at(source, lines[n], letters[col])} [{col}]"
        return row_at(source, lines[n])

    return mappings, where


def attach(data: dict[str, Any], source: str, tables: dict[str, str], base: Locate) -> Locate:
    """Add the rows of the table named by ``data["series"]`` to ``data["indicators"]``.

    ``tables`` holds the text of each table by the name the plan file gives it. Returns a
    locator naming a schema path's place: the CSV row and column for a row of the table,
    ``base`` (the YAML position) for the rest.
    """
    name = data.pop("series")
    if not isinstance(name, str) or name not in tables:
        missing = tr("系列表「{name}」が見つかりません", name=name)
        raise InputError([Problem(f"{source} series", missing)], source)
    written = data.get("indicators") or []
    if not isinstance(written, list):
        return base
    mappings, where = read_table(tables[name], name)
    first = len(written)
    data["indicators"] = written + mappings

    def locate(loc: tuple[Any, ...]) -> str:
        inside = len(loc) >= 2 and loc[0] == "indicators" and isinstance(loc[1], int)
        if inside and loc[1] >= first:
            return where(loc[1] - first, loc[2:])
        return base(loc)

    return locate


def series_name(text: str) -> str | None:
    """The table a plan file's ``series:`` line names (None without one)."""
    found = _SERIES_LINE.search(text)
    return found[1].strip("'\"") if found and found[1] else None


def split(text: str) -> tuple[str, dict[str, str]]:
    """A stored plan text as its YAML and the tables kept after it (``bundle``)."""
    at = text.find("\n" + MARKER)
    if at < 0:
        return text, {}
    yaml_text, rest = text[: at + 1], text[at + 1 + len(MARKER) :]
    name, _, table = rest.partition("\n")
    return yaml_text, {name.strip(): table}


def read_tables(text: str, folder: Path) -> dict[str, str]:
    """The table a plan file names, read from ``folder`` (the plan file's own)."""
    name = series_name(text)
    if name is None:
        return {}
    path = folder / name
    try:
        data = path.read_bytes()
    except OSError as err:
        where = f"{name}"
        message = tr("系列表を読めません: {reason}", reason=err.strerror)
        raise InputError([Problem(where, message)], name) from None
    return {name: decode_text(data, name)}


def bundle(text: str, tables: dict[str, str]) -> str:
    """The plan text with its table after it, as a version is stored (``split`` reverses)."""
    if not tables:
        return text
    ((name, table),) = tables.items()
    return text.rstrip("\n") + f"\n{MARKER}{name}\n{table}"
