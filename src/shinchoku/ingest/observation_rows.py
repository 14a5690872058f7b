"""Observation rows from CSV, XLSX or the command line: one validation path for all.

The layout is DESIGN.md's observation CSV. A file is read as it streams, within the upload
limits (``limits.py``), and either every row is good or the file is rejected with every bad
row, its row number and column.
"""

from __future__ import annotations

import csv
import datetime
import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..core.calendar import ParsedYear, YearParseError, format_year, parse_year
from ..core.model import Observation, Plan, decimals_of
from .encodings import text_stream
from .errors import InputError, Problem
from .limits import (
    DEFAULT,
    Limits,
    check_size,
    too_long_cell,
    too_many_columns,
    too_many_rows,
)
from .workbooks import Uncalculated, mark_uncalculated, open_workbook, sheet_rows

REQUIRED = ("indicator", "year", "value", "source")
OPTIONAL = ("published_on", "edition", "note")
# Japanese headings a secretariat sheet is likely to carry, mapped to the contract's names.
ALIASES = {
    "指標": "indicator",
    "指標名": "indicator",
    "年度": "year",
    "年": "year",
    "値": "value",
    "実績値": "value",
    "出典": "source",
    "公表日": "published_on",
    "版": "edition",
    "備考": "note",
}
PLACEHOLDERS = {"-", "−", "ー", "x", "X", "…", "...", "***", "*", "na", "n/a", "NA", "N/A"}
MAX_VALUE = Decimal(10) ** 18
MAX_DECIMALS = 6
_DATE = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$")


def get_column_letter(n: int) -> str:
    """Excel's column letters (openpyxl, imported only when a problem is located)."""
    from openpyxl.utils import get_column_letter as letters

    return letters(n)


@dataclass(frozen=True)
class RowError:
    """A problem in one field of a row."""

    field: str
    message: str


def _text(value: Any) -> str:
    """Text for reading codes, years and numbers: NFKC-normalised, stripped."""
    return unicodedata.normalize("NFKC", _kept(value))


def _kept(value: Any) -> str:
    """Text stored as the user wrote it (only surrounding space removed)."""
    return "" if value is None else str(value).strip()


def parse_value(raw: Any, unit: str) -> Decimal:
    """A number in the indicator's unit; placeholders and blanks are errors, never zero."""
    if isinstance(raw, bool):
        raise ValueError(f"「{raw}」は数値ではありません")
    if isinstance(raw, int | float):
        raw = repr(raw) if isinstance(raw, float) else str(raw)
    text = _text(raw)
    if not text:
        raise ValueError(
            f"値が空です: {unit}単位の数値を書いてください（未公表なら行ごと省きます）"
        )
    if text in PLACEHOLDERS:
        raise ValueError(
            f"「{text}」は未公表・秘匿などを表す記号で、数値ではありません。"
            "0とは扱いません: 公表された数値を書くか、行ごと省いてください"
        )
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValueError(
            f"「{text}」は数値として読めません（例: 9,095 や 9095.5、単位{unit}）"
        ) from None
    if not value.is_finite():
        raise ValueError(f"「{text}」は数値として読めません")
    # The store keeps 18 digits before the point and 6 after (plan.models.DIGITS).
    if abs(value) >= MAX_VALUE:
        raise ValueError(f"「{text}」は大きすぎます（整数部分は18桁まで）: 単位{unit}を確かめます")
    if decimals_of(value) > MAX_DECIMALS:
        raise ValueError(f"「{text}」は小数点以下が{MAX_DECIMALS}桁を超えています: 丸めてください")
    # SQLite keeps a NUMERIC as a double: beyond 15 significant digits it would change it.
    if len(value.normalize().as_tuple().digits) > 15:
        raise ValueError(f"「{text}」は有効数字が15桁を超えています: 丸めてください")
    return value


def parse_date(raw: Any) -> datetime.date | None:
    """YYYY-MM-DD (or YYYY/MM/DD, or a spreadsheet date); blank means not confirmed."""
    if isinstance(raw, datetime.datetime):
        return raw.date()
    if isinstance(raw, datetime.date):
        return raw
    text = _text(raw)
    if not text:
        return None
    m = _DATE.match(text)
    try:
        if not m:
            raise ValueError
        return datetime.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise ValueError(
            f"「{text}」は日付として読めません（YYYY-MM-DD で書いてください）"
        ) from None


@functools.lru_cache(maxsize=4096)
def _year_or_error(text: str) -> ParsedYear | YearParseError:
    try:
        return parse_year(text)
    except YearParseError as err:
        return err


def _parse_year(text: str) -> ParsedYear:
    """parse_year, remembered: a file spells the same few years on every row."""
    found = _year_or_error(text)
    if isinstance(found, YearParseError):
        raise YearParseError(found.text, found.reason)  # a fresh error: no shared traceback
    return found


def parse_fields(
    fields: Mapping[str, Any], plan: Plan, seq: int = 0
) -> tuple[Observation | None, list[RowError]]:
    """Validate one row given by field name; return the observation or its problems."""
    errors: list[RowError] = []
    name = _text(fields.get("indicator"))
    indicator = plan.indicator(_kept(fields.get("indicator"))) or plan.indicator(name)
    if indicator is None:
        known = "、".join(f"{i.code}（{i.name}）" for i in plan.indicators)
        message = "指標が空です" if not name else f"「{name}」という指標は計画にありません"
        errors.append(
            RowError("indicator", f"{message}。指標コードか名称を書いてください: {known}")
        )
    year = None
    year_text = _text(fields.get("year"))
    try:
        parsed = _parse_year(year_text)
        year = parsed.year
        if indicator and parsed.kind and parsed.kind != indicator.period_kind:
            want = format_year(parsed.year, indicator.period_kind)
            word = "年度" if indicator.period_kind == "fiscal" else "年"
            errors.append(
                RowError(
                    "year",
                    f"「{year_text}」とありますが、{indicator.name}は{word}で数える指標です"
                    f"（例: {want}）",
                )
            )
    except YearParseError as err:
        errors.append(RowError("year", str(err)))
    value = None
    try:
        value = parse_value(fields.get("value"), indicator.unit if indicator else "指標の")
    except ValueError as err:
        errors.append(RowError("value", str(err)))
    source = _kept(fields.get("source"))
    if not source:
        errors.append(
            RowError("source", "出典が空です: 数値を引用した統計や資料の名前を書いてください")
        )
    elif len(source) > 500:
        errors.append(RowError("source", f"出典が長すぎます（{len(source)}字。500字まで）"))
    if len(_kept(fields.get("edition"))) > 100:
        errors.append(RowError("edition", "版が長すぎます（100字まで）"))
    published_on = None
    try:
        published_on = parse_date(fields.get("published_on"))
    except ValueError as err:
        errors.append(RowError("published_on", str(err)))
    if errors or indicator is None or year is None or value is None:
        return None, errors
    return (
        Observation(
            indicator=indicator.code,
            year=year,
            value=value,
            source=source,
            published_on=published_on,
            edition=_kept(fields.get("edition")),
            note=_kept(fields.get("note")),
            seq=seq,
        ),
        [],
    )


def read_rows(
    header: list[Any], rows: Iterable[tuple[int, list[Any]]], plan: Plan, source: str
) -> list[Observation]:
    """Validate a header and numbered rows; all observations, or InputError with every problem."""
    names = [ALIASES.get(_text(h), _text(h).lower()) for h in header]
    columns = {name: n for n, name in enumerate(names) if name}
    problems: list[Problem] = []
    allowed = ", ".join(REQUIRED + OPTIONAL)
    for n, name in enumerate(names):
        where = f"{source} 1行目 {get_column_letter(n + 1)}列"
        if name and name not in REQUIRED + OPTIONAL:
            problems.append(
                Problem(where, f"「{header[n]}」という列は使えません。使える列: {allowed}")
            )
        if name and names.index(name) != n:
            problems.append(Problem(where, f"{name}列が2つあります"))
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        problems.append(Problem(f"{source} 1行目", f"必要な列がありません: {', '.join(missing)}"))
    if problems:
        raise InputError(problems, source)
    found: list[Observation] = []
    for line, cells in rows:
        if not cells or all(_text(c) == "" for c in cells):
            continue
        fields = {name: (cells[i] if i < len(cells) else None) for name, i in columns.items()}
        obs, errors = parse_fields(fields, plan, seq=len(found))
        # A formula whose result was never saved reads as empty: say so instead of "空です".
        uncalculated = {k: v for k, v in fields.items() if isinstance(v, Uncalculated)}
        if uncalculated:
            obs = None
            errors = [e for e in errors if e.field not in uncalculated]
            errors += [RowError(k, v.message()) for k, v in uncalculated.items()]
            errors.sort(key=lambda e: columns[e.field])
        for e in errors:
            letter = get_column_letter(columns[e.field] + 1)
            problems.append(Problem(f"{source} {line}行目 {letter}列 [{e.field}]", e.message))
        if obs:
            found.append(obs)
    if problems:
        raise InputError(problems, source)
    if not found:
        raise InputError([Problem(source, "データ行がありません")], source)
    return found


def bounded(
    rows: Iterable[tuple[int, Sequence[Any]]], source: str, limits: Limits
) -> Iterator[tuple[int, list[Any]]]:
    """Numbered rows (the header first) as they stream, refused at the first row over a limit."""
    for count, (line, cells) in enumerate(rows):
        if count > limits.max_rows:  # the header is row 0
            raise too_many_rows(source, limits)
        if not cells:
            yield line, []
            continue
        if len(cells) > limits.max_columns:
            beyond = [n for n, c in enumerate(cells) if n >= limits.max_columns and _filled(c)]
            if beyond:
                where = f"{source} {line}行目"
                raise too_many_columns(where, source, beyond[-1] + 1, limits)
        for n, cell in enumerate(cells):
            if isinstance(cell, str) and len(cell) > limits.max_cell_chars:
                where = f"{source} {line}行目 {get_column_letter(n + 1)}列"
                raise too_long_cell(where, source, len(cell), limits)
        yield line, list(cells)


def _filled(cell: Any) -> bool:
    return cell is not None and cell != ""


def _header(rows: Iterator[tuple[int, list[Any]]], source: str, empty: str) -> list[Any]:
    first = next(rows, None)
    if first is None or not any(_filled(c) for c in first[1]):
        raise InputError([Problem(source, empty)], source)
    return first[1]


def read_csv_bytes(
    data: bytes,
    plan: Plan,
    source: str,
    encoding: str = "auto",
    limits: Limits = DEFAULT,
) -> list[Observation]:
    """Observations from CSV bytes: UTF-8 (with or without BOM) or Shift_JIS, streamed."""
    check_size(len(data), source, limits)
    reader = csv.reader(text_stream(data, source, encoding))
    try:
        rows = bounded(((reader.line_num, cells) for cells in reader), source, limits)
        header = _header(rows, source, "空のファイルです")
        return read_rows(header, rows, plan, source)
    except csv.Error as err:
        # e.g. a field over the csv module's size limit, or a stray NUL in old Pythons.
        where = f"{source} {reader.line_num}行目"
        raise InputError(
            [Problem(where, f"CSVとして読めません（{err}）: 区切りや引用符を確かめてください")],
            source,
        ) from None


def read_xlsx_bytes(
    data: bytes, plan: Plan, source: str, limits: Limits = DEFAULT
) -> list[Observation]:
    """Observations from the first sheet of an XLSX workbook, read as it streams."""
    book = open_workbook(data, source, read_only=True, limits=limits)
    try:
        if not book.worksheets:
            raise InputError([Problem(source, "ワークシートがありません")], source)
        sheet = book.worksheets[0]
        where = f"{source} [{sheet.title}]"
        rows = bounded(enumerate(sheet_rows(sheet), start=1), where, limits)
        header = _header(rows, where, "空のシートです")
        body = list(rows)
    finally:
        book.close()
    body = mark_uncalculated(data, source, sheet.title, body, limits)
    return read_rows(header, body, plan, where)


def read_file(path: Path, limits: Limits = DEFAULT) -> bytes:
    """A file's bytes, refused by its size before it is read."""
    try:
        check_size(path.stat().st_size, path.name, limits)
        return path.read_bytes()
    except OSError as err:
        raise InputError([Problem(str(path), f"ファイルを読めません: {err.strerror}")]) from None


def read_observation_file(
    path: Path, plan: Plan, encoding: str = "auto", limits: Limits = DEFAULT
) -> tuple[list[Observation], bytes]:
    """Observations from a .csv or .xlsx file, with the file's bytes for its fingerprint."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError(
            [Problem(str(path), "CSV (.csv) か Excel (.xlsx) のファイルを指定してください")]
        )
    data = read_file(path, limits)
    if suffix == ".csv":
        return read_csv_bytes(data, plan, path.name, encoding, limits), data
    return read_xlsx_bytes(data, plan, path.name, limits), data
