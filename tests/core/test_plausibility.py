"""The plausibility rules as tables: plan years, history window, due dates, ranges, jumps."""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import pytest

from shinchoku.core.model import Observation, Thresholds, YearSpan
from shinchoku.core.plausibility import (
    due_problem,
    history_window,
    jumps,
    plan_year_problem,
    range_problem,
    refusals,
)
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.plan.builtin import plan_text

PLAN = read_plan_text(plan_text(), "tokorozawa.yaml")
VISION = PLAN.vision_period
TODAY = datetime.date(2026, 12, 1)  # 令和8年度; calendar 2026


def obs(code: str, year: int, value: str, seq: int = 0, published: str = "") -> Observation:
    when = datetime.date.fromisoformat(published) if published else None
    return Observation(code, year, Decimal(value), "test", published_on=when, seq=seq)


@pytest.mark.parametrize(
    ("year", "refused"),
    [(2017, True), (2018, False), (2023, False), (2027, False), (2028, True), (2117, True)],
)
def test_plan_years_are_the_vision_period(year, refused):
    assert (VISION.start, VISION.end) == (2018, 2027)
    assert (plan_year_problem(VISION, year) is not None) is refused


def test_plan_year_messages_name_the_year_and_the_period():
    assert plan_year_problem(VISION, 1990, "所沢市 産業振興ビジョン") == (
        "平成2年度（1990年度）は計画の期間外です: 所沢市 産業振興ビジョンの期間"
        "（平成30年度～令和9年度）の年度を指定してください"
    )
    assert "令和99年度（2117年度）は計画の期間外です" in plan_year_problem(VISION, 2117)
    assert "0年度（0年度）" in plan_year_problem(VISION, 0)  # no era names it: still a message


def test_history_window_runs_from_fifty_years_before_the_vision_to_today():
    # The shared history goes back to 平成3年 (1991): inside the window.
    assert history_window(PLAN, "calendar", TODAY) == YearSpan(1968, 2026)
    assert history_window(PLAN, "fiscal", TODAY) == YearSpan(1968, 2026)
    # 令和8年度 begins on 1 April 2026: on 31 March it is still 令和7年度.
    assert history_window(PLAN, "fiscal", datetime.date(2026, 3, 31)).end == 2025
    assert history_window(PLAN, "calendar", datetime.date(2026, 3, 31)).end == 2026


@pytest.mark.parametrize(
    ("code", "year", "value", "fields"),
    [
        ("gross-product", 2117, "9000", ["year"]),
        ("gross-product", 2027, "9000", ["year"]),  # 令和9年度 has not begun on TODAY
        ("gross-product", 2026, "9000", []),
        ("employees", 1991, "95134", []),
        ("employees", 1967, "90000", ["year"]),
        ("gross-product", 2023, "-5", ["value"]),
        ("gross-product", 2023, "0", []),
        ("tourist-visits", 2117, "-1", ["year", "value"]),
    ],
)
def test_refusals(code, year, value, fields):
    found = refusals(PLAN, [obs(code, year, value)], TODAY)
    assert [r.field for r in found] == fields


def test_range_message():
    gp = PLAN.indicator("gross-product")
    assert gp.minimum == 0 and gp.maximum is None
    assert range_problem(gp, Decimal("-5")) == (
        "-5 は総生産額（億円）の範囲外です: 0 以上の値を書いてください（符号や単位を確かめます）"
    )
    bounded = dataclasses.replace(gp, minimum=Decimal(0), maximum=Decimal(100))
    assert "0～100の値" in range_problem(bounded, Decimal("100.5"))
    assert range_problem(bounded, Decimal("100")) is None


def test_due_dates_not_in_the_past():
    assert due_problem(datetime.date(2020, 1, 1), TODAY) == (
        "提出期限 2020-01-01 はすでに過ぎています（今日は 2026-12-01）: "
        "今日以降の日付を指定してください"
    )
    assert due_problem(TODAY, TODAY) is None


def test_a_tenfold_typo_is_a_jump_from_the_previous_year():
    stored = [obs("tourist-visits", 2023, "558", seq=1)]
    ((n, jump),) = jumps(PLAN, stored, [obs("tourist-visits", 2024, "5580")])
    assert n == 0 and jump.ratio == 10
    assert jump.describe() == "5,580 は前年 558 の 10.0 倍です"


@pytest.mark.parametrize(
    ("value", "jumped"),
    [("837", False), ("838", True), ("279", False), ("278", True), ("55.8", True)],
)
def test_the_default_share_is_fifty_percent(value, jumped):
    stored = [obs("tourist-visits", 2023, "558", seq=1)]
    assert bool(jumps(PLAN, stored, [obs("tourist-visits", 2024, value)])) is jumped


def test_the_share_is_the_plans():
    strict = dataclasses.replace(PLAN, thresholds=Thresholds(jump_share=0.1))
    stored = [obs("tourist-visits", 2023, "558", seq=1)]
    assert jumps(strict, stored, [obs("tourist-visits", 2024, "620")])
    assert not jumps(PLAN, stored, [obs("tourist-visits", 2024, "620")])


def test_a_revision_is_compared_with_the_counting_value_of_its_year():
    stored = [obs("gross-product", 2020, "9000", seq=1), obs("gross-product", 2021, "9100", seq=2)]
    ((_, jump),) = jumps(PLAN, stored, [obs("gross-product", 2021, "91000")])
    assert jump.same_year and jump.describe() == "91,000 は現在の値 9,100 の 10.0 倍です"


def test_the_reference_is_the_nearest_earlier_year_as_it_will_stand():
    stored = [obs("employees", 2016, "100000", seq=1)]
    ((n, jump),) = jumps(
        PLAN, stored, [obs("employees", 2019, "110000"), obs("employees", 2020, "11000")]
    )
    assert n == 1 and jump.describe() == "11,000 は前年 110,000 の 0.10 倍です"
    ((_, far),) = jumps(PLAN, stored, [obs("employees", 2019, "1100000")])
    assert far.describe() == "1,100,000 は平成28年の値 100,000 の 11.0 倍です"


def test_no_reference_across_a_series_break_or_before_the_first_value():
    stored = [obs("employees", 2021, "114500", seq=1)]
    # 令和6年 starts another series (経済センサス‐基礎調査): not compared with 令和3年.
    assert PLAN.indicator("employees").series_breaks[-1].year == 2024
    assert not jumps(PLAN, stored, [obs("employees", 2024, "30000")])
    assert jumps(PLAN, stored, [obs("employees", 2023, "30000")])
    assert not jumps(PLAN, [], [obs("tourist-visits", 2023, "5580")])


def test_a_zero_reference_says_so():
    stored = [obs("tourist-visits", 2023, "0", seq=1)]
    ((_, jump),) = jumps(PLAN, stored, [obs("tourist-visits", 2024, "5")])
    assert jump.ratio is None and jump.describe() == "5 は前年 0 からの変化です"
