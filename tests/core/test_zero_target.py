"""A final target of 0 ("no vacant shops"): the rating works as usual, and the status uses
the small-number rule (yearly changes instead of a CAGR that cannot exist)."""

from __future__ import annotations

import pytest
from tests.core.test_evaluation import indicator, obs, one


def vacant(targets=((2023, "6"), (2027, "0"))):
    """Vacant shops: 10 in 2019, 6 by 2023, none by 2027 (less is better)."""
    return indicator(baseline=(2019, "10"), targets=targets, direction="decrease")


@pytest.mark.parametrize(
    ("value", "status"),
    [
        # required change per year (0 - 10) / 8 = -1.25; observed over 2019-2021 (2 years)
        ("8", "moderate_progress"),  # -1.0 a year: R = 0.8
        ("7", "substantial_progress"),  # -1.5: R = 1.2
        ("9", "limited_progress"),  # -0.5: R = 0.4
        ("11", "deterioration"),  # +0.5: R = -0.4
        ("0", "target_achieved"),  # meets 0
    ],
)
def test_zero_final_target_status_uses_yearly_changes(value, status):
    assert one(vacant(), [obs(2021, value, code="up")], 2021).status == status


def test_zero_final_target_is_rated_as_usual():
    # path(2023) = 6; progress (5 - 10) / (6 - 10) = 1.25: A; (9 - 10) / (6 - 10) = 0.25: C
    r = one(vacant(), [obs(2023, "5")], 2023)
    assert (r.expected, r.progress, r.rating) == (6, 1.25, "A")
    r = one(vacant(), [obs(2023, "9")], 2023)
    assert (r.progress, r.rating) == (0.25, "C")
    assert r.status == "limited_progress"  # -0.25 a year against -1.25: R = 0.2


def test_zero_baseline_with_a_positive_target_uses_yearly_changes():
    # 0 new firms in 2019, 8 by 2027: required +1 a year; observed +2 a year over 2 years
    ind = indicator(baseline=(2019, "0"), targets=((2023, "4"), (2027, "8")))
    assert one(ind, [obs(2021, "4")], 2021).status == "substantial_progress"
    assert one(ind, [obs(2021, "1")], 2021).status == "limited_progress"  # R = 0.5


def test_a_negative_value_still_has_no_status():
    ind = indicator(baseline=(2019, "0"), targets=((2027, "8"),))
    assert one(ind, [obs(2021, "-2")], 2021).status == "not_available"
