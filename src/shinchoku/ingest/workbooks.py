"""What every workbook reader shares: opening XLSX files within the limits, formulas.

Each helper turns a damaged, surprising or hostile file into an ``InputError`` that says what
to do, never a traceback: old .xls files, zip bombs, formulas whose results were never saved.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from ..core.messages import current, tr
from .errors import InputError, Problem
from .limits import DEFAULT, Limits, check_size, size_text, too_many_rows

if TYPE_CHECKING:  # openpyxl is imported when a workbook is opened (command start-up time)
    from openpyxl import Workbook


class _Tag:
    """An XML start tag counted in raw bytes (``<c`` also counts the few ``<col``: a bound)."""

    def __init__(self, name: bytes) -> None:
        self.plain = b"<" + name
        self.prefixed = b":" + name
        self.pattern = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?" + name)

    def count(self, window: bytes, end: int) -> int:
        if window.find(self.prefixed, 0, end) != -1:  # e.g. <x:c>: rare, and slower
            return len(self.pattern.findall(window, 0, end))
        return window.count(self.plain, 0, end)


# Tags counted while an XLSX part is expanded: shared strings; rows and cells of a worksheet.
_SHARED_STRING, _ROW, _CELL = _Tag(b"si"), _Tag(b"row"), _Tag(b"c")
MAX_PARTS = 10_000
CHUNK = 1024 * 1024  # expanded a megabyte at a time
# The last few archives checked (by digest and limits), and what was wrong with each.
_checked: dict[tuple[bytes, Limits, int], str | None] = {}


def _count_tags(
    member: IO[bytes], patterns: tuple[_Tag, ...], budget: int
) -> tuple[int, list[int]]:
    """Bytes read and tags counted from one part, stopping once ``budget`` bytes are exceeded."""
    size = 0
    counts = [0] * len(patterns)
    carry = b""
    while chunk := member.read(CHUNK):
        size += len(chunk)
        if size > budget:
            break
        if not patterns:
            continue
        window = carry + chunk
        # A tag cut by the chunk's end is counted with the next chunk.
        cut = window.rfind(b"<")
        end = len(window) if cut == -1 else cut
        for n, pattern in enumerate(patterns):
            counts[n] += pattern.count(window, end)
        carry = b"" if cut == -1 else window[cut : cut + 64]
    for n, pattern in enumerate(patterns):
        counts[n] += pattern.count(carry, len(carry))
    return size, counts


def _too_large(size: int, limits: Limits) -> str:
    return tr(
        "XLSXの展開後の大きさが上限を超えます（{size}以上、上限 {limit}）: "
        "必要なシートと行だけのブックにしてください",
        size=size_text(size),
        limit=size_text(limits.max_unzipped_bytes),
    )


def _archive_problem(data: bytes, limits: Limits, max_cells: int) -> str | None:
    """What makes an XLSX too large to open, or None."""
    budget = limits.max_unzipped_bytes
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            return tr(
                "XLSXの部品が多すぎます（{n}個）: Excelで保存し直してください", n=f"{len(parts):,}"
            )
        declared = sum(p.file_size for p in parts)
        if declared > budget:
            return _too_large(declared, limits)
        total = strings = cells = 0
        for part in parts:
            name = part.filename.lower()
            sheet = "worksheets/" in name
            shared = name.endswith("sharedstrings.xml")
            patterns = (_ROW, _CELL) if sheet else (_SHARED_STRING,) if shared else ()
            with archive.open(part) as member:
                size, counts = _count_tags(member, patterns, budget - total)
            total += size
            if total > budget:
                return _too_large(total, limits)
            if sheet:
                cells += counts[1]
                if counts[0] > limits.max_rows + 1:  # the header row and the data rows
                    return too_many_rows("", limits).problems[0].message
            elif shared:
                strings += counts[0]
    if strings > limits.max_shared_strings:
        return tr(
            "XLSXの文字列が多すぎます（{n}種類、上限 {limit}）: "
            "必要なシートと行だけのブックにしてください",
            n=f"{strings:,}",
            limit=f"{limits.max_shared_strings:,}",
        )
    if cells > max_cells:
        return tr(
            "XLSXのセルが多すぎます（{n}個、上限 {limit}）: "
            "必要なシートと行だけのブックにしてください",
            n=f"{cells:,}",
            limit=f"{max_cells:,}",
        )
    return None


def check_archive(data: bytes, source: str, limits: Limits, max_cells: int) -> None:
    """Refuse an XLSX that expands beyond the limits, before openpyxl reads any of it.

    Every part's declared size is added up first (a zip bomb is refused at once); then each
    part is expanded a megabyte at a time, discarding the output, to count its actual size,
    its shared strings, rows and cells (zipfile stops at the declared size and checks the CRC,
    so a part that lies about its size is refused as damaged). The answer is remembered for
    the same bytes, which are opened several times (template? data? formulas?).
    """
    key = (hashlib.sha256(data).digest(), limits, max_cells, current())  # the answer is a message
    if key not in _checked:
        if len(_checked) > 8:
            _checked.clear()
        _checked[key] = _archive_problem(data, limits, max_cells)
    if problem := _checked[key]:
        raise InputError([Problem(source, problem)], source)


def open_workbook(
    data: bytes,
    source: str,
    *,
    read_only: bool,
    formulas: bool = False,
    limits: Limits = DEFAULT,
) -> Workbook:
    """An XLSX workbook (cached values, or the formulas with ``formulas``), or InputError.

    Read-only workbooks stream their rows; a workbook read whole (merged cells, templates)
    keeps every cell in memory, so it may hold only a tenth of ``max_cells``.
    """
    check_size(len(data), source, limits)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        message = tr(
            "XLSXとして開けません（古いExcel形式 .xls です）: "
            "Excelで開き「Excelブック（*.xlsx）」として保存し直してください"
        )
        raise InputError([Problem(source, message)], source)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        message = tr(
            "XLSXとして開けません（ZIP形式ではありません）: Excelブック（.xlsx）を指定してください"
        )
        raise InputError([Problem(source, message)], source)
    try:
        cells = limits.max_cells if read_only else limits.max_cells // 10
        check_archive(data, source, limits, cells)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError) as e:
        message = tr(
            "XLSXとして開けません（壊れています: {err}）: Excelで開けるか確かめてください", err=e
        )
        raise InputError([Problem(source, message)], source) from None
    from openpyxl import load_workbook  # here, not at the top: start-up time of the command

    try:
        with warnings.catch_warnings():
            # openpyxl warns about data validation and styles it drops; they do not matter here.
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), read_only=read_only, data_only=not formulas)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        message = tr(
            "XLSXとして開けません（{kind}: {err}）: Excelで開けるか確かめてください",
            kind=type(err).__name__,
            err=err,
        )
        raise InputError([Problem(source, message)], source) from None


@dataclass(frozen=True)
class Uncalculated:
    """A formula cell whose result was never saved (the file was not opened in Excel)."""

    formula: str

    def __str__(self) -> str:
        return self.formula

    def message(self) -> str:
        """What is wrong and what to do, in the run's language."""
        return tr(
            "数式「{formula}」の計算結果がファイルに保存されていません: "
            "Excelで開いて保存し直すか、値として貼り付けてください",
            formula=self.formula,
        )


def sheet_rows(sheet: Any) -> Iterator[tuple[Any, ...]]:
    """The rows of a read-only sheet as stored, each as long as its last cell.

    The sheet's own dimension (which a hostile file can set to A1:XFD1048576) is ignored, so
    no row is padded to it and no empty rows are made up after the last one.
    """
    sheet.reset_dimensions()
    return sheet.iter_rows(values_only=True)


def formulas_of(
    data: bytes, source: str, sheet: str, limits: Limits = DEFAULT
) -> dict[tuple[int, int], str]:
    """Formula text by (row, column), 1-based, of one sheet."""
    book = open_workbook(data, source, read_only=True, formulas=True, limits=limits)
    found = {}
    try:
        for r, row in enumerate(sheet_rows(book[sheet]), start=1):
            for c, value in enumerate(row, start=1):
                if isinstance(value, str) and value.startswith("="):
                    found[(r, c)] = value
    finally:
        book.close()
    return found


def mark_uncalculated(
    data: bytes,
    source: str,
    sheet: str,
    rows: list[tuple[int, list[Any]]],
    limits: Limits = DEFAULT,
) -> list[tuple[int, list[Any]]]:
    """Rows with each empty cell that holds an unsaved formula replaced by ``Uncalculated``."""
    if not any(cell is None for _, cells in rows for cell in cells):
        return rows
    formulas = formulas_of(data, source, sheet, limits)
    if not formulas:
        return rows
    return [
        (
            line,
            [
                Uncalculated(formulas[(line, c)])
                if cell is None and (line, c) in formulas
                else cell
                for c, cell in enumerate(cells, start=1)
            ],
        )
        for line, cells in rows
    ]
