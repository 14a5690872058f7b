"""The reviewer's numbers beside a figure: changes keep no sign when they round to zero."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from shinchoku.core.model import Observation
from shinchoku.cycle.views.item import ValueFacts


def facts(latest: str, before: str, places: int = 0) -> ValueFacts:
    def seen(year: int, value: str) -> Observation:
        return Observation("employees", year, Decimal(value), "test", datetime.date(2025, 3, 1))

    return ValueFacts(
        latest=seen(2023, latest),
        places=places,
        line=None,
        rating_text="",
        line_text="",
        previous_year=seen(2022, before),
        previous_revision=seen(2023, before),
    )


@pytest.mark.parametrize(
    ("latest", "before", "change", "ratio"),
    [
        ("114800", "114500", "+300", "+0.3%"),  # 300 / 114500 = 0.262 %
        ("114500", "114800", "−300", "-0.3%"),
        ("114520", "114500", "+20", "0.0%"),  # 20 / 114500 = 0.017 %: no "+0.0%"
        ("114480", "114500", "−20", "0.0%"),  # −0.017 %: no "-0.0%"
        ("114500.3", "114500", "±0", "0.0%"),  # +0.3 shown with no decimals is 0: not "+0"
        ("114499.7", "114500", "±0", "0.0%"),  # not "−0"
    ],
)
def test_changes_from_last_year_take_the_sign_of_the_rounded_figure(latest, before, change, ratio):
    f = facts(latest, before)
    shown = (f.year_change_text, f.year_ratio_text, f.revision_change_text)
    assert shown == (change, ratio, change)
