"""The 最終更新 date every page's footer shows."""

from __future__ import annotations

import datetime
from typing import Any

from django import template
from django.db import DatabaseError

from ...versions import cached

register = template.Library()


def _updated(request: Any) -> datetime.date | None:
    from django.http import Http404

    from ...plan.selection import plan_for
    from ...plan.services import PlanError
    from ..updated import last_updated_date

    try:
        return last_updated_date(plan_for(request))
    except (PlanError, Http404):
        return None


@register.simple_tag(takes_context=True)
def last_updated(context: template.Context) -> datetime.date | None:
    """The day the public data last changed (None before anything is public, and None when
    the database cannot be read: the error pages render through this footer too)."""
    request = getattr(context, "request", None)
    if request is None:
        return None
    slug = getattr(request, "plan_slug", None) or ""
    try:
        return cached(f"last-updated:{slug}", lambda: _updated(request), public=True)
    except DatabaseError:
        return None
