"""Prefectural statistics tables (XLSX or CSV, a row per municipality) read through a mapping.

A ``TableSource`` (sources.py) says where the headings are, which row is the municipality,
which column(s) hold its figure and in what unit. Three layouts:

- ``value_column``: one column, the figure for ``reference_year``;
- ``value_columns``: columns to add up (months → the year), checked against ``total_column``;
- ``year_columns``: every heading that reads as a year (平成30年度, 令和元年度 …) is a figure for
  that year; an edition revises earlier years, so each becomes a revision.

Each figure is converted to the indicator's unit (units.py) and validated by
``observation_rows.parse_fields``, like every other row.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from openpyxl.utils import column_index_from_string, get_column_letter

from ..core.calendar import ParsedYear, YearParseError, format_year, parse_year
from ..core.calendar import year_text as year_text
from ..core.messages import N_, listed, tr
from ..core.model import Observation, Plan
from .encodings import decode_text
from .errors import InputError, Problem, row_at
from .limits import check_size
from .observation_rows import PLACEHOLDERS, parse_value
from .observation_rows import parse_fields as validate_row
from .sources import TableSource
from .units import UnitError, convert, normalise_unit
from .workbooks import Uncalculated, formulas_of, open_workbook

_LETTERS = re.compile(r"^[A-Z]{1,3}$")
_YEAR_IN_TEXT = re.compile(
    r"(令和|平成|昭和|[RHS])\s*(元|[0-9０-９]+)\s*(年度|年)?|([0-9]{4})\s*(年度|年)"
)


@dataclass(frozen=True)
class Overrides:
    """What the command line may set for one file, instead of editing the mapping."""

    reference_year: str = ""
    edition: str = ""
    published_on: datetime.date | None = None


@dataclass(frozen=True)
class TableResult:
    """What a table gave: observations, and figures that are not published (with the cell)."""

    observations: list[Observation]
    not_published: list[str]


def _plain(x: Any) -> str:
    """Heading or name text compared loosely: NFKC, no spaces or line breaks."""
    return "".join(unicodedata.normalize("NFKC", "" if x is None else str(x)).split())


def year_in_text(text: str) -> ParsedYear | None:
    """The first year written in a title such as 「令和3年 市町村別観光入込客数」."""
    m = _YEAR_IN_TEXT.search(unicodedata.normalize("NFKC", text))
    if not m:
        return None
    try:
        return parse_year(m.group(0))
    except YearParseError:
        return None


class _Grid:
    """A sheet (or CSV) as 1-based cells: merged ranges filled, unsaved formulas marked."""

    def __init__(self, rows: list[list[Any]], where: str) -> None:
        self.rows, self.where = rows, where
        self.width = max((len(r) for r in rows), default=0)

    def get(self, row: int, column: int) -> Any:
        cells = self.rows[row - 1] if 1 <= row <= len(self.rows) else []
        return cells[column - 1] if 1 <= column <= len(cells) else None


def _grid(data: bytes, mapping: TableSource, source: str) -> _Grid:
    check_size(len(data), source)
    if mapping.file_type == "csv":
        text = decode_text(data, source, mapping.encoding)
        try:
            rows = [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
        except csv.Error as err:
            message = tr("CSVとして読めません（{err}）", err=err)
            raise InputError([Problem(source, message)], source) from None
        if not rows:
            raise InputError([Problem(source, tr("空のファイルです"))], source)
        return _Grid(rows, source)
    book = open_workbook(data, source, read_only=False)
    sheets = book.worksheets
    if isinstance(mapping.sheet, int):
        if not 1 <= mapping.sheet <= len(sheets):
            message = tr(
                "{n}番目のシートはありません（{count}枚）", n=mapping.sheet, count=len(sheets)
            )
            raise InputError([Problem(source, message)], source)
        sheet = sheets[mapping.sheet - 1]
    elif mapping.sheet:
        names = {_plain(s.title): s for s in sheets}
        if _plain(mapping.sheet) not in names:
            known = listed(s.title for s in sheets)
            message = tr(
                "「{name}」というシートはありません（あるシート: {known}）",
                name=mapping.sheet,
                known=known,
            )
            raise InputError([Problem(source, message)], source)
        sheet = names[_plain(mapping.sheet)]
    else:
        sheet = sheets[0]
    where = f"{source} [{sheet.title}]"
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    if not any(c is not None for r in rows for c in r):
        raise InputError([Problem(where, tr("空のシートです"))], source)
    if any(c is None for r in rows for c in r):
        for (r, c), text in formulas_of(data, source, sheet.title).items():
            if rows[r - 1][c - 1] is None:
                rows[r - 1][c - 1] = Uncalculated(text)
    # Published tables merge heading cells (and sometimes names): every cell of a merged range
    # reads as its top-left cell.
    for merged in sheet.merged_cells.ranges:
        top = rows[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, merged.max_row + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                rows[r - 1][c - 1] = top
    return _Grid(rows, where)


def _column(grid: _Grid, spec: str, header_row: int, what: str) -> int:
    """The 1-based column a heading (or letter) names in the header row."""
    if _LETTERS.match(spec):
        return column_index_from_string(spec)
    want = _plain(spec)
    found = [c for c in range(1, grid.width + 1) if _plain(grid.get(header_row, c)) == want]
    if len(found) == 1:
        return found[0]
    where = row_at(grid.where, header_row)
    if not found:
        seen = [str(h) for c in range(1, grid.width + 1) if (h := grid.get(header_row, c))]
        message = tr(
            "{what}の見出し「{spec}」が見つかりません（この行の見出し: {seen}）: "
            "header_row と見出しを確かめてください",
            what=tr(what),
            spec=spec,
            seen=listed(seen[:20]),
        )
    else:
        message = tr(
            "{what}の見出し「{spec}」が{n}列（{letters}）にあります: "
            "列の記号（B など）で指定してください",
            what=tr(what),
            spec=spec,
            n=len(found),
            letters=listed(get_column_letter(c) for c in found),
        )
    raise InputError([Problem(where, message)], grid.where)


def _matches(cell: Any, name: str, code: str) -> bool:
    text = _plain(cell)
    if not text:
        return False
    if code and text in (code, code[:5], code[2:5]):
        return True
    # Tables print 「208 所沢市」 or 「所 沢 市」: compare without leading codes and spaces.
    return text.lstrip("0123456789-.:") == name


def _row_of(grid: _Grid, mapping: TableSource, column: int, name: str, code: str) -> int:
    found = [
        r
        for r in range(mapping.header_row + 1, len(grid.rows) + 1)
        if _matches(grid.get(r, column), name, code)
    ]
    letter = get_column_letter(column)
    if len(found) == 1:
        return found[0]
    if not found:
        message = tr(
            "{letter}列に「{name}」の行が見つかりません（{line}行目以降）: "
            "municipality_column と municipality を確かめてください",
            letter=letter,
            name=name,
            line=mapping.header_row + 1,
        )
    else:
        message = tr(
            "{letter}列に「{name}」の行が{n}つあります（{lines}行目）",
            letter=letter,
            name=name,
            n=len(found),
            lines=", ".join(map(str, found)),
        )
    raise InputError([Problem(grid.where, message)], grid.where)


def _number(cell: Any, unit: str) -> Decimal:
    if isinstance(cell, Uncalculated):
        raise ValueError(cell.message())
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)  # Excel stores 909533 as 909533.0; keep it a whole number
    return parse_value(cell, unit)


def read_table(
    data: bytes,
    mapping: TableSource,
    plan: Plan,
    source: str,
    overrides: Overrides | None = None,
) -> TableResult:
    """The mapped municipality's figures from a table: observations, or InputError saying where."""
    indicator = plan.indicator(mapping.indicator)
    if indicator is None:
        message = tr("「{name}」という指標は計画にありません", name=mapping.indicator)
        raise InputError([Problem(mapping.name, message)])
    overrides = overrides or Overrides()
    grid = _grid(data, mapping, source)
    name = _plain(mapping.municipality or plan.municipality)
    code = "" if mapping.municipality else plan.municipality_code
    muni_col = _column(grid, mapping.municipality_column, mapping.header_row, N_("市町村の列"))
    row = _row_of(grid, mapping, muni_col, name, code)
    at = lambda c: f"{grid.where} {get_column_letter(c)}{row}"  # noqa: E731

    # Which columns, for which year.
    year = mapping.reference_year
    if overrides.reference_year:
        try:
            year = parse_year(overrides.reference_year)
        except YearParseError as err:
            raise InputError([Problem("--year", str(err))]) from None
    elif mapping.reference_year_cell:
        m = re.match(r"([A-Z]+)([0-9]+)", mapping.reference_year_cell)
        r, c = int(m[2]), column_index_from_string(m[1])  # type: ignore[index]
        year = year_in_text(str(grid.get(r, c) or ""))
        if year is None:
            where = f"{grid.where} {mapping.reference_year_cell}"
            message = tr(
                "「{text}」から年を読めません: --year で年を指定してください", text=grid.get(r, c)
            )
            raise InputError([Problem(where, message)], grid.where)
    groups: list[tuple[ParsedYear, list[int]]] = []
    if mapping.year_columns:
        for c in range(1, grid.width + 1):
            heading = _plain(grid.get(mapping.header_row, c))
            if c != muni_col and heading:
                try:
                    groups.append((parse_year(heading), [c]))
                except YearParseError:
                    continue
        if not groups:
            message = tr("年（平成30年度、令和元年度 …）と読める見出しがありません")
            raise InputError([Problem(row_at(grid.where, mapping.header_row), message)], source)
    else:
        if year is None:
            message = tr(
                "どの年の値か分かりません: "
                "--year で指定するか、対応づけに reference_year を書いてください"
            )
            raise InputError([Problem(mapping.name, message)])
        specs = [mapping.value_column] if mapping.value_column else mapping.value_columns
        groups.append((year, [_column(grid, s, mapping.header_row, N_("値の列")) for s in specs]))
    latest = max(y.year for y, _ in groups)
    latest_kind = next(y.kind for y, _ in groups if y.year == latest)

    problems: list[Problem] = []
    not_published: list[str] = []
    found: list[Observation] = []
    unit = normalise_unit(mapping.unit)
    for ref, columns in groups:
        label = f"{indicator.name} {year_text(ref.year, ref.kind)}"
        total = Decimal(0)
        missing = False
        for c in columns:
            cell = grid.get(row, c)
            try:
                total += _number(cell, unit)
            except ValueError as err:
                text = _plain(cell)
                if (
                    mapping.year_columns
                    and not isinstance(cell, Uncalculated)
                    and (not text or text in PLACEHOLDERS)
                ):
                    shown = "" if cell is None else str(cell).strip()
                    not_published.append(
                        tr(
                            "{label}: 未公表 「{shown}」（{cell}）",
                            label=label,
                            shown=shown,
                            cell=at(c),
                        )
                    )
                else:
                    problems.append(Problem(f"{at(c)} [value]", str(err)))
                missing = True
        if missing:
            continue
        if mapping.total_column:
            tc = _column(grid, mapping.total_column, mapping.header_row, N_("合計の列"))
            try:
                printed = _number(grid.get(row, tc), unit)
            except ValueError as err:
                problems.append(Problem(f"{at(tc)} [total]", str(err)))
                continue
            if printed != total:
                problems.append(
                    Problem(
                        f"{at(tc)} [total]",
                        tr(
                            "{n}列の合計 {total} が合計欄の {printed} と合いません: "
                            "表が途中で変わっていないか、value_columns を確かめてください",
                            n=len(columns),
                            total=f"{total:,}",
                            printed=f"{printed:,}",
                        ),
                    )
                )
                continue
        try:
            converted = convert(total, unit, indicator.unit, mapping.decimals)
        except UnitError as err:
            problems.append(Problem(mapping.name, str(err)))
            break
        what = (
            f"{get_column_letter(columns[0])}{row}～{get_column_letter(columns[-1])}{row}の合計"
            if len(columns) > 1
            else f"{get_column_letter(columns[0])}{row}"
        )
        fill = {
            "year": format_year(ref.year, ref.kind),
            "latest": format_year(latest, latest_kind),
        }
        edition = overrides.edition or mapping.edition.format(**fill)
        fields = {
            "indicator": indicator.code,
            "year": format_year(ref.year, ref.kind),
            "value": str(converted.value),
            "source": mapping.source.format(**fill),
            "published_on": overrides.published_on or mapping.published_on,
            "edition": edition,
            "note": mapping.note,
        }
        obs, errors = validate_row(fields, plan, seq=len(found))
        problems += [Problem(f"{at(columns[0])} [{e.field}]", e.message) for e in errors]
        if obs:
            found.append(replace(obs, **converted.provenance(f"{source} {what}")))
    if problems:
        raise InputError(problems, source)
    if not found:
        reasons = "; ".join(not_published) or tr("値のある列がありません")
        message = tr("取り込める値がありません（{reasons}）", reasons=reasons)
        raise InputError([Problem(grid.where, message)], source)
    return TableResult(found, not_published)
