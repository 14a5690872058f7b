"""Explicit unit conversion for published figures: 百万円 → 億円, 人 → 万人, 千円 → 億円 ….

Rules, as a table: a source unit and a target unit of the same kind convert by a power of
ten; the result is rounded half up (四捨五入, ``ROUND_HALF_UP``) to the decimals asked for,
so 909,533 百万円 = 9,095.33 億円 → 9,095 億円. The source value and unit are kept beside
the converted value (``Converted.provenance`` gives the observation's fields), and
``Converted.describe()`` says in Japanese what was done.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from ..core.messages import listed, tr

# Units by kind, with their size in the kind's base unit (円, 人, 件, 事業所).
_SIZES: dict[str, tuple[str, int]] = {
    "円": ("yen", 0),
    "千円": ("yen", 3),
    "万円": ("yen", 4),
    "百万円": ("yen", 6),
    "億円": ("yen", 8),
    "兆円": ("yen", 12),
    "人": ("people", 0),
    "千人": ("people", 3),
    "万人": ("people", 4),
    "件": ("count", 0),
    "事業所": ("establishments", 0),
    "%": ("percent", 0),
}
ROUNDING = "四捨五入（ROUND_HALF_UP）"


class UnitError(ValueError):
    """Two units that cannot be converted into each other, or a unit we do not know."""


def normalise_unit(unit: str) -> str:
    """A unit as printed in a table in its plain form: 「（単位：百万円）」 → 百万円."""
    text = unicodedata.normalize("NFKC", unit or "")
    text = "".join(text.split()).strip("()[]（）「」単位:：")
    return text


@dataclass(frozen=True)
class Converted:
    """A value in the indicator's unit, with the published value and unit it came from."""

    value: Decimal
    unit: str
    source_value: Decimal
    source_unit: str
    decimals: int

    @property
    def changed(self) -> bool:
        """True when the unit differs (a same-unit figure only passes through)."""
        return self.unit != self.source_unit

    @property
    def operation(self) -> str:
        """The conversion alone, e.g. ÷100、小数点以下を四捨五入（ROUND_HALF_UP）; empty if none."""
        if not self.changed:
            return ""
        factor = _factor(self.source_unit, self.unit)
        op = f"÷{1 / factor:,.0f}" if factor < 1 else f"×{factor:,.0f}"
        places = "小数点以下" if self.decimals == 0 else f"小数第{self.decimals + 1}位"
        return f"{op}、{places}を{ROUNDING}"

    def describe(self) -> str:
        """What was done, e.g. 原数値 909,533百万円 → 9,095億円（÷100、小数点以下を四捨五入）."""
        source = f"原数値 {self.source_value:,}{self.source_unit}"
        if not self.changed:
            return source
        return f"{source} → {self.value:,}{self.unit}（{self.operation}）"

    def provenance(self, ref: str) -> dict[str, Any]:
        """The observation fields that keep the published figure beside the converted one."""
        return {
            "source_value": self.source_value,
            "source_unit": self.source_unit,
            "conversion": self.operation,
            "source_ref": ref,
        }


def _factor(source_unit: str, unit: str) -> Decimal:
    try:
        kind_from, exp_from = _SIZES[source_unit]
        kind_to, exp_to = _SIZES[unit]
    except KeyError as err:
        message = tr(
            "単位「{unit}」は換算できません（使える単位: {known}）",
            unit=err.args[0],
            known=listed(_SIZES),
        )
        raise UnitError(message) from None
    if kind_from != kind_to:
        raise UnitError(
            tr(
                "{source}を{unit}に換算することはできません（量の種類が違います）",
                source=source_unit,
                unit=unit,
            )
        )
    return Decimal(10) ** (exp_from - exp_to)


def convert(value: Decimal, source_unit: str, unit: str, decimals: int = 0) -> Converted:
    """``value`` in ``source_unit`` expressed in ``unit``, rounded half up to ``decimals``."""
    source_unit, unit = normalise_unit(source_unit), normalise_unit(unit)
    if source_unit == unit:
        # Nothing to convert: the published figure passes through exactly, even in a unit
        # this table does not know, and is not rounded (rounding is only for conversions).
        return Converted(value, unit, value, source_unit, decimals)
    factor = _factor(source_unit, unit)
    try:
        rounded = (value * factor).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than decimal's context holds
        raise UnitError(
            tr("{value}は大きすぎて換算できません", value=f"{value:,}{source_unit}")
        ) from None
    return Converted(rounded, unit, value, source_unit, decimals)
