"""Reading filled 事業評価シート back from the report's XLSX (one sheet per project).

The sheet's rows move with the number of outcome indicators, so cells are found by their
labels in column A (事業費, 自己評価, 課題, 今後の方向性, 活動指標), not by fixed addresses.
Everything is validated by the same service that saves a sheet typed in the workspace.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from openpyxl import load_workbook

from ..core.calendar import YearParseError, parse_year
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


def read_sheet(ws: Any) -> SheetValues | list[Problem]:
    """One worksheet's values, or what is wrong with it (with the cell)."""
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
        if TITLE not in _label(ws["A1"].value):
            continue
        result = read_sheet(ws)
        if isinstance(result, list):
            problems += result
        elif result.fields["rating"] or result.fields["activities"]:
            found.append(result)  # an untouched sheet is not a submission
    if problems:
        raise InputError(problems, source)
    if not found:
        raise InputError([Problem(source, "記入された事業評価シートがありません")], source)
    return found
