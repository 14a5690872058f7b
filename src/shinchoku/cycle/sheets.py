"""Reading filled 事業評価シート back from the report's XLSX (one sheet per project).

Every input cell has a sheet-scoped defined name (core.sheet_cells), so cells are read by
name and an error names the sheet and cell (「事業評価03!F27（自己評価の理由）: …」).
Workbooks written before the names existed are read by the labels in column A (事業費,
自己評価, 課題, 今後の方向性, 活動指標), as they were. Everything is validated by the same
service that saves a sheet typed in the workspace.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook

from ..core.calendar import YearParseError, parse_year
from ..core.sheet_cells import CELLS, OUTPUT_CELLS, output_label, output_name
from ..ingest.errors import InputError, Problem

TITLE = "事業評価シート"
# The direction as the sheet's drop-down words it, and as the issue's five words.
DIRECTIONS = {
    "拡充": "expand",
    "継続": "continue",
    "改善": "improve",
    "改善・見直し": "improve",
    "見直し": "improve",
    "縮小": "reduce",
    "終了": "stop",
    "休止": "stop",
    "廃止": "stop",
    "休止・廃止": "stop",
    # The English edition's drop-down.
    "expand": "expand",
    "continue": "continue",
    "improve": "improve",
    "reduce": "reduce",
    "end": "stop",
    "stop": "stop",
}
ACTIVITY_ROWS = 3


@dataclass
class SheetValues:
    """What one filled sheet says about its project and year."""

    sheet: str
    project: int
    year: int
    fields: dict[str, Any]
    outputs: list[tuple[str, str, Any, Any]] = field(
        default_factory=list
    )  # name, unit, plan, actual
    # Where each value came from, for errors: field or ``output2.target`` → 「事業評価03!C12（…）」
    cells: dict[str, str] = field(default_factory=dict)
    previous: dict[str, Any] = field(default_factory=dict)  # budget_previous, settled_previous
    output_previous: list[Any] = field(default_factory=list)  # 前年度実績 per output row

    def where(self, key: str) -> str:
        """The cell a field was read from (the sheet if not known)."""
        return self.cells.get(key, f"[{self.sheet}]")

    @property
    def filled(self) -> bool:
        """Whether anything was written beyond what the report pre-fills (目的, names); a
        sheet without names counts, as before, once it has a rating or 取組内容."""
        if not self.cells:
            return bool(self.fields["rating"] or self.fields["activities"])
        typed = [v for k, v in self.fields.items() if k != "purpose"]
        typed += [v for o in self.outputs for v in o[2:]]
        return any(v not in (None, "") for v in typed)


def _label(value: Any) -> str:
    """A heading, code or choice, compared loosely (NFKC: Ｒ５ and R5 alike)."""
    return "" if value is None else unicodedata.normalize("NFKC", str(value)).strip()


def _text(value: Any) -> str:
    """Free text as the department wrote it: full-width （）／ stay full-width."""
    return "" if value is None else str(value).strip()


def _rows(ws: Any) -> dict[str, int]:
    """The row of each label in column A (the top cell of a merged label)."""
    found = {}
    for row in range(1, ws.max_row + 1):
        label = _label(ws.cell(row, 1).value)
        if label and label not in found:
            found[label] = row
    return found


def _named(ws: Any) -> SheetValues | list[Problem]:
    """A sheet with defined names: every input cell read by its name."""
    problems: list[Problem] = []
    cells: dict[str, str] = {}

    def read(key: str, name: str, label: str) -> Any:
        found = ws.defined_names.get(name)
        dests = list(found.destinations) if found is not None else []
        if len(dests) != 1 or dests[0][0] != ws.title:
            problems.append(Problem(ws.title, f"名前「{name}」（{label}）のセルがありません"))
            return None
        ref = dests[0][1].replace("$", "")
        cells[key] = f"{ws.title}!{ref}（{label}）"
        return ws[ref].value

    title = _label(ws["A1"].value)
    try:
        year = parse_year(title.split()[0].replace(TITLE, "")).year
    except (YearParseError, IndexError):
        return [Problem(f"{ws.title}!A1", f"見出しから年度が読めません: 「{title}」")]
    raw = {key: read(key, name, label) for key, (name, label) in CELLS.items()}
    outputs, before = [], []
    row = 1
    while output_name(row, "name") in ws.defined_names:
        got = {
            c: read(f"output{row}.{c}", output_name(row, c), output_label(row, c))
            for c in OUTPUT_CELLS
        }
        if _text(got["name"]) or any(got[c] not in (None, "") for c in ("target", "actual")):
            outputs.append((_text(got["name"]), _text(got["unit"]), got["target"], got["actual"]))
            before.append(got["previous"])
            cells[f"output{len(outputs)}"] = cells[f"output{row}.name"]
            for c in OUTPUT_CELLS:  # errors name the row as written
                cells[f"output{len(outputs)}.{c}"] = cells[f"output{row}.{c}"]
        row += 1
    if problems:
        return problems
    if not isinstance(raw["project"], int):
        return [Problem(cells["project"], "事業番号がありません（シートの枠を変えないでください）")]
    word = _label(raw["direction"])
    if word and word.lower() not in DIRECTIONS and word not in DIRECTIONS:
        problems.append(
            Problem(cells["direction"], f"「{word}」は今後の方向性の選択肢にありません")
        )
    if problems:
        return problems
    text_fields = ("purpose", "activities", "results", "reason", "issues", "direction_reason")
    return SheetValues(
        sheet=ws.title,
        project=raw["project"],
        year=year,
        fields={
            **{k: _text(raw[k]) for k in text_fields},
            "budget": raw["budget"],
            "settled": raw["settled"],
            "rating": _label(raw["rating"]).upper(),
            "direction": DIRECTIONS.get(word, DIRECTIONS.get(word.lower(), "")),
        },
        outputs=outputs,
        cells=cells,
        previous={k: raw[k] for k in ("budget_previous", "settled_previous")},
        output_previous=before,
    )


def read_sheet(ws: Any) -> SheetValues | list[Problem]:
    """One worksheet's values, or what is wrong with it (with the cell)."""
    if CELLS["project"][0] in ws.defined_names:
        return _named(ws)
    where = f"[{ws.title}]"
    problems: list[Problem] = []
    title = _label(ws["A1"].value)
    try:
        year = parse_year(title.split()[0].replace(TITLE, "")).year
    except (YearParseError, IndexError):
        return [Problem(f"{where} A1", f"見出しから年度が読めません: 「{title}」")]
    number = ws["B4"].value
    if not isinstance(number, int):
        return [Problem(f"{where} B4", "事業番号がありません（シートの枠を変えないでください）")]
    rows = _rows(ws)
    missing = [
        k for k in ("事業費", "自己評価", "課題", "今後の方向性", "活動指標") if k not in rows
    ]
    if missing:
        return [Problem(where, f"見出しが見つかりません: {'、'.join(missing)}")]
    cost, grade, issues, direction = (
        rows[k] for k in ("事業費", "自己評価", "課題", "今後の方向性")
    )
    word = _label(ws[f"B{direction}"].value)
    if word and word not in DIRECTIONS:
        problems.append(
            Problem(f"{where} B{direction}", f"「{word}」は今後の方向性の選択肢にありません")
        )
    outputs = []
    lines = []
    for r in range(rows["活動指標"] + 1, rows["活動指標"] + 1 + ACTIVITY_ROWS):
        name = _text(ws[f"B{r}"].value)
        if name:
            unit, plan, actual = _text(ws[f"C{r}"].value), ws[f"E{r}"].value, ws[f"F{r}"].value
            outputs.append((name, unit, plan, actual))
            lines.append(f"{name}: {actual if actual is not None else '—'}{unit}")
    comment = _text(ws[f"B{grade + 1}"].value)
    activities = "\n".join([*lines, comment] if comment else lines)
    if "取組内容" in rows:  # the labelled box of sheets written since the council papers
        activities = _text(ws[f"B{rows['取組内容']}"].value) or activities
    if problems:
        return problems
    return SheetValues(
        sheet=ws.title,
        project=number,
        year=year,
        fields={
            "activities": activities,
            "budget": ws[f"C{cost}"].value,
            "settled": ws[f"F{cost}"].value,
            "rating": _label(ws[f"C{grade}"].value).upper(),
            "reason": _text(ws[f"F{grade}"].value),
            "issues": _text(ws[f"B{issues}"].value),
            "direction": DIRECTIONS.get(word, ""),
            "purpose": _text(ws["B7"].value),
            "results": _text(ws[f"B{rows['成果']}"].value) if "成果" in rows else "",
            "direction_reason": _text(ws[f"B{direction + 1}"].value),
        },
        outputs=outputs,
    )


def read_workbook(data: bytes, source: str) -> list[SheetValues]:
    """Every 事業評価シート of a workbook that has been filled in; all problems at once."""
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as err:  # openpyxl raises many kinds for a damaged file
        raise InputError([Problem(source, f"XLSXとして開けません: {err}")], source) from None
    found, problems = [], []
    for ws in book.worksheets:
        if TITLE not in _label(ws["A1"].value) and CELLS["project"][0] not in ws.defined_names:
            continue
        result = read_sheet(ws)
        if isinstance(result, list):
            problems += result
        elif result.filled:
            found.append(result)  # an untouched sheet is not a submission
    if problems:
        raise InputError(problems, source)
    if not found:
        raise InputError([Problem(source, "記入された事業評価シートがありません")], source)
    return found
