"""事業評価シート: the yearly project evaluation sheet, pre-filled for its owner to complete."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

from ..core.context import ProjectReport, ReportContext
from . import rows
from .strings import text

INPUT = PatternFill("solid", fgColor="FFF2CC")
LABEL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LAST_COL = "H"
ACTIVITY_ROWS = 3


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


def add_evaluation_sheet(wb: Workbook, ctx: ReportContext, p: ProjectReport) -> None:
    """Add project ``p``'s evaluation sheet: facts filled in, the owner's cells in yellow."""
    gap = rows.GAP[ctx.lang]  # 　 in Japanese, a space in English
    t = text(ctx.lang)
    ws = wb.create_sheet(t["sheet_project"].format(n=p.number))
    for col, width in zip("ABCDEFGH", (16, 26, 9, 12, 12, 12, 12, 14), strict=True):
        ws.column_dimensions[col].width = width
    ws.merge_cells(f"A1:{LAST_COL}1")
    ws["A1"] = f"{rows.ylabel(ctx, ctx.year)}{gap}{t['eval_sheet']}" + (
        rows.paren(ctx.lang, t["draft"]) if ctx.draft else ""
    )
    ws["A1"].font = Font(size=14, bold=True)
    ws["A2"] = t["ev_fill"]
    ws["A2"].font = Font(color="7F6000")

    measures = {m.code: m.title for pol in ctx.plan.policies for m in pol.measures}
    _label(ws, "A4", t["project"])
    _value(ws, "B4", p.number)
    _label(ws, "C4:D4", t["ev_measure"])
    _value(ws, f"E4:{LAST_COL}4", "、".join(f"{c} {measures.get(c, '')}" for c in p.measures))
    _label(ws, "A5", t["ev_name"])
    _value(ws, f"B5:{LAST_COL}5", p.title)
    ws["B5"].font = Font(size=12, bold=True)
    _label(ws, "A6", t["ev_owner"])
    _value(ws, "B6", p.lead)
    _label(ws, "C6:D6", t["partners"])
    _value(ws, f"E6:{LAST_COL}6", rows.org_text(ctx, p.partners))
    _label(ws, "A7", t["ev_purpose"])
    _value(ws, f"B7:{LAST_COL}7", p.summary, height=48)

    # 活動指標: what the project did (owner fills in).
    r = 9
    _label(ws, f"A{r}:A{r + ACTIVITY_ROWS}", t["ev_activity"])
    heads = [t["ev_item"], t["ev_unit"], t["ev_prev"], t["ev_plan"], t["ev_actual"]]
    for col, h in zip("BCDEF", heads, strict=True):
        _label(ws, f"{col}{r}", h)
    _label(ws, f"G{r}:{LAST_COL}{r}", t["ev_reason"])
    for k in range(1, ACTIVITY_ROWS + 1):
        for col in "BCDEF":
            _value(ws, f"{col}{r + k}", fill=INPUT)
            if col in "DEF":
                ws[f"{col}{r + k}"].number_format = "#,##0.##"
        _value(ws, f"G{r + k}:{LAST_COL}{r + k}", fill=INPUT)

    # 成果指標: the policy's evaluation indicators, with the report's figures.
    outcome = [ir for ir in ctx.indicators if p.number in ir.projects]
    r = 9 + ACTIVITY_ROWS + 2
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
    _label(ws, f"A{r}", t["ev_cost"])
    _label(ws, f"B{r}", t["ev_budget"])
    _value(ws, f"C{r}:D{r}", fill=INPUT)
    _label(ws, f"E{r}", t["ev_settled"])
    _value(ws, f"F{r}:{LAST_COL}{r}", fill=INPUT)
    for ref in (f"C{r}", f"F{r}"):
        ws[ref].number_format = "#,##0"
    r += 2
    _label(ws, f"A{r}:A{r + 1}", t["ev_self"])
    _label(ws, f"B{r}", t["ev_grade"])
    _value(ws, f"C{r}", fill=INPUT)
    grades = DataValidation(type="list", formula1='"A,B,C,D"', allow_blank=True)
    ws.add_data_validation(grades)
    grades.add(f"C{r}")
    _label(ws, f"D{r}:E{r}", t["ev_reason"])
    _value(ws, f"F{r}:{LAST_COL}{r}", fill=INPUT)
    _value(ws, f"B{r + 1}:{LAST_COL}{r + 1}", fill=INPUT, height=60)
    r += 3
    _label(ws, f"A{r}", t["ev_issues"])
    _value(ws, f"B{r}:{LAST_COL}{r}", fill=INPUT, height=60)
    r += 2
    _label(ws, f"A{r}:A{r + 1}", t["ev_direction"])
    _value(ws, f"B{r}:C{r}", fill=INPUT)
    choices = t["ev_choice"].replace("／", ",").replace(" / ", ",")
    direction = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    ws.add_data_validation(direction)
    direction.add(f"B{r}")
    _value(ws, f"D{r}:{LAST_COL}{r}", t["ev_choice"])
    _value(ws, f"B{r + 1}:{LAST_COL}{r + 1}", fill=INPUT, height=60)

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_area = f"A1:{LAST_COL}{r + 1}"
    for n in range(4, r + 2):
        if ws.row_dimensions[n].height is None:
            ws.row_dimensions[n].height = 20
