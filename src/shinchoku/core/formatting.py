"""The one rounding rule for every face: the plan's own, half-up to the digits shown.

===========  ===================================================================
reading      a Decimal is taken as written; a float is first read to 15
             significant digits (as a spreadsheet reads it), so 9140.5 stays
             9140.5 and 0.1 + 0.2 stays 0.3
rounding     ROUND_HALF_UP (ties away from zero) to the places shown:
             9140.5 → 9,141, 9140.4 → 9,140, −2.5 → −3; the same as Excel's
             number formats, so an XLSX cell with ``#,##0`` shows what the
             other formats print
zero         a value that rounds to zero has no sign: −0.0004 → 0.0%, −0.3 → 0
             (not −0.0%, −0); a spreadsheet cell of such a value holds 0, since
             Excel would print −0.0% for −0.0004 (``cell_number``); a change
             shown with its sign takes it from the rounded figure: +1.3%, −2, 0
places       an indicator's figures use the decimals its plan publishes them
             with (baseline and targets); percentages one decimal (101.2%)
missing      None (or NaN) prints as —
units        Japanese writes the unit straight after the figure (547万人); English
             puts a space, and a multiplying unit ("10,000 persons", "100 million
             yen") gets "×" so the figure is not read as part of the unit:
             547 × 10,000 persons, 9,141 × 100 million yen, 120 persons
===========  ===================================================================
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from .calendar import format_year
from .model import Indicator, decimals_of

DASH = "—"


def to_decimal(value: Decimal | float | int) -> Decimal:
    """The value as a Decimal; a float read to 15 significant digits."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(f"{value:.15g}")


def rounded(value: Decimal | float | int, places: int = 0) -> Decimal:
    """The value rounded half-up to ``places`` decimals (9140.5 → 9141); a value that
    rounds to zero is 0, never −0 (−0.3 → 0)."""
    shown = to_decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return shown.copy_abs() if shown.is_zero() else shown


def _missing(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def number(value: Decimal | float | int | None, places: int = 0) -> str:
    """9,141 for 9140.5; 9,277.8 with one place; — when there is no figure."""
    if _missing(value):
        return DASH
    return f"{rounded(value, places):,f}"  # type: ignore[arg-type]


def percent(value: float | None, places: int = 1) -> str:
    """101.2% for 1.0115; — when there is no figure."""
    if _missing(value):
        return DASH
    return f"{_percent(value, places):f}%"  # type: ignore[arg-type]


def _percent(value: Decimal | float | int, places: int) -> Decimal:
    return rounded(to_decimal(value) * 100, places)


def signed(value: Decimal | float | int, places: int = 0, share: bool = False) -> str:
    """A change with the sign of its rounded figure: +120, -3.5, 0; with ``share``,
    a percentage: +1.3%, -0.5%, 0.0% (+0.0004 rounds to 0.0%, no sign)."""
    shown = percent(value, places) if share else number(value, places)
    above = (_percent(value, places) if share else rounded(value, places)) > 0
    return "+" + shown if above else shown


def cell_number(value: float | None, places: int, share: bool = False) -> float | None:
    """The number a spreadsheet cell holds for a figure shown with ``places`` decimals
    (with ``share``, a percentage's): the value, but 0 where it rounds to zero."""
    if _missing(value):
        return None
    shown = _percent(value, places) if share else rounded(value, places)  # type: ignore[arg-type]
    return 0.0 if shown.is_zero() else value


def unit_separator(unit: str, lang: str) -> str:
    """What stands between a figure and its unit: nothing in Japanese, " × " before an
    English multiplying unit (10,000 persons), else a space."""
    if lang == "ja" or not unit:
        return ""
    return " × " if unit[0].isdigit() else " "


def with_unit(figure: str, unit: str, lang: str) -> str:
    """A printed figure with its unit: 547万人; 547 × 10,000 persons; 120 persons; — alone."""
    if not unit or figure == DASH:
        return figure
    return f"{figure}{unit_separator(unit, lang)}{unit}"


def threshold(x: float) -> str:
    """A threshold as the method text writes it: 0.6 → 60%, 1.0 → 100%."""
    return f"{x * 100:g}%"


def places(ind: Indicator) -> int:
    """Decimal places the indicator's figures are published with."""
    return max([decimals_of(ind.baseline.value), *(t.decimals for t in ind.targets)])


# A Western year in the visitor languages: 2023年度 / 2023년도 (fiscal), 2023年 / 2023년.
VISITOR_YEARS = {"zh": ("{}年度", "{}年"), "ko": ("{}년도", "{}년")}


def year_label(year: int, kind: str | None, lang: str, style: str = "era") -> str:
    """令和5年度 / R5 in Japanese; FY2023 / 2023 in English; 2023年度 (zh), 2023년도 (ko)."""
    if lang == "en":
        return f"FY{year}" if kind == "fiscal" and style == "era" else str(year)
    if lang in VISITOR_YEARS:
        fiscal, calendar = VISITOR_YEARS[lang]
        return (fiscal if kind == "fiscal" else calendar).format(year)
    return format_year(year, kind, style)  # type: ignore[arg-type]
