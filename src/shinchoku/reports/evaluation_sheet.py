"""事業評価シート: the yearly project evaluation sheet, pre-filled for its owner to complete."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils.cell import absolute_coordinate, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from ..core.context import ProjectReport, ReportContext
from ..core.sheet_cells import CELLS, output_name
from . import rows
from .paper_strings import paper_text
from .strings import text

INPUT = PatternFill("solid", fgColor="FFF2CC")
LABEL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LAST_COL = "H"
ACTIVITY_ROWS = 3  # at least; one more row per output indicator beyond three
OUTPUT_COLUMNS = ("name", "unit", "previous", "target", "actual")  # columns B–F


def _box(ws, ref: str, fill: PatternFill | None = None) -> None:
    cells = ws[ref if ":" in ref else f"{ref}:{ref}"]
    for line in cells:
        for cell in line:
            cell.border = BOX
            if fill is not None:
                cell.fill = fill


def _label(ws, ref: str, value: str) -> None:
    first = ref.split(":")[0]
    if ":" in ref:
        ws.merge_cells(ref)
    ws[first] = value
    ws[first].font = Font(bold=True)
    ws[first].alignment = CENTER
    _box(ws, ref, LABEL)


def _value(ws, ref: str, value=None, fill: PatternFill | None = None, height: float = 0) -> None:
    first = ref.split(":")[0]
    if ":" in ref:
        ws.merge_cells(ref)
    ws[first] = value
    ws[first].alignment = WRAP
    _box(ws, ref, fill)
    if height:
        ws.row_dimensions[ws[first].row].height = height


def _name(ws, name: str, ref: str) -> None:
    """Give the cell at ``ref`` (the top-left of a merged box) a sheet-scoped defined name,
    so the importer finds it by name (cycle.sheets)."""
    cell = ws[ref.split(":")[0]]
    target = f"{quote_sheetname(ws.title)}!{absolute_coordinate(cell.coordinate)}"
    ws.defined_names[name] = DefinedName(name, attr_text=target)


def _input(ws, field: str, ref: str, value=None, **kwargs) -> None:
    """A yellow input box named after its sheet field (core.sheet_cells.CELLS)."""
    _value(ws, ref, value, fill=kwargs.pop("fill", INPUT), **kwargs)
    _name(ws, CELLS[field][0], ref)


def _height(text: str, width: float = 100, line: float = 15) -> float:
    """Row height for ``text`` wrapped in a box ``width`` characters wide (at least 2 lines)."""
    import unicodedata

    lines = 0
    for part in (text or "").split("\n"):
        w = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in part)
        lines += max(1, -(-w // int(width)))
    return line * max(2, lines) + 6


def add_evaluation_sheet(wb: Workbook, ctx: ReportContext, p: ProjectReport) -> None:
    """Add project ``p``'s evaluation sheet: facts filled in, the owner's cells in yellow;
    a submitted sheet (approved only, in a published edition) is filled with what was entered."""
    gap = rows.GAP[ctx.lang]  # 　 in Japanese, a space in English
    t, pt = text(ctx.lang), paper_text(ctx.lang)
    sheet = p.submission.sheet
    ws = wb.create_sheet(t["sheet_project"].format(n=p.number))
    for col, width in zip("ABCDEFGH", (16, 26, 9, 12, 12, 12, 12, 14), strict=True):
        ws.column_dimensions[col].width = width
    ws.merge_cells(f"A1:{LAST_COL}1")
    draft = ctx.draft and not (sheet and sheet.approved)
    ws["A1"] = f"{rows.ylabel(ctx, ctx.year)}{gap}{t['eval_sheet']}" + (
        rows.paren(ctx.lang, t["draft"]) if draft else ""
    )
    ws["A1"].font = Font(size=14, bold=True)
    ws["A2"] = t["ev_fill"]
    ws["A2"].font = Font(color="7F6000")

    measures = {m.code: m.title for pol in ctx.plan.policies for m in pol.measures}
    _label(ws, "A4", t["project"])
    _value(ws, "B4", p.number)
    _name(ws, CELLS["project"][0], "B4")
    _label(ws, "C4:D4", t["ev_measure"])
    _value(ws, f"E4:{LAST_COL}4", "、".join(f"{c} {measures.get(c, '')}" for c in p.measures))
    _label(ws, "A5", t["ev_name"])
    _value(ws, f"B5:{LAST_COL}5", p.title)
    ws["B5"].font = Font(size=12, bold=True)
    _label(ws, "A6", t["ev_owner"])
    _value(ws, "B6", p.lead)
    _label(ws, "C6:D6", t["partners"])
    _value(ws, f"E6:{LAST_COL}6", rows.org_text(ctx, p.partners))
    purpose = (sheet.purpose if sheet else "") or p.summary
    _label(ws, "A7", t["ev_purpose"])
    _input(ws, "purpose", f"B7:{LAST_COL}7", purpose, height=max(48, _height(purpose)))
    # 取組内容 and 成果: labelled boxes the owner fills in.
    for r, key, value in (
        (8, "activities", sheet.activities if sheet else None),
        (9, "results", sheet.results if sheet else None),
    ):
        _label(ws, f"A{r}", pt[key])
        _input(ws, key, f"B{r}:{LAST_COL}{r}", value, height=_height(value or ""))

    # 活動指標: what the project did, against its target (owner fills in); a row for each.
    r = 11
    outputs = list(sheet.outputs if sheet else ())
    n_act = max(ACTIVITY_ROWS, len(outputs))
    _label(ws, f"A{r}:A{r + n_act}", t["ev_activity"])
    heads = [t["ev_item"], t["ev_unit"], t["ev_prev"], t["ev_plan"], t["ev_actual"]]
    for col, h in zip("BCDEF", heads, strict=True):
        _label(ws, f"{col}{r}", h)
    _label(ws, f"G{r}:{LAST_COL}{r}", pt["out_attainment"])
    for k in range(1, n_act + 1):
        o = outputs[k - 1] if k <= len(outputs) else None
        values = [o.name, o.unit, o.previous, o.target, o.actual] if o else [None] * 5
        for col, v, key in zip("BCDEF", values, OUTPUT_COLUMNS, strict=True):
            _value(ws, f"{col}{r + k}", v, fill=INPUT)
            _name(ws, output_name(k, key), f"{col}{r + k}")
            if col in "DEF":
                ws[f"{col}{r + k}"].number_format = "#,##0.##"
        _value(ws, f"G{r + k}:{LAST_COL}{r + k}", o.attainment if o else None)
        ws[f"G{r + k}"].number_format = "0.0%"

    # 成果指標: the policy's evaluation indicators, with the report's figures.
    outcome = [ir for ir in ctx.indicators if p.number in ir.projects]
    r = 11 + n_act + 2
    n_out = max(1, len(outcome))
    _label(ws, f"A{r}:A{r + n_out}", t["ev_outcome"])
    y = rows.short_year(ctx, ctx.year)
    heads = [t["ev_item"], t["ev_unit"], t["baseline"], t["target_of"].format(year=y), t["latest"]]
    for col, h in zip("BCDEF", heads, strict=True):
        _label(ws, f"{col}{r}", h)
    _label(ws, f"G{r}:{LAST_COL}{r}", t["latest_year"])
    for k, ir in enumerate(outcome, 1):
        ev, ind = ir.evaluation, ir.indicator
        fmt = "#,##0" + ("." + "0" * rows.decimals(ind) if rows.decimals(ind) else "")
        values = [
            ind.name,
            ind.unit,
            float(ind.baseline.value),
            ev.target,
            float(ev.latest.value) if ev.latest else None,
        ]
        for col, v in zip("BCDEF", values, strict=True):
            _value(ws, f"{col}{r + k}", v)
            if col in "DEF":
                ws[f"{col}{r + k}"].number_format = fmt
        _value(ws, f"G{r + k}:{LAST_COL}{r + k}", ir.lag)
        ws.row_dimensions[r + k].height = 30

    # 事業費 (千円), 自己評価, 課題, 今後の方向性.
    r = r + n_out + 2
    _label(ws, f"A{r}:A{r + 1}", t["ev_cost"])
    _label(ws, f"B{r}", t["ev_budget"])
    _input(ws, "budget", f"C{r}:D{r}", sheet.budget if sheet else None)
    _label(ws, f"E{r}", t["ev_settled"])
    _input(ws, "settled", f"F{r}:{LAST_COL}{r}", sheet.settled if sheet else None)
    # The year before's budget and settlement, from last year's sheet: named so the import
    # checks them against it, not yellow (they are not typed here).
    _label(ws, f"B{r + 1}", pt["budget_previous"])
    before = (sheet.budget_previous, sheet.settled_previous) if sheet else (None, None)
    _input(ws, "budget_previous", f"C{r + 1}:D{r + 1}", before[0], fill=None)
    _label(ws, f"E{r + 1}", pt["settled_previous"])
    _input(ws, "settled_previous", f"F{r + 1}:{LAST_COL}{r + 1}", before[1], fill=None)
    ws.row_dimensions[r + 1].height = 30
    for ref in (f"C{r}", f"F{r}", f"C{r + 1}", f"F{r + 1}"):
        ws[ref].number_format = "#,##0"
    r += 3
    _label(ws, f"A{r}", t["ev_self"])
    _label(ws, f"B{r}", t["ev_grade"])
    _input(ws, "rating", f"C{r}", sheet.rating if sheet else None)
    grades = DataValidation(type="list", formula1='"A,B,C,D"', allow_blank=True)
    ws.add_data_validation(grades)
    grades.add(f"C{r}")
    _label(ws, f"D{r}:E{r}", t["ev_reason"])
    reason = sheet.reason if sheet else None
    _input(ws, "reason", f"F{r}:{LAST_COL}{r}", reason, height=max(60, _height(reason or "", 40)))
    r += 2
    _label(ws, f"A{r}", t["ev_issues"])
    issues = sheet.issues if sheet else ""
    _input(ws, "issues", f"B{r}:{LAST_COL}{r}", issues or None, height=max(60, _height(issues)))
    r += 2
    _label(ws, f"A{r}:A{r + 1}", t["ev_direction"])
    _input(ws, "direction", f"B{r}:C{r}", sheet.direction if sheet else None)
    choices = t["ev_choice"].replace("／", ",").replace(" / ", ",")
    direction = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    ws.add_data_validation(direction)
    direction.add(f"B{r}")
    _value(ws, f"D{r}:{LAST_COL}{r}", t["ev_choice"])
    why = sheet.direction_reason if sheet else ""
    _label(ws, f"B{r + 1}", pt["direction_reason"])
    _input(ws, "direction_reason", f"C{r + 1}:{LAST_COL}{r + 1}", why or None)
    ws.row_dimensions[r + 1].height = max(60, _height(why, 80))
    # The secretariat's comment (written when it approves the sheet).
    r += 2
    _label(ws, f"A{r}", pt["comment"])
    comment = sheet.comment if sheet else ""
    _value(ws, f"B{r}:{LAST_COL}{r}", comment or None, height=max(40, _height(comment)))
    r -= 1  # the print area below ends at r + 1

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = f"A1:{LAST_COL}{r + 1}"
    for n in range(4, r + 2):
        if ws.row_dimensions[n].height is None:
            ws.row_dimensions[n].height = 20
