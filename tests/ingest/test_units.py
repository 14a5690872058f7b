"""Unit conversion: explicit factors, half-up rounding, the published value kept beside."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shinchoku.ingest.units import UnitError, convert, normalise_unit


@pytest.mark.parametrize(
    ("value", "source_unit", "unit", "expected"),
    [
        (
            "909533",
            "百万円",
            "億円",
            "9095",
        ),  # 令和元年度 所沢市 市町村内総生産 → the plan's baseline
        ("886400", "百万円", "億円", "8864"),  # 平成29年度版
        ("4761203", "人", "万人", "476"),  # 令和3年 観光入込客 (months summed)
        ("4765000", "人", "万人", "477"),  # exactly half rounds up
        ("4764999", "人", "万人", "476"),
        ("909533000", "千円", "億円", "9095"),
        ("114500", "人", "人", "114500"),  # same unit passes through
        ("1741", "億円", "億円", "1741"),
    ],
)
def test_conversions_round_half_up(value, source_unit, unit, expected):
    converted = convert(Decimal(value), source_unit, unit)
    assert converted.value == Decimal(expected)
    assert (converted.source_value, converted.source_unit) == (Decimal(value), source_unit)


def test_decimals_are_kept_when_asked():
    assert convert(Decimal("909533"), "百万円", "億円", decimals=1).value == Decimal("9095.3")


def test_the_note_says_what_was_done():
    text = convert(Decimal("909533"), "百万円", "億円").describe()
    assert text == "原数値 909,533百万円 → 9,095億円（÷100、小数点以下を四捨五入（ROUND_HALF_UP））"
    assert convert(Decimal("114500"), "人", "人").describe() == "原数値 114,500人"


@pytest.mark.parametrize("written", ["（単位：百万円）", "百 万 円", "(百万円)", "百万円"])
def test_units_as_printed_in_tables(written):
    assert normalise_unit(written) == "百万円"


@pytest.mark.parametrize(("a", "b"), [("人", "億円"), ("百万円", "万人"), ("ドル", "億円")])
def test_units_that_do_not_convert(a, b):
    with pytest.raises(UnitError):
        convert(Decimal(1), a, b)


@given(st.integers(min_value=0, max_value=10**15))
def test_million_yen_to_hundred_million_is_within_half_a_unit(n):
    converted = convert(Decimal(n), "百万円", "億円").value
    assert abs(converted * 100 - n) <= 50


def test_a_value_too_long_to_convert_is_an_error_not_a_crash():
    with pytest.raises(UnitError, match="大きすぎて換算できません"):
        convert(Decimal("1e30"), "百万円", "億円")
