"""The 最終更新 date every page's footer shows."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.db import DatabaseError

from ...plan.selection import plan_for
from ...plan.services import PlanError
from ...versions import cached
from ..updated import last_updated_date

register = template.Library()


def _plan(request: Any) -> Any:
    """The page's plan (plan/selection.py), or None when there is none to show."""
    from django.http import Http404

    try:
        return plan_for(request)
    except (PlanError, Http404):
        return None


@register.simple_tag(takes_context=True)
def last_updated(context: template.Context) -> datetime.date | None:
    """The day the public data of the page's plan last changed (None before anything is
    public, and None when the database cannot be read: the error pages render through this
    footer too)."""
    request = getattr(context, "request", None)
    if request is None:
        return None
    try:
        row = _plan(request)
        if row is None:
            return None
        return updated_on(row)
    except DatabaseError:
        return None


def updated_on(row: Any) -> datetime.date | None:
    """The footer's date for plan ``row``, worked out once per public data version (the
    indicator pages' structured data states the same date)."""

    return cached(f"last-updated:{row.slug}", lambda: last_updated_date(row), public=True)
