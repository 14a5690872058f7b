"""Plan revisions: what changed between two versions, item by item."""

from __future__ import annotations

import dataclasses

from shinchoku.core.model import Measure, Project, Target
from shinchoku.core.revisions import changes
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.plan.builtin import plan_text


def test_no_change_no_difference():
    plan = read_plan_text(plan_text())
    assert changes(plan, plan) == []


def test_targets_projects_and_texts():
    old = read_plan_text(plan_text())
    tourism = old.indicator("tourist-visits")
    lowered = dataclasses.replace(
        tourism, targets=tuple(Target(t.year, t.value - 20) for t in tourism.targets)
    )
    policy = old.policies[2]
    new = dataclasses.replace(
        old,
        indicators=tuple(lowered if i.code == "tourist-visits" else i for i in old.indicators),
        projects=(*old.projects, Project(16, "観光DX推進事業", ("3-5",), "デジタル技術で観光案内")),
        policies=tuple(
            dataclasses.replace(p, measures=(*p.measures, Measure("3-6", "観光DXの推進")))
            if p is policy
            else p
            for p in old.policies
        ),
        philosophy="新しい理念",
    )
    found = {(c.item, c.field, c.kind) for c in changes(old, new)}
    assert found == {
        ("計画", "philosophy", "changed"),
        ("評価指標 観光入込客数", "targets", "changed"),
        ("重点推進事業16", "", "added"),
        ("施策の柱3-6", "", "added"),
    }
    target_change = next(c for c in changes(old, new) if c.field == "targets")
    assert target_change.before[0] == {"year": 2023, "value": 536}
    assert target_change.after[0] == {"year": 2023, "value": 516}


def test_removed_items():
    old = read_plan_text(plan_text())
    new = dataclasses.replace(old, projects=old.projects[:-1])
    (change,) = changes(old, new)
    assert (change.item, change.kind, change.before) == (
        "重点推進事業15",
        "removed",
        "就労チャレンジ支援事業",
    )
