"""When the public data last changed: the date shown as 最終更新 and used in the catalogue.

Only changes the public can see count: publishing a year, a plan load, revision or
withdrawal, a value, withdrawal or commentary of a published year, and registry records
becoming (or ceasing to be) public.
Drafts of unpublished years and applications under review do not move the date.
"""

from __future__ import annotations

import datetime

from django.db.models import F, Max, Q

from ..audit.models import AuditEntry
from ..observations.models import Observation, ObservationWithdrawal
from ..plan.models import Commentary, Plan
from .visibility import is_published

PLAN_ACTIONS = ("plan.load", "plan.publish", "plan.unpublish", "plan.revise", "plan.withdraw")
# Registry actions that change nothing a public page shows.
PRIVATE_REGISTRY = ("registries.signup", "registries.goods", "registries.guide_maps",
                    "registries.school_lunch", "registries.outputs")  # fmt: skip


def last_updated(row: Plan) -> datetime.datetime | None:
    """The time of the newest change visible on the public site (None: nothing public yet)."""
    audit = (
        AuditEntry.objects.filter(
            Q(action__in=PLAN_ACTIONS)
            | (
                Q(action__startswith="registries.")
                & ~Q(action__in=PRIVATE_REGISTRY)
                & ~Q(action__endswith=".apply")
                & ~Q(action__endswith=".review")
                & ~Q(action__endswith=".reject")
            )
        )
        .aggregate(at=Max("at"))
        .get("at")
    )
    values = Observation.objects.filter(indicator__plan=row).values("year")
    values = values.annotate(at=Max("recorded_at")).order_by()
    notes = Commentary.objects.filter(indicator__plan=row).values("year")
    notes = notes.annotate(at=Max("written_at")).order_by()
    gone = ObservationWithdrawal.objects.filter(observation__indicator__plan=row)
    gone = gone.values(year=F("observation__year")).annotate(at=Max("withdrawn_at")).order_by()
    times = [audit] + [v["at"] for v in [*values, *notes, *gone] if is_published(row, v["year"])]
    found = [t for t in times if t is not None]
    return max(found) if found else None


def last_updated_date(row: Plan) -> datetime.date | None:
    """The day of ``last_updated`` in the site's time zone."""
    from django.utils import timezone

    when = last_updated(row)
    return timezone.localtime(when).date() if when else None
