"""Monitoring indicators (参考指標): no target, evaluated by their trend only, never rated."""

from __future__ import annotations

import pytest
from tests.core.test_evaluation import indicator, obs, one

from shinchoku.core.evaluation import evaluate
from shinchoku.core.verdicts import verdict


def watched(direction: str = "increase"):
    """Visitors to the museum: 100 in 2019, no target."""
    return indicator(targets=(), direction=direction)


def test_monitoring_indicator_is_never_rated_and_shows_its_trend():
    values = [obs(2020, "104"), obs(2021, "108"), obs(2023, "116")]
    r = one(watched(), values, 2023)
    assert r.indicator.monitoring
    assert (r.rating, r.progress, r.attainment, r.expected, r.target) == (None,) * 5
    assert r.unrated == "monitoring"
    assert r.projection is None  # no final year to project to
    assert r.trend == 4.0  # least squares through (2019, 100) … (2023, 116): +4 a year
    assert r.latest.value == 116


def test_monitoring_status_compares_growth_with_one_percent_a_year():
    # observed CAGR 2019-2021: 1.03^0.5 - 1 = 1.49 % a year → R = 1.49: substantial
    assert one(watched(), [obs(2021, "103")], 2021).status == "substantial_progress"
    # 1.01^0.5 - 1 = 0.499 %: R = 0.499 → limited
    assert one(watched(), [obs(2021, "101")], 2021).status == "limited_progress"
    assert one(watched(), [obs(2021, "97")], 2021).status == "deterioration"
    # less is better: 0.988^0.5 - 1 = -0.602 % a year is progress, R = 0.602: moderate
    assert one(watched("decrease"), [obs(2021, "98.8")], 2021).status == "moderate_progress"
    assert one(watched(), [obs(2021, "500")], 2021).status != "target_achieved"
    assert one(watched(), [], 2021).status == "not_available"


def test_monitoring_beside_rated_indicators_changes_nothing_for_them():
    rated = indicator(code="up")
    values = [obs(2023, "112")]
    alone = evaluate([rated], values, 2023)[0]
    both = evaluate([watched().__class__(**{**vars(watched()), "code": "m"}), rated], values, 2023)
    assert both[1] == alone
    assert alone.rating == "A"


def test_monitoring_verdict_says_why_and_gives_the_trend():
    r = one(watched(), [obs(2020, "104"), obs(2021, "108")], 2021)
    v = verdict(r, "ja")
    assert v.rating is None and not v.counted and v.badge == "none"
    assert "参考指標" in v.rating_text
    assert "年あたり +4件" in v.outlook_text
    assert verdict(r, "en").outlook_text == "Trend: +4 件 a year (the desired direction)"
    none_yet = verdict(one(watched(), [], 2021), "ja")
    assert (
        none_yet.rating_text == "基準年（令和元年度）より後の実績値がまだないため評価していません"
    )


def test_a_trend_that_rounds_to_zero_has_no_minus():
    # least squares through (2019, 100), (2020, 100.2), (2021, 99.9): −0.05 a year → "0"
    r = one(watched(), [obs(2020, "100.2"), obs(2021, "99.9")], 2021)
    assert r.trend == pytest.approx(-0.05)
    assert "年あたり 0件" in verdict(r, "ja").outlook_text  # was "-0件"
    falling = one(watched(), [obs(2020, "97"), obs(2021, "94")], 2021)
    assert "年あたり -3件" in verdict(falling, "ja").outlook_text
