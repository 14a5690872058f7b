"""Template filters for numbers, years and percentages, in the page's language."""

from __future__ import annotations

from decimal import Decimal

from django import template

from ..pages import year_label

register = template.Library()


@register.filter
def num(value: Decimal | float | None, digits: int = 0) -> str:
    """9095 → 9,095; None → —."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal) and digits == 0:
        return format(value.normalize(), ",f")  # as written: 9,095 and 9,300.5, not 9300.500000
    return f"{float(value):,.{int(digits)}f}"


@register.filter
def pct(value: float | None) -> str:
    """0.8 → 80.0%; None → —."""
    return "—" if value is None or value == "" else f"{value * 100:.1f}%"


@register.filter
def fy(year: int | None, kind: str = "fiscal") -> str:
    """A year as the page's language writes it (令和5年度 / FY2023)."""
    return "—" if year is None or year == "" else year_label(int(year), kind)
