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

from ..core.calendar import ParsedYear, YearParseError, parse_year
from ..core.calendar import year_text as year_text
from ..core.messages import N_, current, local, named, tr
from ..core.model import Observation, Plan, decimals_of
from .encodings import text_stream
from .errors import InputError, Problem, cell_at, cell_problem, row_at
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
        raise ValueError(tr("「{value}」は数値ではありません", value=raw))
    if isinstance(raw, int | float):
        raw = repr(raw) if isinstance(raw, float) else str(raw)  # repr-ok: a float's digits
    text = _text(raw)
    if not text:
        raise ValueError(
            tr(
                "値が空です: {unit}単位の数値を書いてください（未公表なら行ごと省きます）",
                unit=unit,
            )
        )
    if text in PLACEHOLDERS:
        raise ValueError(
            tr(
                "「{value}」は未公表・秘匿などを表す記号で、数値ではありません。"
                "0とは扱いません: 公表された数値を書くか、行ごと省いてください",
                value=text,
            )
        )
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise ValueError(
            tr(
                "「{value}」は数値として読めません（例: 9,095 や 9095.5、単位{unit}）",
                value=text,
                unit=unit,
            )
        ) from None
    if not value.is_finite():
        raise ValueError(tr("「{value}」は数値として読めません", value=text))
    # The store keeps 18 digits before the point and 6 after (plan.models.DIGITS).
    if abs(value) >= MAX_VALUE:
        raise ValueError(
            tr(
                "「{value}」は大きすぎます（整数部分は18桁まで）: 単位{unit}を確かめます",
                value=text,
                unit=unit,
            )
        )
    if decimals_of(value) > MAX_DECIMALS:
        raise ValueError(
            tr(
                "「{value}」は小数点以下が{n}桁を超えています: 丸めてください",
                value=text,
                n=MAX_DECIMALS,
            )
        )
    # SQLite keeps a NUMERIC as a double: beyond 15 significant digits it would change it.
    if len(value.normalize().as_tuple().digits) > 15:
        raise ValueError(
            tr("「{value}」は有効数字が15桁を超えています: 丸めてください", value=text)
        )
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
            tr("「{value}」は日付として読めません（YYYY-MM-DD で書いてください）", value=text)
        ) from None


@functools.lru_cache(maxsize=4096)
def _year_or_error(text: str, lang: str) -> ParsedYear | YearParseError:  # lang: of the message
    try:
        return parse_year(text)
    except YearParseError as err:
        return err


def _parse_year(text: str) -> ParsedYear:
    """parse_year, remembered: a file spells the same few years on every row."""
    found = _year_or_error(text, current())
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
        known = named(plan.indicators)
        message = (
            tr("指標が空です")
            if not name
            else tr("「{name}」という指標は計画にありません", name=name)
        )
        errors.append(
            RowError(
                "indicator",
                tr(
                    "{message}。指標コードか名称を書いてください: {known}",
                    message=message,
                    known=known,
                ),
            )
        )
    year = None
    written = _text(fields.get("year"))
    try:
        parsed = _parse_year(written)
        year = parsed.year
        if indicator and parsed.kind and parsed.kind != indicator.period_kind:
            want = year_text(parsed.year, indicator.period_kind)
            errors.append(
                RowError(
                    "year",
                    tr(
                        N_("「{given}」とありますが、{name}は年度で数える指標です（例: {want}）")
                        if indicator.period_kind == "fiscal"
                        else N_(
                            "「{given}」とありますが、{name}は年で数える指標です（例: {want}）"
                        ),
                        given=written,
                        name=local(indicator, "name"),
                        want=want,
                    ),
                )
            )
    except YearParseError as err:
        errors.append(RowError("year", str(err)))
    value = None
    try:
        value = parse_value(
            fields.get("value"), local(indicator, "unit") if indicator else tr("指標の")
        )
    except ValueError as err:
        errors.append(RowError("value", str(err)))
    source = _kept(fields.get("source"))
    if not source:
        errors.append(
            RowError("source", tr("出典が空です: 数値を引用した統計や資料の名前を書いてください"))
        )
    elif len(source) > 500:
        errors.append(RowError("source", tr("出典が長すぎます（{n}字。500字まで）", n=len(source))))
    if len(_kept(fields.get("edition"))) > 100:
        errors.append(RowError("edition", tr("版が長すぎます（100字まで）")))
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
        letter = get_column_letter(n + 1)
        if name and name not in REQUIRED + OPTIONAL:
            problems.append(
                cell_problem(
                    source,
                    1,
                    letter,
                    "",
                    tr(
                        "「{name}」という列は使えません。使える列: {allowed}",
                        name=header[n],
                        allowed=allowed,
                    ),
                )
            )
        if name and names.index(name) != n:
            twice = tr("{name}列が2つあります", name=name)
            problems.append(cell_problem(source, 1, letter, "", twice))
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        problems.append(
            Problem(
                row_at(source, 1),
                tr("必要な列がありません: {names}", names=", ".join(missing)),
                source,
                1,
            )
        )
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
            problems.append(cell_problem(source, line, letter, e.field, e.message))
        if obs:
            found.append(obs)
    if problems:
        raise InputError(problems, source)
    if not found:
        raise InputError([Problem(source, tr("データ行がありません"))], source)
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
                where = row_at(source, line)
                raise too_many_columns(where, source, beyond[-1] + 1, limits)
        for n, cell in enumerate(cells):
            if isinstance(cell, str) and len(cell) > limits.max_cell_chars:
                where = cell_at(source, line, get_column_letter(n + 1))
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
        header = _header(rows, source, tr("空のファイルです"))
        return read_rows(header, rows, plan, source)
    except csv.Error as err:
        # e.g. a field over the csv module's size limit, or a stray NUL in old Pythons.
        where = row_at(source, reader.line_num)
        message = tr("CSVとして読めません（{err}）: 区切りや引用符を確かめてください", err=err)
        raise InputError(
            [Problem(where, message)],
            source,
        ) from None


def read_xlsx_bytes(
    data: bytes, plan: Plan, source: str, limits: Limits = DEFAULT
) -> list[Observation]:
    """Observations from the first sheet of an XLSX workbook, read as it streams."""
    book = open_workbook(data, source, read_only=True, limits=limits)
    try:
        if not book.worksheets:
            raise InputError([Problem(source, tr("ワークシートがありません"))], source)
        sheet = book.worksheets[0]
        where = f"{source} [{sheet.title}]"
        rows = bounded(enumerate(sheet_rows(sheet), start=1), where, limits)
        header = _header(rows, where, tr("空のシートです"))
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
        message = tr("ファイルを読めません: {problem}", problem=err.strerror)
        raise InputError([Problem(str(path), message)]) from None


def read_observation_file(
    path: Path, plan: Plan, encoding: str = "auto", limits: Limits = DEFAULT
) -> tuple[list[Observation], bytes]:
    """Observations from a .csv or .xlsx file, with the file's bytes for its fingerprint."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InputError(
            [Problem(str(path), tr("CSV (.csv) か Excel (.xlsx) のファイルを指定してください"))]
        )
    data = read_file(path, limits)
    if suffix == ".csv":
        return read_csv_bytes(data, plan, path.name, encoding, limits), data
    return read_xlsx_bytes(data, plan, path.name, limits), data
