"""The dashboard's task lists, per role: what is the signed-in user's to do this year.

- department / partner: their items of the year's round (returned first, with the reason);
- secretariat: the review queue, the round's progress by organisation (the "status by
  department" view) and registry applications waiting for review;
- council: the year's draft report and the opinions they wrote, with the city's response.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from ..accounts.models import COUNCIL, DEPARTMENT, PARTNER, SECRETARIAT
from ..accounts.permissions import role_of
from ..cycle import progress
from ..cycle.models import STATES, Round
from ..plan import models as plan_models
from ..registries import rules
from ..registries.models import Product, Shop

# The columns of the progress table, in the order people read a round: 未着手 … 差戻し.
STATE_COLUMNS = [*STATES, (progress.RETURNED, _("差戻し"))]


def _pending_applications() -> list[dict[str, Any]]:
    """Brand products and shops waiting for the secretariat, oldest first."""
    waiting = (rules.APPLIED, rules.REVIEWING)
    found = [
        {"kind": kind, "item": item}
        for kind, model in (("product", Product), ("shop", Shop))
        for item in model.objects.filter(state__in=waiting).select_related("applicant")
    ]
    return sorted(found, key=lambda a: a["item"].applied_at)


def _council(user: Any, row: plan_models.Plan, year: int) -> dict[str, Any]:
    """The year's opinions by ``user``, each with whether the city has responded."""
    opinions = row.opinions.filter(year=year, author=user).prefetch_related("responses")
    return {
        "opinions": [{"opinion": o, "response": o.responses.first()} for o in opinions],
        "report_draft": not row.is_published(year),
    }


def tasks(user: Any, row: plan_models.Plan, year: int, today: datetime.date) -> dict[str, Any]:
    """Everything the dashboard lists for ``user`` in ``year`` (keys unused by the role are
    absent)."""
    role = role_of(user)
    round_ = Round.objects.filter(plan=row, year=year).first()
    found: dict[str, Any] = {"round": round_, "role": role}
    if round_ is not None and role in (DEPARTMENT, PARTNER):
        found["mine"] = progress.my_tasks(user, round_, today)
    if role == SECRETARIAT:
        if round_ is not None:
            rows = progress.by_organisation(round_, today)
            found["review"] = progress.review_queue(round_, today)
            found["progress"] = rows
            found["progress_total"] = progress.totals(rows)
        found["applications"] = _pending_applications()
    if role == COUNCIL:
        found.update(_council(user, row, year))
    return found
