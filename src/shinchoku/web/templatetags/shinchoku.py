"""Template filters for numbers, years and percentages, in the page's language.

Numbers are rounded by core.formatting (half-up, the plan's rule), as every report is.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import template

from ...core.context import date_label
from ...core.formatting import number, percent, threshold
from ..pages import lang, year_label

register = template.Library()


@register.filter
def num(value: Decimal | float | None, digits: int | None = None) -> str:
    """9140.5 → 9,141 (half-up to ``digits``, default 0); a Decimal without ``digits`` is
    shown as written (9,300.5); None → —."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal) and digits is None:
        return format(value.normalize(), ",f")  # as written: 9,095 and 9,300.5, not 9300.500000
    return number(value, int(digits or 0))


@register.filter
def pct(value: float | None) -> str:
    """1.0115 → 101.2% (half-up); None → —."""
    return percent(value)


@register.filter(name="threshold")
def threshold_filter(value: float) -> str:
    """A plan threshold as a share: 0.6 → 60%."""
    return threshold(float(value))


@register.filter
def fy(year: int | None, kind: str = "fiscal") -> str:
    """A year as the page's language writes it (令和5年度 / FY2023)."""
    return "—" if year is None or year == "" else year_label(int(year), kind)


@register.filter
def day(value: datetime.date | None) -> str:
    """A date as the page's language writes it (令和7年6月30日 / 30 Jun 2025); a datetime is
    shown in the site's time zone; None → —."""
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.datetime):
        from django.utils import timezone

        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return date_label(value, lang())


@register.filter
def organisation(site: object, code: str | None) -> str:
    """An organisation's name from its code in the site's plan (産業振興課, not sangyo-shinko)."""
    return site.organisation(code) if code else ""  # type: ignore[attr-defined]
