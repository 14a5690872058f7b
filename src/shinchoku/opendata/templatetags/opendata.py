"""The 最終更新 date every page's footer shows."""

from __future__ import annotations

import datetime

from django import template
from django.db import DatabaseError

from ...versions import cached

register = template.Library()


def _updated() -> datetime.date | None:
    from ...plan.services import PlanError, current_plan
    from ..updated import last_updated_date

    try:
        return last_updated_date(current_plan())
    except PlanError:
        return None


@register.simple_tag
def last_updated() -> datetime.date | None:
    """The day the public data last changed (None before anything is public, and None when
    the database cannot be read: the error pages render through this footer too)."""
    try:
        return cached("last-updated", _updated, public=True)
    except DatabaseError:
        return None
