"""Target rules: the seed's four tables and how each counts its yearly steps."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from shinchoku.core.model import Target
from shinchoku.core.targets import check_indicator, check_plan, derive, steps
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.plan.builtin import plan_text as builtin_plan_text

D = Decimal


@pytest.fixture(scope="module")
def plan():
    return read_plan_text(builtin_plan_text())


def test_steps():
    assert steps("from_baseline_year", 2023, 2021, 2023) == 2
    assert steps("from_plan_start", 2023, 2021, 2023) == 1
    assert steps("from_plan_start", 2027, 2019, 2023) == 5


@pytest.mark.parametrize(
    ("code", "year", "convention", "derived"),
    [
        # 9,095 × 1.01^n, rounded half up: compounding, n from the plan start (R5 = 1)
        ("gross-product", 2023, "from_plan_start", "9186"),  # 9185.95
        ("gross-product", 2024, "from_plan_start", "9278"),  # 9277.81 (simple 1% gives 9,277)
        ("gross-product", 2027, "from_plan_start", "9559"),  # 9558.89
        ("gross-product", 2023, "from_baseline_year", "9464"),  # 4 steps from 令和元年度
        ("manufacturing-shipments", 2023, "from_plan_start", "1791"),
        ("manufacturing-shipments", 2023, "from_baseline_year", "1841"),
        ("tourist-visits", 2023, "from_baseline_year", "536"),
        ("tourist-visits", 2023, "from_plan_start", "506"),
        ("employees", 2027, "from_plan_start", "115500"),
        ("employees", 2027, "from_baseline_year", "115700"),
    ],
)
def test_derive(plan, code, year, convention, derived):
    ind = plan.indicator(code)
    target = next(t for t in ind.targets if t.year == year)
    assert derive(ind, target, convention, plan.period.start) == D(derived)


def test_seed_conventions(plan):
    report = check_plan(plan)
    found = {c.indicator.code: (c.convention, c.mismatches, c.unmatched) for c in report.indicators}
    assert found == {
        "gross-product": ("from_plan_start", (), ()),
        "manufacturing-shipments": ("from_plan_start", (), ()),
        "tourist-visits": ("from_baseline_year", (), ()),
        "employees": ("from_plan_start", (), ()),
    }
    assert not report.departs
    assert len(report.disagreements) == 2
    assert "基準年から数える指標: 観光入込客数" in report.disagreements[0]
    assert "総生産額、製造品出荷額等、市内事業所従業者数" in report.disagreements[0]
    assert "令和3年" in report.disagreements[1] and "2年分" in report.disagreements[1]


def test_a_target_that_departs_from_its_rule(plan):
    ind = plan.indicator("employees")
    typo = tuple(Target(t.year, D("115350") if t.year == 2026 else t.value) for t in ind.targets)
    check = check_indicator(dataclasses.replace(ind, targets=typo), plan.period.start)
    assert check.convention == "from_plan_start"
    assert [(m.year, m.published, m.derived) for m in check.mismatches] == [
        (2026, D("115350"), D("115300"))
    ]
    assert [t.year for t in check.unmatched] == [2026]


def test_no_convention_matches(plan):
    ind = plan.indicator("tourist-visits")
    odd = tuple(Target(t.year, t.value + 7) for t in ind.targets)
    check = check_indicator(dataclasses.replace(ind, targets=odd), plan.period.start)
    assert check.convention is None
    assert len(check.unmatched) == 5
    assert check.mismatches[0].derived == D("536")  # listed against from_baseline_year


def test_rounding_follows_the_published_decimals(plan):
    ind = plan.indicator("gross-product")
    one_decimal = Target(2024, D("9277.8"))
    assert derive(ind, one_decimal, "from_plan_start", 2023) == D("9277.8")


def test_indicator_without_rule(plan):
    ind = dataclasses.replace(plan.indicator("employees"), rule=None)
    assert check_indicator(ind, 2023).convention is None
