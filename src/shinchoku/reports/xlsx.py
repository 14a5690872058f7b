"""The report as an Excel workbook: a sheet per section, real tables, native charts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ..core.context import IndicatorReport, ReportContext
from ..core.formatting import cell_number
from ..core.papers import split_at_gaps
from ..exports import workbook_bytes
from . import compact, rows, xlsx_papers
from .evaluation_sheet import add_evaluation_sheet
from .reproducible import fix_package
from .strings import GLOSSARY, text
from .xlsx_cells import fit_rows, heading, number_format, text_width, widths

BOLD = Font(bold=True)
DRAFT = Font(size=20, bold=True, color="C00000")
WRAP = Alignment(wrap_text=True, vertical="top")
THIN = Side(style="thin", color="C9CED4")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="EEF1F5")
LINE_HEIGHT = 18  # points per wrapped line of Japanese text at 11 pt
FREEZE_MAX = 8  # freeze panes below a table header only when it starts this high up
CHART_ROWS = 18  # rows the chart covers (8 cm at the default row height)
COLORS = {"path": "7A8A99", "actual": "1F4E79", "trend": "C55A11", "superseded": "9AA5B1"}


DOT = {"ja": "・", "en": ", "}  # joins two labels in a header
TILDE = {"ja": "〜", "en": "–"}  # a span of years: 2022〜 / 2022–


# A date stays a date cell; Japanese shows it in 和暦 (令和6年3月29日). `[$-411]` with ggge is
# what LibreOffice renders as an era too (the `-x-gannen` locale tag it shows as a serial).
DATE_FORMAT = {"ja": '[$-411]ggge"年"m"月"d"日"', "en": "yyyy-mm-dd"}


class _Tables:
    """Unique Excel table names within one workbook."""

    def __init__(self) -> None:
        self.n = 0

    def add(
        self, ws: Worksheet, headers: Sequence[str], data: Sequence[Sequence[Any]], row: int
    ) -> int:
        """Write a header and rows at ``row`` as an Excel table; return the next free row."""
        for c, h in enumerate(headers, 1):
            ws.cell(row, c, h)
        body = list(data) or [[None] * len(headers)]
        for r, values in enumerate(body, row + 1):
            for c, v in enumerate(values, 1):
                cell = ws.cell(r, c, v)
                cell.alignment = WRAP
        self.n += 1
        ref = f"A{row}:{get_column_letter(len(headers))}{row + len(body)}"
        table = Table(displayName=f"Table{self.n}", ref=ref)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
        ws.add_table(table)
        return row + len(body) + 2


def _cover(wb: Workbook, ctx: ReportContext) -> None:
    t = text(ctx.lang)
    ws = wb.active
    ws.title = t["sheet_cover"]
    heading(ws, ctx, ctx.plan.title)
    ws["A4"] = rows.title(ctx)
    ws["A4"].font = Font(size=16, bold=True)
    if ctx.draft:
        ws["D4"] = t["draft"]
        ws["D4"].font = DRAFT
        ws["D4"].border = Border(*(Side(style="medium", color="C00000"),) * 4)
        ws["D4"].alignment = Alignment(horizontal="center")
    for r, (label, value) in enumerate(rows.cover_fields(ctx), 6):
        ws.cell(r, 1, label).font = BOLD
        ws.cell(r, 2, value)
    widths(ws, [18, 60, 4, 10])
    xlsx_papers.cover(ws, ctx, 6 + len(rows.cover_fields(ctx)))


def _summary(wb: Workbook, ctx: ReportContext, tables: _Tables) -> None:
    gap = rows.GAP[ctx.lang]  # 　 in Japanese, a space in English
    t = text(ctx.lang)
    ws = wb.create_sheet(t["sheet_summary"])
    heading(ws, ctx, f"{rows.title(ctx)}{gap}{t['summary']}", landscape=True)
    headers = [
        t["indicator"],
        t["unit"],
        t["baseline"],
        f"{t['baseline']}{DOT[ctx.lang]}{t['year_col']}",
        t["latest"],
        t["latest_year"],
        t["line"],
        t["line_source"],
        t["progress"],
        t["attainment"],
        t["rating"],
        t["final"],
        t["projection_plain"],
        t["course"],
    ]
    summary = rows.summary_rows(ctx)
    caveats = rows.caveat_lines(ctx)
    lead: list[list[str]] = [[] for _ in summary]  # the compact report's 基本方針 column
    if ctx.compact:  # by basic policy, as the tables of the other formats
        groups = compact.groups(ctx)
        summary = [r for g in groups for r in g.rows]
        lead = [[g.label] for g in groups for _ in g.rows]
        caveats = [c for g in groups for c in g.caveats]
        headers.insert(0, t["policy_col"])
    data = [
        [
            *first,
            r.name,
            r.unit,
            r.baseline,
            r.baseline_year,
            r.latest,
            r.latest_year or rows.DASH,
            r.line,
            r.line_source or rows.DASH,
            cell_number(r.progress, 1, share=True),  # 0, not −0.0004 (Excel: −0.0%)
            cell_number(r.attainment, 1, share=True),
            r.rating,
            r.final,
            cell_number(r.projection, r.places),
            r.course,
        ]
        for first, r in zip(lead, summary, strict=True)
    ]
    start, shift = 4, 1 if ctx.compact else 0
    after = tables.add(ws, headers, data, start)
    for n, r in enumerate(summary, start + 1):
        # Excel's number formats round half away from zero: the same as core.formatting.
        for col in (3, 5, 7, 12, 13):
            ws.cell(n, col + shift).number_format = number_format(r.places)
        for col in (9, 10):
            ws.cell(n, col + shift).number_format = "0.0%"
    for k, caveat in enumerate(caveats):
        ws.cell(after + k, 1, caveat).font = Font(color="A31515")
    after += len(caveats)
    ws.cell(after, 1, rows.counts_text(ctx)).font = BOLD
    widths(ws, [24] * shift + [22, 8, 11, 11, 11, 11, 11, 24, 10, 10, 14, 11, 11, 14])
    fit_rows(ws, start, start + len(data))
    if ctx.compact:
        ws = wb.create_sheet(t["policy_tally"][:31])
        heading(ws, ctx, t["policy_tally"])
        tally = [[r[0], *map(int, r[1:])] for r in compact.tally_rows(ctx)]
        tables.add(ws, compact.tally_headers(ctx), tally, 4)
        widths(ws, [36] + [12] * (len(tally[0]) - 1))
    ws = wb.create_sheet(t["sheet_legend"])
    heading(ws, ctx, t["legend_rating"])
    legend = [[rows.legend_code(r), r.rule, r.count] for r in ctx.rating_legend]
    tables.add(ws, [t["legend_rating"], t["rule"], t["count"]], legend, 4)
    widths(ws, [20, 40, 10])


def _chart_rows(ctx: ReportContext, ir: IndicatorReport) -> tuple[list[str], list[list[Any]]]:
    """Chart data: one row per year, a column per line (actuals split at breaks)."""
    t = text(ctx.lang)
    unit = ir.indicator.unit
    final = ir.indicator.horizon(ctx.plan.period.end)
    # A series per run of consecutive years: the chart spans blanks within a series only,
    # so no line crosses a series break or years without data.
    at = {p.year: p.value for p in ir.actuals}
    runs = split_at_gaps(at, [b.year for b in ir.breaks]) or [[]]
    segments = [{y: at[y] for y in run} for run in runs]
    path = {p.year: p.value for p in ir.path}
    trend = {p.year: p.value for p in ir.projection_line}
    old = {p.year: p.value for p in ir.superseded_in_scale}
    headers = [t["year_col"], t["chart_path"] + rows.paren(ctx.lang, unit)]
    after_break = t["chart_break"]
    crossed = [sum(r[0] >= b.year for b in ir.breaks) for r in runs if r]
    dot = DOT[ctx.lang]
    headers += [
        t["chart_actual"] + rows.paren(ctx.lang, unit)
        if n == 0
        else f"{t['chart_actual']}{dot}{after_break}{crossed[n]}" + rows.paren(ctx.lang, unit)
        if crossed[n] != crossed[n - 1]
        else f"{t['chart_actual']}{dot}{rows.short_year(ctx, min(segments[n]))}{TILDE[ctx.lang]}"
        + rows.paren(ctx.lang, unit)
        for n in range(len(segments))
    ]
    headers += [t[k] + rows.paren(ctx.lang, unit) for k in ("chart_superseded", "chart_trend")]
    data = []
    for year in range(ir.chart_start, final + 1):
        data.append(
            [rows.short_year(ctx, year), path.get(year)]
            + [seg.get(year) for seg in segments]
            + [old.get(year), trend.get(year)]
        )
    return headers, data


def _chart(
    ws: Worksheet, ctx: ReportContext, ir: IndicatorReport, top: int, n_rows: int, anchor: str
) -> None:
    """A native line chart of the data table at ``top``, placed at ``anchor``."""
    chart = LineChart()
    chart.title = text(ctx.lang)["chart"].format(name=ir.indicator.name)
    chart.y_axis.title = ir.indicator.unit
    chart.y_axis.numFmt = "#,##0"
    chart.display_blanks = "span"
    chart.height, chart.width = 8.0, 18.0
    last_col = 1
    while ws.cell(top, last_col + 1).value:
        last_col += 1
    data = Reference(ws, min_col=2, max_col=last_col, min_row=top, max_row=top + n_rows)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=top + n_rows))
    for n, series in enumerate(chart.series):
        title = ws.cell(top, n + 2).value or ""
        t = text(ctx.lang)
        kind = (
            "path"
            if title.startswith(t["chart_path"])
            else "trend"
            if title.startswith(t["chart_trend"])
            else "superseded"
            if title.startswith(t["chart_superseded"])
            else "actual"
        )
        series.smooth = False
        series.marker.symbol = "circle" if kind != "path" else "square"
        series.marker.size = 6 if kind == "actual" else 5
        series.graphicalProperties.line.solidFill = COLORS[kind]
        series.marker.graphicalProperties.solidFill = COLORS[kind]
        series.marker.graphicalProperties.line.solidFill = COLORS[kind]
        series.graphicalProperties.line.width = 25400 if kind == "actual" else 15875
        if kind == "path":
            series.graphicalProperties.line.dashStyle = "dash"
        if kind == "trend":
            series.graphicalProperties.line.dashStyle = "sysDot"
        if kind == "superseded":
            series.graphicalProperties.line.noFill = True
            series.marker.graphicalProperties.solidFill = "FFFFFF"
    ws.add_chart(chart, anchor)


def _figures(ctx: ReportContext, ir: IndicatorReport) -> list[tuple[str, Any, str, str]]:
    """The evaluation as label, number (or text), note, number format."""
    t = text(ctx.lang)
    ev, ind, v = ir.evaluation, ir.indicator, ir.verdict
    p = rows.decimals(ind)
    fmt = number_format(p)
    latest = ev.latest
    final = None if ind.monitoring else ind.final_target  # a monitoring indicator has none
    end = ind.horizon(ctx.plan.period.end)
    return [
        (t["rating"], v.label, v.rating_text, "General"),
        (t["course"], rows.course_text(ctx, ir), v.outlook_text, "General"),
        (t["baseline"], float(ind.baseline.value), rows.ylabel(ctx, ind.baseline.year, ind), fmt),
        (
            t["latest"],
            float(latest.value) if latest else None,
            rows.ylabel(ctx, latest.year, ind) if latest else rows.DASH,
            fmt,
        ),
        (t["line"], ev.expected, v.line_text, fmt),
        (t["progress"], cell_number(ev.progress, 1, share=True), "", "0.0%"),
        (t["attainment"], cell_number(ev.attainment, 1, share=True), "", "0.0%"),
        (
            t["final"],
            None if final is None else float(final.value),
            rows.DASH if final is None else rows.ylabel(ctx, final.year, ind),
            fmt,
        ),
        (
            t["projection"].format(year=rows.ylabel(ctx, end, ind)),
            cell_number(ev.projection.value, p) if ev.projection else None,
            ind.unit,
            fmt,
        ),
    ]


def _indicator(
    wb: Workbook, ctx: ReportContext, n: int, ir: IndicatorReport, tables: _Tables
) -> None:
    gap = rows.GAP[ctx.lang]  # 　 in Japanese, a space in English
    t = text(ctx.lang)
    ind = ir.indicator
    ws = wb.create_sheet(f"{n} {ind.name}"[:31])
    heading(ws, ctx, f"{n}{gap}{ind.name}" + rows.paren(ctx.lang, ind.unit))
    ws["A3"] = ir.lag
    ws["A3"].font = BOLD
    ws["A4"] = " ".join(x for x in (rows.break_text(ctx, ir), ir.verdict.note) if x) or None
    row = 5
    for label, value, note, fmt in _figures(ctx, ir):
        ws.cell(row, 1, label).font = BOLD
        ws.cell(row, 2, value).number_format = fmt
        ws.cell(row, 3, note)
        row += 1
    if ir.commentary:
        ws.cell(row + 1, 1, t["commentary"]).font = BOLD
        ws.cell(row + 1, 2, ir.commentary).alignment = WRAP
        row += 2
    chart_at = row + 1
    headers, data = _chart_rows(ctx, ir)
    top = chart_at + CHART_ROWS
    after = tables.add(ws, headers, data, top)
    fmt = number_format(rows.decimals(ind))
    for r in range(top + 1, top + 1 + len(data)):
        for c in range(2, len(headers) + 1):
            ws.cell(r, c).number_format = fmt
    _chart(ws, ctx, ir, top, len(data), f"A{chart_at}")
    row = after
    ws.cell(row, 1, t["values"]).font = BOLD
    vheaders = rows.revision_headers(ctx, ir)
    vdata = []
    for r, cells in zip(ir.revisions, rows.revision_cells(ctx, ir), strict=True):
        o = r.observation
        vdata.append(
            [cells[0], float(o.value), o.source, o.edition or None, o.published_on, cells[5]]
        )
    start = row + 1
    after = tables.add(ws, vheaders, vdata, start)
    widths(ws, [20, 16, 40, 14, 16, 16, 14])
    fit_rows(ws, start, start + len(vdata))
    for r in range(start + 1, start + 1 + len(vdata)):
        ws.cell(r, 2).number_format = fmt
        ws.cell(r, 5).number_format = DATE_FORMAT[ctx.lang]
    xlsx_papers.year_table(ws, ctx, ir, tables, after)


def _policies(wb: Workbook, ctx: ReportContext, tables: _Tables) -> None:
    gap = rows.GAP[ctx.lang]  # 　 in Japanese, a space in English
    t = text(ctx.lang)
    for pol in ctx.policies:
        ws = wb.create_sheet(t["sheet_policy"].format(n=pol.code))
        heading(ws, ctx, f"{t['policy_n'].format(n=pol.code)}{gap}{pol.title}", landscape=True)
        ws["A3"] = pol.summary
        ws["A3"].alignment = WRAP
        ws.merge_cells("A3:I3")
        ws.row_dimensions[3].height = 45
        headers = [
            t["measure"],
            t["project"],
            t["ev_name"],
            t["lead"],
            t["partners"],
            t["summary_text"],
            t["activities"],
            t["outputs"],
            t["self_evaluation"],
        ]
        data = []
        for m in pol.measures:
            for p in m.projects or [None]:
                if p is None:
                    data.append(
                        [f"{m.code} {m.title}", None, rows.DASH, None, None, None, None, None, None]
                    )
                    continue
                s = p.submission
                data.append(
                    [
                        f"{m.code} {m.title}",
                        p.number,
                        p.title,
                        p.lead,
                        rows.org_text(ctx, p.partners),
                        p.summary,
                        s.activities,
                        s.outputs,
                        s.self_evaluation,
                    ]
                )
        tables.add(ws, headers, data, 5)
        widths(ws, [24, 8, 26, 12, 22, 50, 12, 12, 12])
        fit_rows(ws, 5, 5 + len(data))


def _appendix(wb: Workbook, ctx: ReportContext, tables: _Tables) -> None:
    t = text(ctx.lang)
    xlsx_papers.measures_sheet(wb, ctx, tables)
    xlsx_papers.council_sheet(wb, ctx, tables)
    for key, data, headers in (
        ("sheet_method", ctx.method, [t["term"], t["meaning"]]),
        (
            "sheet_sources",
            rows.source_rows(ctx),
            [t["indicator"], t["statistic"], t["baseline_source"], t["used_sources"]],
        ),
        ("sheet_glossary", GLOSSARY[ctx.lang], [t["term"], t["meaning"]]),
    ):
        ws = wb.create_sheet(t[key])
        heading(ws, ctx, t[key.removeprefix("sheet_")])
        tables.add(ws, headers, [list(r) for r in data], 4)
        widths(ws, [22, 40, 40, 60] if key == "sheet_sources" else [22, 90])
        fit_rows(ws, 4, 4 + len(data))


def _table_rows(ws: Worksheet) -> set[int]:
    """The rows the sheet's Excel tables cover."""
    covered: set[int] = set()
    for table in ws.tables.values():
        _, top, _, bottom = range_boundaries(table.ref)
        covered.update(range(top, bottom + 1))
    return covered


def _notes_fit(ws: Worksheet, last_col: int) -> None:
    """A note alone in column A (draft note, data lag, break note) is merged across the
    printed columns and wrapped, so it never widens the printed page."""
    skip = _table_rows(ws) | {r.min_row for r in ws.merged_cells.ranges} | {1}
    letters = [get_column_letter(c) for c in range(1, last_col + 1)]
    width = sum(ws.column_dimensions[x].width or 10 for x in letters)
    for row in ws.iter_rows(min_col=1, max_col=last_col):
        note = row[0].value
        if row[0].row in skip or not isinstance(note, str) or any(c.value for c in row[1:]):
            continue
        if text_width(note) <= (ws.column_dimensions["A"].width or 10):
            continue
        ws.merge_cells(
            start_row=row[0].row, start_column=1, end_row=row[0].row, end_column=last_col
        )
        row[0].alignment = WRAP
        lines = sum(-(-text_width(part) // max(1, int(width) - 2)) for part in note.split("\n"))
        ws.row_dimensions[row[0].row].height = LINE_HEIGHT * max(1, lines)


def _print_ready(ws: Worksheet) -> None:
    """Every section sheet prints on A4 as handed to the council: the used columns as the
    print area, fitted to the page width, the first table's header frozen on screen and
    repeated on each printed page, long notes wrapped inside the printed width. (The
    事業評価シート forms set their own print area and are left as they are.)"""
    if ws.print_area:
        return
    last_col = ws.max_column
    _notes_fit(ws, last_col)
    ws.print_area = f"A1:{get_column_letter(last_col)}{ws.max_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    header = min((range_boundaries(t.ref)[1] for t in ws.tables.values()), default=1)
    if header > FREEZE_MAX:  # a table below a chart: keep just the sheet's title in view
        header = 1
    ws.freeze_panes = f"A{header + 1}"
    ws.print_title_rows = f"{header}:{header}"


def render(ctx: ReportContext) -> bytes:
    """The workbook as XLSX bytes."""
    tables = _Tables()
    wb = Workbook()
    _cover(wb, ctx)
    _summary(wb, ctx, tables)
    for n, ir in enumerate(() if ctx.compact else ctx.indicators, 1):  # a sheet each
        _indicator(wb, ctx, n, ir, tables)
    _policies(wb, ctx, tables)
    _appendix(wb, ctx, tables)
    for p in ctx.projects:
        add_evaluation_sheet(wb, ctx, p)
    for ws in wb.worksheets:
        _print_ready(ws)
    wb.properties.title = rows.title(ctx)
    wb.properties.creator = ctx.plan.municipality
    wb.properties.language = ctx.lang
    return fix_package(workbook_bytes(wb))
