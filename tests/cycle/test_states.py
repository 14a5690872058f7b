"""The round item's state machine (cycle.models.Request): every allowed move, every refused
one, who may make it, and that nothing else changes a state."""

from __future__ import annotations

import datetime

import pytest

from shinchoku import machines
from shinchoku.accounts.permissions import NotAllowed
from shinchoku.audit.models import AuditEntry
from shinchoku.cycle import items, services
from shinchoku.cycle.models import (
    APPROVED,
    DRAFTING,
    NOT_STARTED,
    STATES,
    SUBMITTED,
    Request,
    Transition,
)
from shinchoku.ingest.errors import InputError

# The specification, written independently of the model: (action, from) -> to.
ALLOWED = {
    ("draft", NOT_STARTED): DRAFTING,
    ("submit", NOT_STARTED): SUBMITTED,
    ("submit", DRAFTING): SUBMITTED,
    ("approve", SUBMITTED): APPROVED,
    ("return", SUBMITTED): DRAFTING,
    ("return", APPROVED): DRAFTING,
}
ACTIONS = ("draft", "submit", "approve", "return")
LABELS = dict(STATES)
REASON = "出典の年度を確かめてください"


@pytest.fixture(autouse=True)
def _spring_2024(monkeypatch):
    monkeypatch.setattr("shinchoku.plan.services.today", lambda: datetime.date(2024, 6, 1))


@pytest.fixture
def indicator_request(plan, users):
    round_ = services.open_round(plan, 2023, datetime.date(2024, 6, 30), users["secretariat"])
    return round_.requests.get(indicator__code="gross-product")


def _in_state(req: Request, state: str) -> Request:
    Request.objects.filter(pk=req.pk).update(state=state)  # test set-up, outside any service
    return Request.objects.get(pk=req.pk)


def test_the_declared_machine_is_the_specification():
    found = {
        (machines.action_of(t), t.source): t.target
        for t in Request._meta.get_field("state").get_all_transitions(Request)
    }
    assert found == ALLOWED
    assert list(machines.declared(Request)) == list(ACTIONS)
    assert [machines.needs_reason(Request, a) for a in ACTIONS] == [False, False, False, True]


@pytest.mark.parametrize(("action", "source"), sorted(ALLOWED))
def test_every_allowed_move_works_and_is_recorded(indicator_request, users, action, source):
    req = _in_state(indicator_request, source)
    moved = services.move(req, action, users["secretariat"], REASON if action == "return" else "")
    target = ALLOWED[(action, source)]
    assert Request.objects.get(pk=req.pk).state == moved.state == target
    t = Transition.objects.get(request=req)
    assert (t.action, t.before, t.after, t.actor) == (action, source, target, "secretariat")
    entry = AuditEntry.objects.get(action=f"cycle.{action}")
    assert (entry.before, entry.after["state"]) == ({"state": source}, target)
    assert moved.returned is (action == "return")


@pytest.mark.parametrize(
    ("action", "source"),
    [(a, s) for a in ACTIONS for s, _label in STATES if (a, s) not in ALLOWED],
)
def test_every_other_move_is_refused_saying_why(indicator_request, users, action, source):
    req = _in_state(indicator_request, source)
    with pytest.raises(InputError) as err:
        services.move(req, action, users["secretariat"], REASON)
    assert err.value.problems[0].message == f"{LABELS[source]}の依頼にはこの操作はできません"
    assert Request.objects.get(pk=req.pk).state == source
    assert not Transition.objects.filter(request=req).exists()
    assert (
        not AuditEntry.objects.filter(action__startswith="cycle.")
        .exclude(action="cycle.open")
        .exists()
    )


def test_a_return_needs_a_reason_and_changes_nothing_without_one(indicator_request, users):
    req = _in_state(indicator_request, SUBMITTED)
    with pytest.raises(InputError, match="差戻しの理由を書いてください"):
        services.move(req, "return", users["secretariat"], "  ")
    assert Request.objects.get(pk=req.pk).state == SUBMITTED
    assert not Transition.objects.filter(request=req).exists()


def test_an_unknown_action_is_a_programming_error(indicator_request, users):
    with pytest.raises(ValueError, match="unknown action"):
        services.move(indicator_request, "publish", users["secretariat"])


@pytest.mark.parametrize(
    ("who", "action", "source"),
    [
        ("department", "approve", SUBMITTED),  # the owner does not approve their own item
        ("department", "return", APPROVED),
        ("council", "submit", DRAFTING),
        ("other_department", "submit", DRAFTING),  # not the owner
        ("partner", "draft", NOT_STARTED),
    ],
)
def test_moves_outside_ones_role_are_refused(indicator_request, users, who, action, source):
    req = _in_state(indicator_request, source)
    with pytest.raises(NotAllowed, match="この操作をする権限がありません"):
        services.move(req, action, users[who], REASON)
    assert Request.objects.get(pk=req.pk).state == source


def test_a_state_cannot_be_assigned_outside_the_machine(indicator_request):
    req = Request.objects.get(pk=indicator_request.pk)
    with pytest.raises(AttributeError, match="Direct state modification is not allowed"):
        req.state = APPROVED
    req.refresh_from_db()  # reading the stored state again is still possible
    assert req.state == NOT_STARTED


@pytest.mark.parametrize(
    ("source", "who", "buttons"),
    [
        (NOT_STARTED, "department", ["submit"]),
        (DRAFTING, "department", ["submit"]),
        (SUBMITTED, "department", []),
        (SUBMITTED, "secretariat", ["approve", "return"]),
        (APPROVED, "secretariat", ["return"]),
        (SUBMITTED, "council", []),
        (DRAFTING, "other_department", []),
    ],
)
def test_the_buttons_are_what_the_machine_allows(indicator_request, users, source, who, buttons):
    req = _in_state(indicator_request, source)
    assert items.actions(req, users[who]) == buttons
