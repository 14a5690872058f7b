"""When the public data last changed: the date shown as 最終更新 and used in the catalogue.

Only changes the public can see count: publishing a year, a plan load, revision or
withdrawal, a value, withdrawal or commentary of a published year, and registry records
becoming (or ceasing to be) public.
Drafts of unpublished years and applications under review do not move the date.
Read from the domain's own records (versions, publications, review events), not the audit log.
"""

from __future__ import annotations

import datetime

from django.db.models import F, Max, QuerySet

from ..observations.models import Observation, ObservationWithdrawal
from ..plan.models import Commentary, Plan, PlanVersion, PlanVersionWithdrawal, Publication
from ..registries.models import KeptVersion, ReviewEvent
from .visibility import is_published

# Review actions that put an application into, or take it out of, the public catalogue.
PUBLIC_REVIEW = ("approve", "suspend", "reinstate", "end")


def _newest(rows: QuerySet, field: str) -> datetime.datetime | None:
    return rows.aggregate(at=Max(field))["at"]


def last_updated(row: Plan) -> datetime.datetime | None:
    """The time of the newest change visible on the public site (None: nothing public yet)."""
    changes = [
        _newest(PlanVersion.objects.filter(plan=row), "created_at"),  # load, revision
        _newest(PlanVersionWithdrawal.objects.filter(version__plan=row), "withdrawn_at"),
        _newest(Publication.objects.filter(plan=row), "at"),  # publish, unpublish
        _newest(ReviewEvent.objects.filter(action__in=PUBLIC_REVIEW), "at"),
        _newest(KeptVersion.objects.all(), "at"),  # places, courses, signs; 掲載
    ]
    values = Observation.objects.filter(indicator__plan=row).values("year")
    values = values.annotate(at=Max("recorded_at")).order_by()
    notes = Commentary.objects.filter(indicator__plan=row).values("year")
    notes = notes.annotate(at=Max("written_at")).order_by()
    gone = ObservationWithdrawal.objects.filter(observation__indicator__plan=row)
    gone = gone.values(year=F("observation__year")).annotate(at=Max("withdrawn_at")).order_by()
    times = changes + [v["at"] for v in [*values, *notes, *gone] if is_published(row, v["year"])]
    found = [t for t in times if t is not None]
    return max(found) if found else None


def last_updated_date(row: Plan) -> datetime.date | None:
    """The day of ``last_updated`` in the site's time zone."""
    from django.utils import timezone

    when = last_updated(row)
    return timezone.localtime(when).date() if when else None
