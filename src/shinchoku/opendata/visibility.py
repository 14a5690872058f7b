"""Which years the open data may show: ``Plan.is_published``, the project's one rule."""

from __future__ import annotations

from ..plan.models import Plan


def is_published(row: Plan, year: int) -> bool:
    """Whether data of ``year`` is public (``Plan.is_published``; every part asks here)."""
    return row.is_published(year)


def evaluation_years(row: Plan) -> list[int]:
    """The published years the public site evaluates (and reports on): the vision's years."""
    return [y for y in range(row.vision_start, row.vision_end + 1) if is_published(row, y)]


def newest_published(row: Plan) -> int | None:
    """The newest published round: the year the public pages show (None: none yet)."""
    return row.published_year


def shown_plan_year(row: Plan) -> int:
    """The year whose plan version the public pages show (before any round: the plan's eve)."""
    return row.year_shown(newest_published(row))
