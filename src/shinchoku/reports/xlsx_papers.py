"""The council papers' added parts in the workbook: meeting and 総括 on the cover, the
multi-year table under each indicator, a sheet of measures, the follow-up of opinions."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from ..core.context import IndicatorReport, ReportContext
from . import paper_rows, rows
from .paper_strings import paper_text
from .strings import text
from .xlsx_cells import fit_rows, heading, number_format, widths

BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
LINE_HEIGHT = 15


def _lines(value: Any, width: float) -> int:
    """Lines a wrapped text needs in a column ``width`` characters wide (wide chars count 2)."""
    import unicodedata

    count = 0
    for part in str(value or "").split("\n"):
        w = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in part)
        count += max(1, -(-w // max(1, int(width) - 1)))
    return count


def cover(ws: Worksheet, ctx: ReportContext, row: int) -> None:
    """Meeting, date and 資料番号 below the cover's fields, then the 総括."""
    p = paper_text(ctx.lang)
    if number := paper_rows.document_number(ctx):
        ws["D1"] = number
        ws["D1"].font = Font(size=14, bold=True)
        ws["D1"].alignment = Alignment(horizontal="right")
    for label, value in paper_rows.meeting_fields(ctx):
        ws.cell(row, 1, label).font = BOLD
        ws.cell(row, 2, value)
        row += 1
    overview = paper_rows.overview_paragraphs(ctx)
    if overview:
        row += 1
        ws.cell(row, 1, p["overview"]).font = BOLD
        body = "\n".join(overview)
        cell = ws.cell(row, 2, body)
        cell.alignment = WRAP
        ws.row_dimensions[row].height = LINE_HEIGHT * _lines(body, 60)


def year_table(
    ws: Worksheet, ctx: ReportContext, ir: IndicatorReport, tables: Any, row: int
) -> int:
    """The multi-year table at ``row``, a row per year (基準値 first, the final target last)
    so that it fits the sheet's printed width; numbers with their formats. The next free row."""
    p = paper_text(ctx.lang)
    ws.cell(row, 1, f"{p['years']}　{paper_rows.rating_change(ctx, ir)}").font = BOLD
    headers = [
        text(ctx.lang)["year_col"],
        p["row_line"],
        p["row_actual"],
        p["row_attainment"],
        p["row_rating"],
    ]
    ind = ir.indicator
    base = float(ind.baseline.value)
    years = paper_rows.year_headers(ctx, ir)[1:]
    data = [[years[0], base, base, None, None]]
    data += [
        [label, c.line, c.actual, c.attainment, c.rating or None]
        for label, c in zip(years[1:], ir.years, strict=True)
    ]
    top = row + 1
    after = tables.add(ws, headers, data, top)
    fmt = number_format(rows.decimals(ind))
    for r in range(top + 1, top + 1 + len(data)):
        ws.cell(r, 2).number_format = fmt
        ws.cell(r, 3).number_format = fmt
        ws.cell(r, 4).number_format = "0.0%"
    return after


def measures_sheet(wb: Workbook, ctx: ReportContext, tables: Any) -> None:
    """One row per measure: indicators, projects with rating and direction, the review."""
    t, p = text(ctx.lang), paper_text(ctx.lang)
    ws = wb.create_sheet(p["sheet_measures"])
    heading(ws, ctx, p["sheet_measures"], landscape=True)
    headers = [
        t["measure"],
        p["measure_indicators"],
        p["measure_projects"],
        p["review_evaluation"],
        p["review_issues"],
        p["review_direction"],
    ]
    data = []
    for pol in ctx.policies:
        for m in pol.measures:
            projects = "\n".join(
                "　".join(x for x in (r[0], r[1], r[3]) if x and x != rows.DASH)
                for r in paper_rows.measure_project_rows(ctx, m)
            )
            review = {label: value for label, value, _ in paper_rows.review_rows(ctx, m)}
            data.append(
                [
                    f"{m.code} {m.title}",
                    paper_rows.measure_indicator_text(ctx, m),
                    projects or rows.DASH,
                    review[p["review_evaluation"]],
                    review[p["review_issues"]],
                    review[p["review_direction"]],
                ]
            )
    tables.add(ws, headers, data, 4)
    widths(ws, [26, 16, 44, 36, 30, 30])
    fit_rows(ws, 4, 4 + len(data))


def council_sheet(wb: Workbook, ctx: ReportContext, tables: Any) -> None:
    """The Act step: last year's opinions with response and state, then this year's."""
    t, p = text(ctx.lang), paper_text(ctx.lang)
    ws = wb.create_sheet(t["sheet_council"])
    heading(ws, ctx, t["council"], landscape=True)
    headers = paper_rows.follow_up_headers(ctx)
    ws["A4"] = f"4.1　{p['follow_ups']}"
    ws["A4"].font = BOLD
    follow = paper_rows.opinion_rows(ctx, ctx.follow_ups)
    after = tables.add(ws, headers, follow, 5)
    if not follow:
        ws.cell(6, 1, p["follow_ups_empty"])
    ws.cell(after, 1, f"4.2　{p['current_opinions']}").font = BOLD
    current = paper_rows.opinion_rows(ctx, ctx.current_opinions)
    tables.add(ws, headers, current, after + 1)
    if not current:
        ws.cell(after + 2, 1, t["council_empty"])
    widths(ws, [12, 30, 40, 40, 12, 30])
    fit_rows(ws, 5, after + 2 + max(1, len(current)))
