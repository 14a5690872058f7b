"""Safe spreadsheet exports: no text we write can become a formula (CSV/formula injection).

The rule (OWASP "CSV injection"): a text cell that begins with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return could be run by Excel or LibreOffice as a formula
(``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``). Every CSV and XLSX writer goes through this
module: in CSV such text gets a leading single quote; in XLSX it is stored as a plain string
cell with Excel's own "quote prefix" flag, so the text stays exactly as recorded but is never
evaluated, not even when someone edits the cell. Numbers stay numbers: a number value, or a
text that is just a number (``-12.5``, ``-1,234``), is left alone.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from typing import Any, TextIO

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?=[\d.])\d[\d,]*(\.\d+)?([eE][+-]?\d+)?%?|[+-]?\.\d+")


def is_formula_like(value: Any) -> bool:
    """Whether ``value`` is text a spreadsheet could run as a formula."""
    return (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not _PLAIN_NUMBER.fullmatch(value)
    )


def neutralise(value: Any) -> Any:
    """The cell for a CSV file: formula-like text gets a leading ``'``; anything else as is."""
    return "'" + value if is_formula_like(value) else value


def csv_text(header: Iterable[Any], rows: Iterable[Iterable[Any]], bom: bool = True) -> str:
    """A CSV document (UTF-8 BOM first, so Excel reads Japanese) with every cell neutralised."""
    out = io.StringIO()
    write_csv(out, header, rows, bom)
    return out.getvalue()


def write_csv(
    out: TextIO, header: Iterable[Any], rows: Iterable[Iterable[Any]], bom: bool = True
) -> None:
    """``csv_text`` written to ``out`` row by row (a long CSV streamed to a file)."""
    if bom:
        out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow([neutralise(v) for v in header])
    for row in rows:
        writer.writerow([neutralise(v) for v in row])


def guard_workbook(book: Any) -> int:
    """Mark every formula-like text cell of an openpyxl workbook as inert text; how many.

    openpyxl stores any string starting with ``=`` as a formula; here such a cell becomes a
    string cell with ``quotePrefix`` (what Excel itself saves for text typed after ``'``).
    Our workbooks hold no formulas of their own, so no cell is exempt.
    """
    guarded = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if is_formula_like(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    guarded += 1
    return guarded


def workbook_bytes(book: Any) -> bytes:
    """The workbook as XLSX bytes, guarded first (the one way our code saves a workbook)."""
    guard_workbook(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
