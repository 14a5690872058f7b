"""The report's 事業評価シート round trip: every input cell is named, comes back into the
round field by field, and the same file imported again stores nothing."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from shinchoku.cycle import services
from shinchoku.cycle.models import OutputValue, SelfEvaluation
from shinchoku.cycle.sheet_import import import_sheets
from shinchoku.ingest.errors import InputError
from shinchoku.reports import render
from shinchoku.reports.context import load_context

# Every named input cell of a sheet with three activity rows, each with a distinct value.
TEXT = {
    "ev_purpose": "市内産品の認知（販売店／来店者）を高める",
    "ev_activities": "認定品フェアを2回開いた",
    "ev_results": "フェアの来場者は1,200人",
    "ev_issues": "新規申請が少ない",
    "ev_reason": "申請件数が目標を下回った",
    "ev_direction_reason": "周知の方法を見直す",
}
VALUES = {
    **TEXT,
    "ev_project": 3,
    "ev_budget": 3200,
    "ev_settled": 3050,
    "ev_budget_previous": 2900,  # as last year's sheet says
    "ev_settled_previous": 2850,
    "ev_rating": "C",
    "ev_direction": "改善",
}
COLUMNS = ("name", "unit", "previous", "target", "actual")
OUTPUTS = [  # name, unit, previous (2022 actual), target, actual
    ("認定品数", "品", 36, 40, 38),
    ("フェア回数", "回", 1, 2, 3),
    ("協力店数", "店", 18, 25, 21),
]


@pytest.fixture(autouse=True)
def _spring_2024(monkeypatch):
    monkeypatch.setattr("shinchoku.plan.services.today", lambda: datetime.date(2024, 6, 1))


@pytest.fixture
def project(plan, users):
    """Project 3 with last year's sheet, three output indicators (one with last year's
    actual stored) and the 2023 round open."""
    services.open_round(plan, 2023, datetime.date(2024, 6, 30), users["secretariat"])
    project = plan.projects.get(number=3)
    last_year = {"activities": "前年度の取組", "rating": "B", "direction": "continue"}
    services.save_evaluation(
        project, 2022, {**last_year, "budget": "2,900", "settled": "2850"}, users["secretariat"]
    )
    for name, unit, *_ in OUTPUTS:
        services.define_output(project, name, unit, actor=users["secretariat"])
    first = project.outputs.get(name="認定品数")
    services.record_output(first, 2022, "actual", 36, users["secretariat"])
    return project


def _tab(book, number: int):
    return next(
        ws
        for ws in book.worksheets
        if "ev_project" in ws.defined_names and _cell(ws, "ev_project").value == number
    )


def _cell(ws, name: str):
    ((_title, ref),) = ws.defined_names[name].destinations
    return ws[ref.replace("$", "")]


def _filled(plan, change=None) -> bytes:
    """The draft report's workbook with project 3's sheet filled in every input cell."""
    book = load_workbook(io.BytesIO(render(load_context(plan, 2023), "xlsx")))
    ws = _tab(book, 3)
    values = dict(VALUES)
    for k, row in enumerate(OUTPUTS, 1):
        for column, value in zip(COLUMNS, row, strict=True):
            values[f"ev_output{k}_{column}"] = value
    # Every yellow cell is named, and every name is filled here: no input is left out.
    named = {_cell(ws, n).coordinate for n in ws.defined_names}
    yellow = {
        c.coordinate
        for line in ws.iter_rows()
        for c in line
        if c.fill.fgColor.rgb == "00FFF2CC" and type(c).__name__ == "Cell"
    }
    assert yellow <= named
    assert set(ws.defined_names) == set(values)
    for name, value in (values | (change or {})).items():
        _cell(ws, name).value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_every_cell_comes_back_field_by_field(plan, users, project):
    done = import_sheets(plan, _filled(plan), "sheets.xlsx", users["secretariat"])
    (sheet,) = done.saved
    stored = SelfEvaluation.objects.get(pk=sheet.pk)
    assert {k: getattr(stored, k[3:]) for k in TEXT} == TEXT
    assert (stored.project.number, stored.year) == (3, 2023)
    assert (stored.budget, stored.settled) == (Decimal(3200), Decimal(3050))
    assert (stored.rating, stored.direction) == ("C", "improve")
    figures = {
        (v.output.name, v.year, v.kind): int(v.value)
        for v in OutputValue.objects.filter(output__project=project)
    }
    expected = {}
    for name, _unit, previous, target, actual in OUTPUTS:
        expected |= {
            (name, 2022, "actual"): previous,
            (name, 2023, "target"): target,
            (name, 2023, "actual"): actual,
        }
    assert figures == expected
    assert done.figures == 8  # 認定品数's 2022 actual was stored already
    assert OutputValue.objects.filter(output__project=project).count() == 9


def test_the_same_file_again_stores_nothing(plan, users, project, cli, tmp_path):
    data = _filled(plan)
    import_sheets(plan, data, "sheets.xlsx", users["secretariat"])
    versions, figures = SelfEvaluation.objects.count(), OutputValue.objects.count()
    again = import_sheets(plan, data, "sheets.xlsx", users["secretariat"])
    assert (again.saved, again.figures, [s.project for s in again.unchanged]) == ([], 0, [3])
    assert (SelfEvaluation.objects.count(), OutputValue.objects.count()) == (versions, figures)
    # Submitted, the sheet is exported filled in; that workbook imports back as no change.
    services.move(plan.rounds.get().requests.get(project=project), "submit", users["secretariat"])
    exported = render(load_context(plan, 2023), "xlsx")
    ws = _tab(load_workbook(io.BytesIO(exported)), 3)
    assert _cell(ws, "ev_reason").value == TEXT["ev_reason"]
    assert _cell(ws, "ev_budget_previous").value == 2900
    assert _cell(ws, "ev_output2_previous").value == 1
    path = tmp_path / "exported.xlsx"
    path.write_bytes(exported)
    out = cli("cycle", "import-sheets", str(path)).stdout
    assert "重点推進事業3（2023年度）: 変更はありません" in out
    assert (SelfEvaluation.objects.count(), OutputValue.objects.count()) == (versions, figures)


def test_errors_name_the_sheet_and_cell(plan, users, project):
    data = _filled(
        plan,
        {
            "ev_reason": None,  # C without a reason
            "ev_budget_previous": 3000,  # last year's sheet says 2,900
            "ev_output1_previous": 35,  # stored as 36
            "ev_output3_target": "多数",
        },
    )
    ws = _tab(load_workbook(io.BytesIO(data)), 3)

    def at(name: str) -> str:
        return f"{ws.title}!{_cell(ws, name).coordinate}"

    with pytest.raises(InputError) as err:
        import_sheets(plan, data, "sheets.xlsx", users["secretariat"])
    assert [str(p) for p in err.value.problems] == [
        f"sheets.xlsx {at('ev_budget_previous')}（前年度予算額）: 前年度の予算額は前年度のシート"
        "の2,900千円です（直すときは前年度のシートを差し戻してください）",
        f"sheets.xlsx {at('ev_output1_previous')}（活動指標1の前年度実績）: 前年度実績は36として"
        "登録済みです（直すときは前年度の活動指標を直してください）",
        f"sheets.xlsx {at('ev_output3_target')}（活動指標3の目標）: 「多数」は数値として"
        "読めません（例: 12,500）",
        f"sheets.xlsx {at('ev_reason')}（自己評価の理由）: C・D の評価には理由が必要です",
    ]
    assert not project.evaluations.filter(year=2023).exists()
    assert not OutputValue.objects.filter(output__project=project, year=2023).exists()
