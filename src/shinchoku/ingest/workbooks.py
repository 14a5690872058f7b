"""What every file reader shares: text encodings, opening workbooks, formulas, merged cells.

Each helper turns a damaged or surprising file into an ``InputError`` that says what to do,
never a traceback: Shift_JIS CSVs, old .xls files, formulas whose results were never saved,
headings in merged cells.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook, load_workbook

from .errors import InputError, Problem

# A file larger than this is refused before parsing: 100,000 observation rows are ~10 MB.
MAX_BYTES = 200 * 1024 * 1024
RESAVE_UTF8 = (
    "Excelの「名前を付けて保存」で「CSV UTF-8（コンマ区切り）」を選んで保存し直してください"
)


def check_size(data: bytes, source: str) -> None:
    """Refuse a file too large to be a table of statistics."""
    if len(data) > MAX_BYTES:
        raise InputError(
            [
                Problem(
                    source,
                    f"ファイルが大きすぎます（{len(data) / 2**20:,.0f} MB、上限 "
                    f"{MAX_BYTES // 2**20} MB）: 必要な行だけのファイルに分けてください",
                )
            ],
            source,
        )


def is_cp932(data: bytes) -> bool:
    """True when bytes that are not UTF-8 read cleanly as Shift_JIS (Windows cp932)."""
    try:
        data.decode("cp932")
    except UnicodeDecodeError:
        return False
    return True


def decode_text(data: bytes, source: str, encoding: str = "auto") -> str:
    """CSV text: UTF-8 (with or without BOM); with ``auto``, Shift_JIS (cp932) too."""
    if encoding not in ("auto", "utf-8"):
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError) as err:
            message = f"{encoding}として読めません（{err}）: 文字コードを確かめてください"
            raise InputError([Problem(source, message)], source) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        if encoding == "auto" and is_cp932(data):
            return data.decode("cp932")
        hint = (
            "Shift_JIS（cp932）で保存されたファイルのようです。"
            if is_cp932(data)
            else "文字コードが分かりません。"
        )
        message = f"UTF-8ではありません（{err.start}バイト目）: {hint}{RESAVE_UTF8}"
        raise InputError([Problem(source, message)], source) from None


def open_workbook(data: bytes, source: str, *, read_only: bool, formulas: bool = False) -> Workbook:
    """An XLSX workbook (cached values, or the formulas with ``formulas``), or InputError."""
    check_size(data, source)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        message = (
            "XLSXとして開けません（古いExcel形式 .xls です）: "
            "Excelで開き「Excelブック（*.xlsx）」として保存し直してください"
        )
        raise InputError([Problem(source, message)], source)
    if not zipfile.is_zipfile(io.BytesIO(data)):
        message = (
            "XLSXとして開けません（ZIP形式ではありません）: Excelブック（.xlsx）を指定してください"
        )
        raise InputError([Problem(source, message)], source)
    try:
        with warnings.catch_warnings():
            # openpyxl warns about data validation and styles it drops; they do not matter here.
            warnings.simplefilter("ignore")
            return load_workbook(io.BytesIO(data), read_only=read_only, data_only=not formulas)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        message = (
            f"XLSXとして開けません（{type(err).__name__}: {err}）: Excelで開けるか確かめてください"
        )
        raise InputError([Problem(source, message)], source) from None


@dataclass(frozen=True)
class Uncalculated:
    """A formula cell whose result was never saved (the file was not opened in Excel)."""

    formula: str

    def __str__(self) -> str:
        return self.formula

    def message(self) -> str:
        """What is wrong and what to do, in Japanese."""
        return (
            f"数式「{self.formula}」の計算結果がファイルに保存されていません: "
            "Excelで開いて保存し直すか、値として貼り付けてください"
        )


def formulas_of(data: bytes, source: str, sheet: str) -> dict[tuple[int, int], str]:
    """Formula text by (row, column), 1-based, of one sheet."""
    book = open_workbook(data, source, read_only=True, formulas=True)
    found = {}
    try:
        for r, row in enumerate(book[sheet].iter_rows(values_only=True), start=1):
            for c, value in enumerate(row, start=1):
                if isinstance(value, str) and value.startswith("="):
                    found[(r, c)] = value
    finally:
        book.close()
    return found


def mark_uncalculated(
    data: bytes, source: str, sheet: str, rows: list[tuple[int, list[Any]]]
) -> list[tuple[int, list[Any]]]:
    """Rows with each empty cell that holds an unsaved formula replaced by ``Uncalculated``."""
    if not any(cell is None for _, cells in rows for cell in cells):
        return rows
    formulas = formulas_of(data, source, sheet)
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
