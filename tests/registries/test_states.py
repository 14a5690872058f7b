"""The applications' state machine (registries.models.Application): every allowed review
action, every refused one with its reason, who may act, and that nothing else changes a
state; the review page's buttons come from the machine."""

from __future__ import annotations

import datetime

import pytest

from shinchoku import machines
from shinchoku.accounts.permissions import NotAllowed
from shinchoku.audit.models import AuditEntry
from shinchoku.registries import rules, services
from shinchoku.registries.models import STATES, Product, ReviewEvent, Shop

from .conftest import PRODUCT

A, R, OK, NO, S, E, W = (rules.APPLIED, rules.REVIEWING, rules.APPROVED, rules.REJECTED,
                         rules.SUSPENDED, rules.ENDED, rules.WITHDRAWN)  # fmt: skip
# The specification, written independently of the model: (action, from) -> to.
ALLOWED = {
    ("review", A): R,
    ("approve", R): OK,
    ("reject", R): NO,
    ("suspend", OK): S,
    ("reinstate", S): OK,
    ("end", OK): E,
    ("end", S): E,
    ("withdraw", A): W,  # the applicant's own
}
ACTIONS = ("review", "approve", "reject", "suspend", "reinstate", "end", "withdraw")
REVIEW = ACTIONS[:-1]
NEEDS_REASON = {"reject", "suspend", "end"}
LABELS = {code: str(label) for code, label in STATES}
DAY = datetime.date(2024, 5, 10)


@pytest.fixture
def product(applicants):
    return services.apply_product(applicants["business"], PRODUCT, on=datetime.date(2024, 4, 20))


def _in_state(row, state):
    type(row).objects.filter(pk=row.pk).update(state=state)  # test set-up, outside services
    return type(row).objects.get(pk=row.pk)


@pytest.mark.parametrize("model", [Product, Shop])
def test_the_declared_machine_is_the_specification(model):
    found = {
        (machines.action_of(t), t.source): t.target
        for t in model._meta.get_field("state").get_all_transitions(model)
    }
    assert found == ALLOWED
    assert list(machines.declared(model)) == list(ACTIONS)
    assert {a for a in ACTIONS if machines.needs_reason(model, a)} == NEEDS_REASON


@pytest.mark.parametrize(("action", "source"), sorted(k for k in ALLOWED if k[0] != "withdraw"))
def test_every_allowed_action_works_and_is_recorded(product, users, action, source):
    row = _in_state(product, source)
    done = services.review(users["secretariat"], row, action, "表示の誤り", on=DAY)
    target = ALLOWED[(action, source)]
    assert Product.objects.get(pk=row.pk).state == done.state == target
    event = ReviewEvent.objects.get(product=row, action=action)
    assert (event.before, event.after, event.effective_on) == (source, target, DAY)
    entry = AuditEntry.objects.get(action=f"registries.product.{action}")
    assert (entry.before, entry.after["state"]) == ({"state": source}, target)
    if action == "approve":
        assert (done.number, done.certified_on) == ("B2024-001", DAY)


@pytest.mark.parametrize(
    ("action", "source"),
    [(a, s) for a in REVIEW for s in rules.STATES if (a, s) not in ALLOWED],
)
def test_every_other_action_is_refused_saying_why(product, users, action, source):
    row = _in_state(product, source)
    label = machines.label(Product, action)
    with pytest.raises(rules.RuleError) as err:
        services.review(users["secretariat"], row, action, "表示の誤り")
    assert str(err.value) == f"{LABELS[source]}の申請には「{label}」はできません"
    assert Product.objects.get(pk=row.pk).state == source
    assert list(ReviewEvent.objects.filter(product=row).values_list("action", flat=True)) == [
        "apply"
    ]


def test_the_applicant_withdraws_only_while_applied(product, applicants, users):
    services.withdraw_application(applicants["business"], product, "製造を中止するため")
    row = Product.objects.get(pk=product.pk)
    assert row.state == W
    event = ReviewEvent.objects.get(product=row, action="withdraw")
    assert (event.before, event.after, event.reason) == (A, W, "製造を中止するため")
    for source in (R, OK, NO, S, E, W):
        row = _in_state(product, source)
        with pytest.raises(rules.RuleError, match="審査が始まっているため"):
            services.withdraw_application(applicants["business"], row)
        assert Product.objects.get(pk=row.pk).state == source


def test_withdrawing_is_not_a_review_action(product, users, applicants):
    with pytest.raises(rules.RuleError, match="この操作は審査ではできません"):
        services.review(users["secretariat"], product, "withdraw")
    with pytest.raises(NotAllowed, match="自分の申請だけ"):
        services.withdraw_application(applicants["other_business"], product)
    assert Product.objects.get(pk=product.pk).state == A


@pytest.mark.parametrize("action", sorted(NEEDS_REASON))
def test_reasons_are_required_where_declared(product, users, action):
    source = next(s for (a, s) in ALLOWED if a == action)
    row = _in_state(product, source)
    with pytest.raises(rules.RuleError, match="理由を入力してください"):
        services.review(users["secretariat"], row, action, "  ")
    assert Product.objects.get(pk=row.pk).state == source


@pytest.mark.parametrize("who", ["department", "partner", "council", "business"])
def test_only_the_secretariat_reviews(product, users, applicants, who):
    actor = users.get(who) or applicants[who]
    with pytest.raises(NotAllowed, match="審査できるのは事務局だけです"):
        services.review(actor, product, "review")
    assert Product.objects.get(pk=product.pk).state == A


def test_a_state_cannot_be_assigned_outside_the_machine(product):
    row = Product.objects.get(pk=product.pk)
    with pytest.raises(AttributeError, match="Direct state modification is not allowed"):
        row.state = OK
    row.refresh_from_db()
    assert row.state == A


@pytest.mark.parametrize(
    ("source", "buttons"),
    [(A, ["審査を始める"]), (R, ["認定・登録する", "認定・登録しない"]),
     (OK, ["停止する", "終了する"]), (S, ["再開する", "終了する"]), (NO, []), (E, [])],
)  # fmt: skip
def test_the_review_page_offers_what_the_machine_allows(product, as_user, source, buttons):
    row = _in_state(product, source)
    page = as_user("secretariat").get(f"/workspace/registries/product/{row.pk}/")
    html = page.content.decode()
    offered = [label for label in {str(machines.label(Product, a)) for a in ACTIONS}
               if f"<button type=\"submit\">{label}</button>" in html]  # fmt: skip
    assert sorted(offered) == sorted(buttons)
