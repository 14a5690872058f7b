"""Which years the open data may show: one rule, read from the plan.

TODO(publication helper): when ``Plan.is_published(year)`` lands in
``shinchoku.plan.models``, make ``is_published`` below return ``row.is_published(year)``;
everything in this package decides visibility through it.
"""

from __future__ import annotations

from ..plan.models import Plan


def is_published(row: Plan, year: int) -> bool:
    """Whether data of ``year`` is public (the plan's published year and every earlier one)."""
    return row.published_year is not None and year <= row.published_year


def evaluation_years(row: Plan) -> list[int]:
    """The published years the public site evaluates (and reports on): the vision's years."""
    return [y for y in range(row.vision_start, row.vision_end + 1) if is_published(row, y)]


def newest_published(row: Plan) -> int | None:
    """The newest published year: the year the public pages show (None: none yet)."""
    return row.published_year
