"""Evaluation on hand-computed cases: every expected figure below was worked out by hand."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest

from shinchoku.core.evaluation import evaluate, winning_revisions
from shinchoku.core.model import (
    Baseline,
    Indicator,
    Observation,
    SeriesBreak,
    Target,
    Thresholds,
)
from shinchoku.core.serialize import evaluation_dict

D = Decimal


def indicator(
    code: str = "up",
    baseline: tuple[int, str] = (2019, "100"),
    targets: tuple[tuple[int, str], ...] = ((2020, "102.5"), (2023, "110"), (2027, "130")),
    direction: str = "increase",
) -> Indicator:
    return Indicator(
        code=code,
        name=code,
        unit="件",
        policy="1",
        period_kind="fiscal",
        direction=direction,  # type: ignore[arg-type]
        baseline=Baseline(baseline[0], D(baseline[1])),
        targets=tuple(Target(y, D(v)) for y, v in targets),
    )


def obs(
    year: int, value: str, published: str | None = None, seq: int = 0, code: str = "up"
) -> Observation:
    return Observation(
        indicator=code,
        year=year,
        value=D(value),
        source=f"src {year} {value}",
        published_on=datetime.date.fromisoformat(published) if published else None,
        seq=seq,
    )


def one(ind: Indicator, observations: list[Observation], year: int, **kw):
    (result,) = evaluate([ind], observations, year, **kw)
    return result


# Path of the default indicator: (2019, 100) → (2020, 102.5) → (2023, 110) → (2027, 130),
# one straight line to 2023: path(2021) = 105, path(2022) = 107.5, path(2025) = 120.
# (The 2020 target is published so that 2021 and 2022 are rated: a year before the first
# published target is not.)


@pytest.mark.parametrize(
    ("year", "value", "expected", "progress", "attainment", "rating"),
    [
        (2021, "104", 105.0, 0.8, 104 / 105, "B"),  # (104-100)/(105-100)
        (2021, "105", 105.0, 1.0, 1.0, "A"),  # exactly on the path
        (2022, "107.5", 107.5, 1.0, 1.0, "A"),  # interpolated path, no float mark-down
        (2021, "102", 105.0, 0.4, 102 / 105, "C"),
        (2021, "103", 105.0, 0.6, 103 / 105, "B"),  # threshold itself is B
        (2021, "99", 105.0, -0.2, 99 / 105, "D"),
        (2025, "126", 120.0, 26 / 20, 126 / 120, "A"),
    ],
)
def test_progress_attainment_rating(year, value, expected, progress, attainment, rating):
    r = one(indicator(), [obs(year, value, "2024-01-01")], 2026)
    assert r.expected == pytest.approx(expected)
    assert r.progress == pytest.approx(progress)
    assert r.attainment == pytest.approx(attainment)
    assert r.rating == rating


def test_decrease_is_better():
    # (2020, 50) → (2021, 48) → (2025, 40): path(2022) = 46.
    ind = indicator("down", (2020, "50"), ((2021, "48"), (2025, "40")), "decrease")
    better = one(ind, [obs(2022, "47", code="down")], 2022)
    assert better.expected == pytest.approx(46)
    assert better.progress == pytest.approx(0.75)  # (47-50)/(46-50)
    assert better.attainment == pytest.approx(46 / 47)
    assert better.rating == "B"
    worse = one(ind, [obs(2022, "52", code="down")], 2022)
    assert worse.progress == pytest.approx(-0.5)
    assert worse.rating == "D"
    done = one(ind, [obs(2024, "39", code="down")], 2024)
    assert done.status == "target_achieved"


def test_target_for_the_evaluation_year_and_outside_the_path():
    ind = indicator()
    assert one(ind, [], 2025).target == pytest.approx(120)
    assert one(ind, [], 2018).target is None
    assert one(ind, [], 2028).target is None


def test_latest_takes_the_latest_year_not_later_than_the_evaluation_year():
    observations = [obs(2020, "101"), obs(2021, "104"), obs(2023, "111")]
    assert one(indicator(), observations, 2022).latest.year == 2021
    assert one(indicator(), observations, 2023).latest.value == D("111")


def test_revisions_newer_publication_wins_undated_ranks_lowest():
    observations = [
        obs(2021, "104", "2023-08-01", seq=1),
        obs(2021, "106", "2024-08-01", seq=2),  # revised in a later edition: wins
        obs(2021, "120", None, seq=3),  # undated, recorded last: still below dated
    ]
    r = one(indicator(), observations, 2021)
    assert r.latest.value == D("106")
    assert r.progress == pytest.approx(1.2)  # (106-100)/(105-100)
    # Listed in another order, the same revision wins.
    assert one(indicator(), observations[::-1], 2021).latest.value == D("106")


def test_among_undated_the_later_record_wins_and_same_date_ties_go_to_later_record():
    undated = [obs(2021, "104", seq=5), obs(2021, "103", seq=9)]
    assert one(indicator(), undated, 2021).latest.value == D("103")
    same_day = [obs(2021, "104", "2023-08-01", seq=9), obs(2021, "102", "2023-08-01", seq=4)]
    assert one(indicator(), same_day, 2021).latest.value == D("104")
    assert winning_revisions(same_day) == {0}


def test_as_of_uses_only_what_was_published_by_then():
    observations = [
        obs(2020, "101", "2022-08-01", seq=1),
        obs(2021, "104", "2023-08-01", seq=2),
        obs(2021, "106", "2024-08-01", seq=3),
        obs(2022, "999", None, seq=4),  # undated: cannot be shown to have been known
    ]
    at = lambda d: one(indicator(), observations, 2022, as_of=datetime.date.fromisoformat(d))  # noqa: E731
    assert at("2022-07-31").latest is None
    assert at("2022-08-01").latest.value == D("101")  # published that very day counts
    assert at("2023-12-31").latest.value == D("104")
    assert at("2024-08-01").latest.value == D("106")
    assert one(indicator(), observations, 2022).latest.value == D("999")  # without as_of


def test_projection_least_squares_through_baseline_and_actuals():
    # Points (x from 2019): (0, 100), (1, 103), (2, 104): slope 2, intercept 100.333…,
    # at 2027 (x = 8): 116.333… < 130, so not on course.
    r = one(indicator(), [obs(2020, "103"), obs(2021, "104")], 2021)
    assert r.projection.value == pytest.approx(100 + 1 / 3 + 16)
    assert r.projection.year == 2027
    assert r.projection.target == 130
    assert r.projection.on_course is False
    fast = one(indicator(), [obs(2020, "104"), obs(2021, "108")], 2021)
    assert fast.projection.value == pytest.approx(132)  # slope 4 through (0,100): 100 + 32
    assert fast.projection.on_course is True


def test_projection_ignores_actuals_at_or_before_the_baseline_and_after_the_year():
    observations = [obs(2017, "50"), obs(2019, "100"), obs(2021, "104"), obs(2024, "500")]
    r = one(indicator(), observations, 2022)
    # Only (0, 100) and (2, 104): slope 2, at x = 8: 116.
    assert r.projection.value == pytest.approx(116)


def test_projection_needs_two_points():
    assert one(indicator(), [obs(2019, "100")], 2023).projection is None
    assert one(indicator(), [], 2023).projection is None


@pytest.mark.parametrize(
    ("year", "value", "status"),
    [
        # required CAGR = 1.3^(1/8) - 1 = 0.033339; observed 2021 over 2 years
        (2021, "104", "limited_progress"),  # 1.04^0.5-1 = 0.019804, R = 0.594
        (2021, "105", "moderate_progress"),  # 0.024695, R = 0.741
        (2021, "107", "substantial_progress"),  # 0.034408, R = 1.032
        (2021, "98", "deterioration"),  # R < 0
        (2021, "100", "limited_progress"),  # R = 0
        (2022, "131", "target_achieved"),  # meets the final target early
        (2019, "120", "not_available"),  # no actual later than the baseline
        (2021, "-5", "not_available"),  # a CAGR of a non-positive value does not exist
    ],
)
def test_status_open_sdg_method(year, value, status):
    assert one(indicator(), [obs(year, value)], 2023).status == status


def test_null_cases():
    nothing = one(indicator(), [], 2023)
    assert (nothing.latest, nothing.expected, nothing.progress, nothing.rating) == (
        None,
        None,
        None,
        None,
    )
    assert nothing.status == "not_available"
    assert nothing.unrated == "no_actual"
    at_baseline = one(indicator(), [obs(2019, "100")], 2023)
    assert at_baseline.expected == 100  # the line is still shown
    assert (at_baseline.progress, at_baseline.attainment, at_baseline.rating) == (None,) * 3
    assert at_baseline.unrated == "before_first_target"
    before = one(indicator(), [obs(2009, "90")], 2023)
    assert before.latest.year == 2009
    assert (before.expected, before.progress, before.attainment) == (None, None, None)


def test_flat_target_path_has_no_progress():
    ind = indicator(targets=((2023, "100"), (2027, "120")))
    flat = one(ind, [obs(2023, "101")], 2023)  # path(2023) = v0
    assert (flat.progress, flat.rating, flat.unrated) == (None, None, "no_target_line")


def test_plan_thresholds_change_the_rating():
    strict = Thresholds(rating_a=1.0, rating_b=0.9, rating_c=0.5)
    assert one(indicator(), [obs(2021, "104")], 2021, thresholds=strict).rating == "C"


def test_several_indicators_do_not_mix():
    up = indicator("up")
    down = indicator("down", (2020, "50"), ((2021, "48"), (2025, "40")), "decrease")
    results = evaluate(
        [up, down], [obs(2021, "104", code="up"), obs(2022, "47", code="down")], 2022
    )
    assert [r.progress for r in results] == [pytest.approx(0.8), pytest.approx(0.75)]
    assert evaluate([up], [obs(2021, "1", code="other")], 2022)[0].latest is None


def test_projection_line_can_be_drawn():
    # Through (0, 100), (1, 103), (2, 104): slope 2, so 2021 on the line is 104.333…
    r = one(indicator(), [obs(2020, "103"), obs(2021, "104")], 2021)
    assert r.projection.slope == pytest.approx(2)
    assert r.projection.at(2021) == pytest.approx(104 + 1 / 3)
    assert r.projection.at(2027) == pytest.approx(r.projection.value)


# --- series breaks ---------------------------------------------------------------------------
# The default indicator with a break at 2021: a new statistic with a smaller coverage, so
# its figures (90, 93, 96) sit below the old series (100 in 2019, 103 in 2020).


def broken(*breaks: SeriesBreak) -> Indicator:
    return replace(indicator(), series_breaks=breaks)


NEW_SURVEY = SeriesBreak(2021, "新調査", "旧調査", comparable=False, reason="対象が違う")
ACROSS = [obs(2020, "103"), obs(2021, "90"), obs(2022, "93"), obs(2023, "96")]


def test_projection_and_status_do_not_span_a_break():
    r = one(broken(NEW_SURVEY), ACROSS, 2023)
    # Only (2021, 90), (2022, 93), (2023, 96): slope 3, so 2027 gives 96 + 4 × 3 = 108.
    assert r.projection.slope == pytest.approx(3)
    assert r.projection.value == pytest.approx(108)
    assert r.projection.on_course is False
    # Observed CAGR from the first actual after the break: (96/90)^(1/2) - 1 = 0.032796;
    # required 1.3^(1/8) - 1 = 0.033339; R = 0.9837 ≥ 0.95.
    assert r.status == "substantial_progress"
    assert r.series_break == NEW_SURVEY
    # Progress against the plan's path is as before: (96 - 100) / (110 - 100) = -0.4.
    assert r.progress == pytest.approx(-0.4)
    assert r.attainment == pytest.approx(96 / 110)
    assert r.rating == "D"


def test_without_the_break_the_same_figures_span_both_series():
    r = one(indicator(), ACROSS, 2023)
    # (0,100) (1,103) (2,90) (3,93) (4,96): n 5, Σx 10, Σy 482, Σxx 30, Σxy 946:
    # slope (5·946 − 10·482) / (5·30 − 100) = −1.8, intercept (482 + 18) / 5 = 100; x = 8: 85.6.
    assert r.projection.value == pytest.approx(85.6)
    assert r.status == "deterioration"  # (96/100)^(1/4) < 1
    assert r.series_break is None


def test_a_break_with_one_actual_after_it_has_no_trend_and_no_status():
    r = one(broken(NEW_SURVEY), ACROSS[:2], 2023)
    assert r.latest.value == D("90")
    assert r.projection is None  # one point after the break; the baseline does not count
    assert r.status == "not_available"  # no growth within the new series yet
    assert r.progress == pytest.approx((90 - 100) / (105 - 100))  # path(2021) = 105
    assert r.series_break == NEW_SURVEY


def test_a_break_with_no_actual_after_it():
    r = one(broken(NEW_SURVEY), [obs(2020, "103")], 2022)
    # path(2020) = 102.5: progress 3 / 2.5 = 1.2 stays; trend and status wait for new figures.
    assert r.progress == pytest.approx(1.2) and r.rating == "A"
    assert r.projection is None
    assert r.status == "not_available"
    assert r.series_break == NEW_SURVEY


def test_a_break_after_the_evaluated_year_does_not_apply():
    r = one(broken(NEW_SURVEY), ACROSS, 2020)
    # (0, 100), (1, 103): slope 3, at x = 8: 124; status from the baseline: 3% in one
    # year against 3.3339% required, R = 0.8998.
    assert r.projection.value == pytest.approx(124)
    assert r.status == "moderate_progress"
    assert r.series_break is None


def test_the_target_can_be_achieved_by_the_first_figure_after_a_break():
    r = one(broken(NEW_SURVEY), [obs(2020, "103"), obs(2022, "131")], 2023)
    assert r.status == "target_achieved"
    assert r.projection is None


def test_a_comparable_break_is_spanned_and_reported():
    joined = SeriesBreak(2021, "改定後", comparable=True)
    r = one(broken(joined), ACROSS, 2023)
    assert r.projection.value == pytest.approx(85.6)  # as without a break
    assert r.status == "deterioration"
    assert r.series_break == joined


def test_a_break_in_or_before_the_baseline_year_changes_nothing():
    for year in (2015, 2019):
        r = one(broken(SeriesBreak(year, "前の調査")), ACROSS, 2023)
        assert r.projection.value == pytest.approx(85.6)
        assert r.series_break is None


def test_the_latest_break_applies():
    two = broken(SeriesBreak(2020, "第2系列"), SeriesBreak(2022, "第3系列"))
    later = one(two, ACROSS, 2023)
    # From 2022: (2022, 93), (2023, 96): slope 3, 2027 gives 108; CAGR 96/93 in one year
    # = 0.032258, R = 0.9676.
    assert later.series_break.label == "第3系列"
    assert later.projection.value == pytest.approx(108)
    assert later.status == "substantial_progress"
    earlier = one(two, ACROSS, 2021)
    # From 2020: (2020, 103), (2021, 90): slope −13, at 2027: 90 − 6 × 13 = 12.
    assert earlier.series_break.label == "第2系列"
    assert earlier.projection.value == pytest.approx(12)
    assert earlier.status == "deterioration"


def test_breaks_stay_with_their_own_series():
    up = broken(NEW_SURVEY)
    other = indicator("other")
    observations = ACROSS + [replace(o, indicator="other") for o in ACROSS]
    a, b = evaluate([up, other], observations, 2023)
    assert a.projection.value == pytest.approx(108) and a.series_break == NEW_SURVEY
    assert b.projection.value == pytest.approx(85.6) and b.series_break is None


def test_the_evaluation_json_names_the_break():
    results = evaluate([broken(NEW_SURVEY), indicator("plain")], ACROSS, 2023)
    rows = evaluation_dict(2023, None, results)["indicators"]
    assert rows[0]["series_break"] == {"year": 2021, "label": "新調査", "comparable": False}
    assert rows[1]["series_break"] is None
