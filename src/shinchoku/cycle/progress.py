"""Where a round stands: each owner's task list and the progress by organisation.

=============  =====================================================================
state          未着手 (not_started), 作成中 (drafting), 提出済 (submitted), 承認
               (approved); a request returned and not resubmitted counts as 差戻し
               (returned), never as 作成中
overdue        a request still open (未着手, 作成中, 差戻し) after the round's due date
task order     returned first (the owner has to act and knows why), then overdue, then
               by state (未着手, 作成中, 提出済, 承認) and the item's plan order
=============  =====================================================================
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import F

from ..accounts.permissions import restrict
from .models import APPROVED, DRAFTING, NOT_STARTED, SUBMITTED, Request, Round, Transition
from .services import OPEN, label, owner_name, state_label

RETURNED = "returned"
COLUMNS = (NOT_STARTED, DRAFTING, SUBMITTED, APPROVED, RETURNED)
_ORDER = {s: n for n, s in enumerate((RETURNED, NOT_STARTED, DRAFTING, SUBMITTED, APPROVED))}


def state_of(request: Request) -> str:
    """The request's column: its state, or ``returned`` while a return is being redone."""
    return RETURNED if request.returned and request.state in OPEN else request.state


def is_overdue(request: Request, due: datetime.date, today: datetime.date) -> bool:
    """Still open after the due date."""
    return request.state in OPEN and today > due


@dataclass(frozen=True)
class Task:
    """One item on an owner's list (or the secretariat's review queue)."""

    request: Request
    item: str
    state: str  # a column of COLUMNS
    state_label: str
    due: datetime.date
    overdue: bool
    reason: str  # why it was returned ("" unless returned)


def _return_reasons(requests: list[Request]) -> dict[int, str]:
    """The latest return reason of each request that has one."""
    found: dict[int, str] = {}
    moves = Transition.objects.filter(request__in=requests, action="return").order_by("at", "id")
    for t in moves:
        found[t.request_id] = t.reason
    return found


def _tasks(requests: list[Request], round_: Round, today: datetime.date) -> list[Task]:
    reasons = _return_reasons([r for r in requests if r.returned])
    tasks = [
        Task(
            request=r,
            item=label(r),
            state=state_of(r),
            state_label=state_label(r),
            due=round_.due,
            overdue=is_overdue(r, round_.due, today),
            reason=reasons.get(r.pk, "") if r.returned else "",
        )
        for r in requests
    ]
    return sorted(tasks, key=lambda t: (t.state != RETURNED, not t.overdue, _ORDER[t.state]))


def _requests(queryset: Any) -> list[Request]:
    return list(queryset.select_related("indicator", "project", "owner", "round"))


def my_tasks(user: Any, round_: Round, today: datetime.date) -> list[Task]:
    """The items ``user``'s organisation owes this round, returned ones first."""
    return _tasks(_requests(restrict(user, round_.requests.all(), "submit")), round_, today)


def review_queue(round_: Round, today: datetime.date) -> list[Task]:
    """Submitted items waiting for the secretariat's review."""
    return _tasks(_requests(round_.requests.filter(state=SUBMITTED)), round_, today)


@dataclass(frozen=True)
class OrganisationProgress:
    """One organisation's line of the status-by-department table."""

    code: str
    name: str
    counts: dict[str, int]  # by column of COLUMNS
    overdue: int

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        """The counts in the order of COLUMNS (for tables)."""
        return [self.counts[c] for c in COLUMNS]


def by_organisation(round_: Round, today: datetime.date) -> list[OrganisationProgress]:
    """Counts per state and overdue items for each organisation addressed this round, in
    the order the plan first names them (the owner of the first indicator first)."""
    rows: dict[int, dict[str, Any]] = {}
    plan_order = (F("indicator__position").asc(nulls_last=True), "project__number", "pk")
    for r in round_.requests.select_related("owner").order_by(*plan_order):
        row = rows.setdefault(
            r.owner_id,
            {"org": r.owner, "counts": dict.fromkeys(COLUMNS, 0), "overdue": 0},
        )
        row["counts"][state_of(r)] += 1
        row["overdue"] += is_overdue(r, round_.due, today)
    return [
        OrganisationProgress(v["org"].code, owner_name(v["org"]), v["counts"], v["overdue"])
        for v in rows.values()
    ]


def totals(rows: list[OrganisationProgress]) -> OrganisationProgress:
    """The sum over every organisation (the table's last line)."""
    counts = {c: sum(r.counts[c] for r in rows) for c in COLUMNS}
    return OrganisationProgress("", "", counts, sum(r.overdue for r in rows))
