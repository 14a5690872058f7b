"""core.papers: target line per year, the multi-year table, activity 達成率, item names, gaps."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from shinchoku.core.model import Observation
from shinchoku.core.papers import (
    item_name,
    line_at,
    previous_ratings,
    split_at_gaps,
    year_tables,
)
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.plan import builtin

D = datetime.date.fromisoformat


@pytest.fixture(scope="module")
def plan():
    return read_plan_text(builtin.plan_text(), builtin.PLAN_FILE)


def tv(year: int, value: str, seq: int = 0) -> Observation:
    return Observation(
        "tourist-visits", year, Decimal(value), "観光入込客統計", D("2024-09-13"), seq=seq
    )


@pytest.mark.parametrize(
    ("year", "line"),
    [(2020, None), (2021, 476.0), (2022, 506.0), (2023, 536.0), (2027, 656.0), (2028, None)],
)
def test_line_at_follows_the_path_through_baseline_and_targets(plan, year, line):
    assert line_at(plan.indicator("tourist-visits"), year) == line


def test_gross_product_line_between_the_baseline_and_the_first_target(plan):
    # 令和元年度 9,095 → 令和5年度 9,186: 9,095 + 91 × 2/4 = 9,140.5 in 令和3年度.
    assert line_at(plan.indicator("gross-product"), 2021) == 9140.5


def test_year_table_of_tourist_visits(plan):
    table = year_tables(plan, [tv(2022, "498"), tv(2023, "547")], 2023, None, "ja")
    cells = {c.year: c for c in table["tourist-visits"]}
    assert list(cells) == [2022, 2023, 2024, 2025, 2026, 2027]
    r4, r5, r6 = cells[2022], cells[2023], cells[2024]
    assert (r4.actual, r4.line, r4.rating, r4.attainment) == (498, 506, "", None)  # before R5
    assert (r5.actual, r5.line, r5.target, r5.rating) == (547, 536, True, "A 達成")
    assert r5.attainment == pytest.approx(547 / 536)  # 102.1%
    assert (r6.actual, r6.line, r6.evaluated) == (None, 566, False)


def test_a_year_shows_only_its_own_figure_not_an_older_one(plan):
    # Evaluated in 令和5年 with only the 令和4年 figure: the R5 column has no actual.
    table = year_tables(plan, [tv(2022, "498")], 2023, None, "ja")
    r5 = next(c for c in table["tourist-visits"] if c.year == 2023)
    assert (r5.actual, r5.rating, r5.evaluated) == (None, "", True)


def test_the_year_uses_the_counting_revision(plan):
    revised = [tv(2023, "520", seq=1), tv(2023, "547", seq=2)]
    r5 = next(
        c for c in year_tables(plan, revised, 2023, None, "ja")["tourist-visits"] if c.year == 2023
    )
    assert r5.actual == 547


def test_last_years_rating(plan):
    obs = [tv(2022, "498"), tv(2023, "547")]
    assert previous_ratings(plan, obs, 2024, None, "ja")["tourist-visits"] == "A 達成"
    assert previous_ratings(plan, obs, 2023, None, "ja")["tourist-visits"] == "評価なし"


@pytest.mark.parametrize(
    ("kind", "code", "lang", "name"),
    [
        ("policy", "3", "ja", "基本方針3　観光を軸とした新たな魅力とにぎわいの創出"),
        ("measure", "1-3", "ja", "施策の柱1-3　起業・創業の促進"),
        ("project", "13", "ja", "重点推進事業13　"),
        ("indicator", "tourist-visits", "ja", "評価指標観光入込客数"),
        ("plan", "", "ja", "計画全体"),
        ("policy", "3", "en", "Basic policy 3 観光を軸とした新たな魅力とにぎわいの創出"),
    ],
)
def test_item_names_not_codes(plan, kind, code, lang, name):
    assert item_name(plan, kind, code, lang).startswith(name)


@pytest.mark.parametrize(
    ("years", "breaks", "runs"),
    [
        ([2009, 2021], (), [[2009], [2021]]),  # 従業者数: 平成21年 and 令和3年, 12 years apart
        ([2020, 2021, 2022], (), [[2020, 2021, 2022]]),
        ([2020, 2021, 2023], (), [[2020, 2021], [2023]]),
        ([2021, 2022, 2023], (2022,), [[2021], [2022, 2023]]),
        ([], (), []),
    ],
)
def test_split_at_gaps(years, breaks, runs):
    assert split_at_gaps(years, breaks) == runs
