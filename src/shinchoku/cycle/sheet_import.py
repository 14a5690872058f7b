"""Storing the 事業評価シート of a report workbook filled in Excel (``cycle import-sheets``).

All sheets or none; each problem names the sheet and the cell. What the file says that is
already stored adds nothing: re-importing the same file stores no new version.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from ..ingest.errors import InputError, Problem
from ..plan.models import Plan, Project
from .models import SelfEvaluation
from .services import _amount, latest_evaluation, record_output, save_evaluation, sheet_unchanged
from .sheets import SheetValues, read_workbook

MONEY = {"budget_previous": ("budget", "予算額"), "settled_previous": ("settled", "決算額")}


@dataclass
class SheetImport:
    """What an import stored: new sheet versions, sheets already stored as they are, and
    output figures recorded."""

    saved: list[SelfEvaluation] = field(default_factory=list)
    unchanged: list[SheetValues] = field(default_factory=list)
    figures: int = 0


def _number(value: Any, where: str, problems: list[Problem]) -> Decimal | None:
    found: list[Problem] = []
    amount = _amount(value, where, found)
    problems += found
    return amount


def _latest_value(output: Any, year: int, kind: str) -> Decimal | None:
    v = output.values.filter(year=year, kind=kind).order_by("-recorded_at", "-id").first()
    return v.value if v else None


def _previous_money(project: Project, sv: SheetValues) -> list[Problem]:
    """前年度予算額・決算額 come from last year's sheet: the file may repeat them, not change
    them (a different figure is an error, never dropped in silence)."""
    problems: list[Problem] = []
    before = latest_evaluation(project, sv.year - 1)
    for key, (name, label) in MONEY.items():
        where = sv.where(key)
        typed = _number(sv.previous.get(key), where, problems)
        stored = getattr(before, name) if before else None
        if typed is None or typed == stored:
            continue
        if stored is None:
            message = (
                f"前年度の事業評価シートに{label}がないため記録できません（空欄にしてください）"
            )
        else:
            message = (
                f"前年度の{label}は前年度のシートの{stored.normalize():,f}千円です"
                "（直すときは前年度のシートを差し戻してください）"
            )
        problems.append(Problem(where, message))
    return problems


def _output_changes(project: Project, sv: SheetValues) -> tuple[list[tuple], list[Problem]]:
    """Each changed target and actual (and a missing 前年度実績) to record, and the problems."""
    defined = {o.name: o for o in project.outputs.all()}
    problems: list[Problem] = []
    todo = []
    for k, (name, _unit, target, actual) in enumerate(sv.outputs, 1):
        output = defined.get(name)
        if output is None:
            where = sv.where(f"output{k}.name")
            problems.append(
                Problem(where, f"「{name}」は定められていません（事務局が先に定めます）")
            )
            continue
        previous = sv.output_previous[k - 1] if k <= len(sv.output_previous) else None
        for year, kind, value in (
            (sv.year, "target", target),
            (sv.year, "actual", actual),
            (sv.year - 1, "actual", previous),
        ):
            where = sv.where(f"output{k}.{'previous' if year < sv.year else kind}")
            typed = _number(value, where, problems)
            stored = _latest_value(output, year, kind)
            if typed is None or typed == stored:
                continue
            if year < sv.year and stored is not None:
                problems.append(
                    Problem(
                        where,
                        f"前年度実績は{stored.normalize():,f}として登録済みです"
                        "（直すときは前年度の活動指標を直してください）",
                    )
                )
                continue
            todo.append((output, year, kind, typed, where))
    return todo, problems


def _record(todo: list[tuple], actor: Any) -> int:
    """Record the output figures; a refusal names the cell."""
    for output, year, kind, typed, where in todo:
        try:
            record_output(output, year, kind, typed, actor)
        except InputError as err:
            raise InputError([Problem(where, p.message) for p in err.problems]) from None
    return len(todo)


def _where(sv: SheetValues, where: str) -> str:
    """A problem's place: the named cell of a field, else the sheet and the field."""
    if where in sv.cells:
        return sv.cells[where]
    return where if "!" in where else f"[{sv.sheet}] {where}".rstrip()


@transaction.atomic
def import_sheets(plan: Plan, data: bytes, source: str, actor: Any = None) -> SheetImport:
    """Store every filled 事業評価シート of a report workbook, or none of them."""
    done, problems = SheetImport(), []
    for sv in read_workbook(data, source):
        project = plan.projects.filter(number=sv.project).first()
        if project is None:
            where = f"{source} {sv.where('project')}"
            problems.append(Problem(where, f"重点推進事業{sv.project}は計画にありません"))
            continue
        found = _previous_money(project, sv)
        todo, more = _output_changes(project, sv)
        found += more
        try:
            with transaction.atomic():  # this sheet's changes, kept only if all are right
                latest = latest_evaluation(project, sv.year)
                same = sheet_unchanged(latest, sv.fields)
                saved = None if same else save_evaluation(project, sv.year, sv.fields, actor)
                if found:
                    raise InputError([])
                figures = _record(todo, actor)
        except InputError as err:
            found += err.problems
        if found:
            problems += [Problem(f"{source} {_where(sv, p.where)}", p.message) for p in found]
            continue
        if saved is not None:
            done.saved.append(saved)
        elif not figures:
            done.unchanged.append(sv)
        done.figures += figures
    if problems:
        raise InputError(problems, source)
    return done
