"""Cell and sheet layout shared by the report workbook and its council papers (xlsx.py,
xlsx_papers.py): number formats, text widths, row heights, column widths, sheet headings."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Any

from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..core.context import ReportContext
from .strings import text

TITLE = Font(size=14, bold=True, color="1F4E79")


def number_format(places: int) -> str:
    """#,##0 or #,##0.0… for a figure published with ``places`` decimals."""
    return "#,##0" + ("." + "0" * places if places else "")


def text_width(value: Any) -> int:
    """Display width of a cell's text (East Asian wide characters count two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))


def fit_rows(ws: Worksheet, first: int, last: int) -> None:
    """Give rows ``first``..``last`` the height their wrapped text needs (15 pt a line)."""
    for r in range(first, last + 1):
        lines = 1
        for cell in ws[r]:
            if cell.value is None or isinstance(cell.value, (int, float)):
                continue
            width = ws.column_dimensions[cell.column_letter].width or 10
            for part in str(cell.value).split("\n"):
                lines = max(lines, -(-text_width(part) // max(1, int(width) - 1)))
        if lines > 1:
            ws.row_dimensions[r].height = 15 * lines


def widths(ws: Worksheet, sizes: Sequence[float]) -> None:
    """Set the columns' widths, from column A."""
    for c, w in enumerate(sizes, 1):
        ws.column_dimensions[get_column_letter(c)].width = w


def heading(ws: Worksheet, ctx: ReportContext, title: str, landscape: bool = False) -> None:
    """A sheet's title (and the draft note), printed on A4 one page wide."""
    ws["A1"] = title
    ws["A1"].font = TITLE
    if ctx.draft:
        ws["A2"] = text(ctx.lang)["draft_note"]
        ws["A2"].font = Font(bold=True, color="C00000")
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
