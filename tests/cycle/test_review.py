"""The reviewer's diff and 達成率, as tables."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shinchoku.core.outputs import attainment
from shinchoku.cycle.review import segments


@pytest.mark.parametrize(
    ("before", "after", "whole", "expected"),
    [
        (
            "交流会を2回",
            "交流会を3回",
            False,
            [("equal", "交流会を"), ("delete", "2"), ("insert", "3"), ("equal", "回")],
        ),
        ("", "新しい取組", False, [("insert", "新しい取組")]),
        ("同じ", "同じ", False, [("equal", "同じ")]),
        ("1,150", "1,190", True, [("delete", "1,150"), ("insert", "1,190")]),
        ("", "1,190", True, [("insert", "1,190")]),
        ("継続", "継続", True, [("equal", "継続")]),
        ("", "", True, []),
    ],
)
def test_segments(before, after, whole, expected):
    assert [(s.op, s.text) for s in segments(before, after, whole)] == expected


@pytest.mark.parametrize(
    ("target", "actual", "expected"),
    [
        ("100", "95", 0.95),
        ("3", "3", 1.0),
        ("40", "0", 0.0),
        ("0", "5", None),
        (None, "5", None),
        ("5", None, None),
    ],
)
def test_output_attainment(target, actual, expected):
    d = lambda x: None if x is None else Decimal(x)  # noqa: E731
    assert attainment(d(target), d(actual)) == expected


def test_output_attainment_of_plain_numbers_is_exact():
    # The report's context carries floats: 19 / 25 is 0.76 exactly, not 0.7599999….
    assert (attainment(25, 19), attainment(120.0, 132.0), attainment(0.0, 3)) == (0.76, 1.1, None)
