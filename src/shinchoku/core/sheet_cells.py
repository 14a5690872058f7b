"""The input cells of the XLSX 事業評価シート, by defined name: one list for writer and reader.

Each input cell carries a sheet-scoped defined name (``ev_purpose`` …), so a filled sheet
imports back by name whatever rows were added or moved; the label says which cell an error
is about (「事業評価03!F27（評価の理由）: …」).
"""

from __future__ import annotations

# Sheet field (cycle.models.SHEET_FIELDS, plus the project number and the year before's
# money) → (defined name, label in errors).
CELLS: dict[str, tuple[str, str]] = {
    "project": ("ev_project", "事業番号"),
    "purpose": ("ev_purpose", "目的"),
    "activities": ("ev_activities", "取組内容"),
    "results": ("ev_results", "成果"),
    "budget": ("ev_budget", "予算額"),
    "settled": ("ev_settled", "決算額"),
    "budget_previous": ("ev_budget_previous", "前年度予算額"),
    "settled_previous": ("ev_settled_previous", "前年度決算額"),
    "rating": ("ev_rating", "自己評価"),
    "reason": ("ev_reason", "自己評価の理由"),
    "issues": ("ev_issues", "課題"),
    "direction": ("ev_direction", "今後の方向性"),
    "direction_reason": ("ev_direction_reason", "方向性の理由"),
}
# One row of 活動指標 per output indicator: column → (name suffix, label).
OUTPUT_CELLS: dict[str, tuple[str, str]] = {
    "name": ("name", "項目"),
    "unit": ("unit", "単位"),
    "previous": ("previous", "前年度実績"),
    "target": ("target", "目標"),
    "actual": ("actual", "実績"),
}


def output_name(row: int, column: str) -> str:
    """The defined name of an activity indicator cell: ``ev_output2_target``."""
    return f"ev_output{row}_{OUTPUT_CELLS[column][0]}"


def output_label(row: int, column: str) -> str:
    """What an error calls that cell: 「活動指標2の目標」."""
    return f"活動指標{row}の{OUTPUT_CELLS[column][1]}"
