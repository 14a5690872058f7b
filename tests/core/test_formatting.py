"""The one rounding rule: half-up to the digits shown, the same in every face."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shinchoku.core.formatting import number, percent, places, rounded
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.plan import builtin

PLAN = read_plan_text(builtin.plan_text(), builtin.PLAN_FILE)


@pytest.mark.parametrize(
    ("value", "digits", "shown"),
    [
        (9140.5, 0, "9,141"),  # path(R3) of 総生産額: half-up, not half-to-even (9,140)
        (Decimal("9140.5"), 0, "9,141"),
        (9140.49, 0, "9,140"),
        (684.5, 0, "685"),  # the 観光入込客数 projection of the report fixture
        (9277.75, 1, "9,277.8"),
        (1.005, 2, "1.01"),  # read to 15 digits as Excel does, not 1.00499999…
        (-2.5, 0, "-3"),  # ties away from zero, as Excel
        (114500, 0, "114,500"),
        (None, 0, "—"),
        (float("nan"), 0, "—"),
    ],
)
def test_number_rounds_half_up(value, digits, shown):
    assert number(value, digits) == shown


@pytest.mark.parametrize(
    ("value", "shown"),
    [(1.0115, "101.2%"), (0.48, "48.0%"), (115 / 45.5, "252.7%"), (0.0005, "0.1%"), (None, "—")],
)
def test_percent_rounds_half_up(value, shown):
    assert percent(value) == shown


def test_rounded_value_and_plan_places():
    assert rounded(9140.5) == Decimal("9141")
    assert [places(i) for i in PLAN.indicators] == [0, 0, 0, 0]


@pytest.mark.parametrize(
    ("figure", "unit", "lang", "shown"),
    [
        ("547", "万人", "ja", "547万人"),  # Japanese: the unit straight after the figure
        ("547", "10,000 persons", "en", "547 × 10,000 persons"),  # not "547 10,000 persons"
        ("9,141", "100 million yen", "en", "9,141 × 100 million yen"),
        ("120,611", "persons", "en", "120,611 persons"),
        ("4.2", "km", "en", "4.2 km"),
        ("—", "10,000 persons", "en", "—"),  # no figure: no unit either
        ("12", "", "en", "12"),
    ],
)
def test_a_figure_with_its_unit_reads_the_same_in_every_face(figure, unit, lang, shown):
    from shinchoku.core.formatting import with_unit

    assert with_unit(figure, unit, lang) == shown


@pytest.mark.parametrize(
    ("lang", "kind", "shown"),
    [
        ("ja", "fiscal", "令和5年度"),
        ("en", "fiscal", "FY2023"),
        ("zh", "fiscal", "2023年度"),
        ("ko", "fiscal", "2023년도"),
        ("zh", "calendar", "2023年"),
        ("ko", "calendar", "2023년"),
    ],
)
def test_a_year_in_each_language_the_site_speaks(lang, kind, shown):
    from shinchoku.core.formatting import year_label

    assert year_label(2023, kind, lang) == shown


def test_a_date_for_visitors_is_western():
    import datetime

    from shinchoku.core.context import date_label

    day = datetime.date(2025, 6, 30)
    assert [date_label(day, code) for code in ("ja", "en", "zh", "ko")] == [
        "令和7年6月30日",
        "30 Jun 2025",
        "2025年6月30日",
        "2025년 6월 30일",
    ]


@pytest.mark.parametrize(
    ("value", "digits", "shown"),
    [
        (-0.3, 0, "0"),  # rounds to zero: no minus sign (was "-0")
        (-0.04, 1, "0.0"),  # was "-0.0"
        (Decimal("-0.049"), 1, "0.0"),
        (-0.5, 0, "-1"),  # half-up away from zero: a real minus stays
        (-0.05, 1, "-0.1"),
    ],
)
def test_a_number_that_rounds_to_zero_has_no_minus(value, digits, shown):
    assert number(value, digits) == shown
    assert str(rounded(value, digits)) == shown.replace(",", "")


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (-0.0004, "0.0%"),  # −0.04 % rounds to 0.0 %: was "-0.0%"
        (-0.00049, "0.0%"),
        (-0.0005, "-0.1%"),  # −0.05 % rounds half-up to −0.1 %
        (-0.013, "-1.3%"),
    ],
)
def test_a_percentage_that_rounds_to_zero_has_no_minus(value, shown):
    assert percent(value) == shown


@pytest.mark.parametrize(
    ("value", "digits", "share", "shown"),
    [
        (0.013, 1, True, "+1.3%"),
        (-0.005, 1, True, "-0.5%"),
        (0.0004, 1, True, "0.0%"),  # rounds to zero: neither + nor −
        (-0.0004, 1, True, "0.0%"),
        (120, 0, False, "+120"),
        (-3.45, 1, False, "-3.5"),
        (0.3, 0, False, "0"),
        (-0.3, 0, False, "0"),
    ],
)
def test_a_change_takes_its_sign_from_the_rounded_figure(value, digits, share, shown):
    from shinchoku.core.formatting import signed

    assert signed(value, digits, share=share) == shown


def test_a_spreadsheet_cell_holds_zero_where_the_figure_rounds_to_zero():
    from shinchoku.core.formatting import cell_number

    # Excel prints −0.0004 with "0.0%" as −0.0%; the cell holds 0 instead, a number still.
    assert cell_number(-0.0004, 1, share=True) == 0.0
    assert cell_number(-0.0005, 1, share=True) == -0.0005  # shown as −0.1%: kept as is
    assert cell_number(-0.3, 0) == 0.0
    assert cell_number(-0.5, 0) == -0.5
    assert cell_number(684.5, 0) == 684.5
    assert cell_number(None, 0) is None


def test_a_progress_just_below_zero_is_shown_as_0_0_percent_on_every_face():
    from shinchoku.core.evaluation import evaluate
    from shinchoku.core.model import Observation
    from shinchoku.core.serialize import evaluation_dict

    # 総生産額: baseline R1 9,095, target R5 9,186. R5 actual 9,094.98:
    # progress (9094.98 − 9095) / (9186 − 9095) = −0.02 / 91 = −0.00022 → 0.0 %, rated D.
    seen = Observation("gross-product", 2023, Decimal("9094.98"), "test", None)
    results = evaluate(PLAN.indicators, [seen], 2023)
    gp = results[0]
    assert gp.indicator.code == "gross-product"
    assert gp.progress == pytest.approx(-0.02 / 91)
    assert gp.rating == "D"  # the rule reads the unrounded progress
    row = evaluation_dict(2023, None, results)["indicators"][0]
    assert row["display"]["progress"] == "0.0%"
    assert row["display"]["attainment"] == "99.0%"  # 9094.98 / 9186
