"""Tables to bytes: CSV in UTF-8 with BOM, CSV in Shift_JIS (cp932), one XLSX workbook.

Text cells that a spreadsheet would run as a formula are neutralised by the project's one
rule (``shinchoku.exports``: a leading ``'`` in CSV, Excel's quote prefix in XLSX). Shift_JIS cannot
hold every character: the usual JIS/Unicode look-alikes are mapped to the ones Windows
uses (〜 → ～, − → －); anything else becomes 〓 and is listed, never dropped silently.
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook

from ..exports import neutralise, workbook_bytes
from .schema import Table

# Unicode characters that Shift_JIS text means, written as the code points cp932 decodes to.
CP932_EQUIVALENTS = str.maketrans({
    "\u301c": "\uff5e",  # 〜 WAVE DASH → ～
    "\u2212": "\uff0d",  # − MINUS SIGN → －
    "\u2016": "\u2225",  # ‖ DOUBLE VERTICAL LINE → ∥
    "\u2014": "\u2015",  # — EM DASH → ―
    "\u00a2": "\uffe0", "\u00a3": "\uffe1", "\u00ac": "\uffe2",  # ¢ £ ¬
})  # fmt: skip
GETA = "〓"  # the customary mark for a character the code cannot hold


def cell_text(value: Any, kind: str) -> str:
    """A value as CSV text in the form its Frictionless type reads."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return neutralise(text) if kind == "string" else text  # numbers are never touched


def _rows(table: Table) -> list[list[str]]:
    kinds = [f.type for f in table.fields]
    return [[f.name for f in table.fields]] + [
        [cell_text(v, k) for v, k in zip(row, kinds, strict=True)] for row in table.rows
    ]


def csv_utf8(table: Table) -> bytes:
    """The table as CSV, UTF-8 with a BOM (Excel then reads the Japanese), CRLF lines."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(_rows(table))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


@dataclass(frozen=True)
class Replacement:
    """A character the Shift_JIS file could not hold: where it was and what it was."""

    table: str
    line: int  # line of the CSV file (1 is the header)
    column: str
    character: str

    def describe(self) -> str:
        code = f"U+{ord(self.character):04X}"
        return (
            f"{self.table}.csv {self.line}行目 {self.column}列: 「{self.character}」({code}) を"
            f"「{GETA}」に置き換えました"
        )


def to_cp932(text: str) -> tuple[str, list[str]]:
    """``text`` with what cp932 cannot encode replaced; the characters replaced."""
    text = text.translate(CP932_EQUIVALENTS)
    lost = []
    kept = []
    for ch in text:
        try:
            ch.encode("cp932")
            kept.append(ch)
        except UnicodeEncodeError:
            lost.append(ch)
            kept.append(GETA)
    return "".join(kept), lost


def csv_cp932(table: Table) -> tuple[bytes, list[Replacement]]:
    """The table as CSV in Shift_JIS (cp932), and every character that had to be replaced."""
    rows = _rows(table)
    header = rows[0]
    replaced: list[Replacement] = []
    for line, row in enumerate(rows, 1):
        for n, cell in enumerate(row):
            row[n], lost = to_cp932(cell)
            replaced += [Replacement(table.name, line, header[n], ch) for ch in lost]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("cp932"), replaced


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def xlsx(tables: list[Table]) -> bytes:
    """One workbook, a sheet per table (named as the table), numbers and dates typed;
    formula-like text kept as written but inert (``exports.workbook_bytes``)."""
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.name[:31])
        sheet.append([f.name for f in table.fields])
        for row in table.rows:
            sheet.append([_xlsx_value(v) for v in row])
    return workbook_bytes(book)
