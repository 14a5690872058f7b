"""The permission matrix, generated from ``accounts.permissions.TABLE``: every role × every
permission × own/other organisation, at the predicate level (all of them, through both
``allowed`` and Django's ``user.has_perm``) and at the service level (real calls on real
objects for a representative permission of each kind); ``restrict`` agrees with the
predicates on every owned model.

``SPEC`` says, in words of roles, who should hold each permission; it is written apart from
the table so that a change to either shows here.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from shinchoku.accounts import permissions
from shinchoku.accounts.permissions import SYSTEM, NoActor, NotAllowed, allowed, restrict
from shinchoku.audit.models import AuditEntry
from shinchoku.cycle.models import SUBMITTED, OutputIndicator, Request, Round
from shinchoku.observations.models import ImportJob
from shinchoku.plan.models import Organisation

ACTORS = ("secretariat", "department", "partner", "council", "applicant", "anonymous",
          "system", "none")  # fmt: skip
OFFICE = {"secretariat", "system"}
STAFF = {"secretariat", "department", "partner", "council"}
OWNER_ROLES = {"department", "partner"}
SIGNED_IN = STAFF | {"applicant"}

# Who holds each permission: the office (secretariat and SYSTEM), owners of the object and
# the office, every staff role, the secretariat and the council, any signed-in user.
KINDS = {
    "office": lambda actor, own: actor in OFFICE,
    "owner": lambda actor, own: actor in OFFICE or (actor in OWNER_ROLES and own),
    "staff": lambda actor, own: actor in STAFF | {"system"},
    "council": lambda actor, own: actor in {"secretariat", "council"},
    "signed_in": lambda actor, own: actor in SIGNED_IN,
    "applicant_or_office": lambda actor, own: actor in OFFICE or (actor in SIGNED_IN and own),
    "uploader_or_office": lambda actor, own: actor in OFFICE or (actor in SIGNED_IN and own),
}
SPEC = {
    "shinchoku.view_drafts": "staff",
    "shinchoku.add_value": "owner",
    "shinchoku.submit": "owner",
    "shinchoku.self_evaluate": "owner",
    "shinchoku.opine": "council",
    "registries.apply": "signed_in",
    "registries.change_application": "applicant_or_office",
    "registries.view_application": "applicant_or_office",
    "shinchoku.view_import": "uploader_or_office",
} | {
    name: "office"
    for name in (
        "shinchoku.view_audit", "registries.view_applications",
        "shinchoku.act_for_any_organisation", "shinchoku.open_round",
        "shinchoku.approve_request", "shinchoku.return_request", "shinchoku.send_reminders",
        "shinchoku.define_output", "shinchoku.write_measure_review", "shinchoku.write_overview",
        "shinchoku.load_plan", "shinchoku.revise_plan", "shinchoku.withdraw_plan_version",
        "shinchoku.comment", "shinchoku.publish", "shinchoku.unpublish",
        "shinchoku.record_meeting", "shinchoku.respond", "shinchoku.manage_users",
        "registries.decide_application", "registries.hand_out_goods", "registries.save_place",
        "registries.set_listed", "registries.record_guide_maps",
        "registries.record_school_lunch", "registries.save_course", "registries.save_sign",
        "registries.record_outputs",
    )
}  # fmt: skip
# The kind of object each owned permission is asked about.
OBJECT_OF = {
    "shinchoku.add_value": "indicator",
    "shinchoku.submit": "request",
    "shinchoku.self_evaluate": "project",
    "registries.change_application": "application",
    "registries.view_application": "application",
    "shinchoku.view_import": "job",
}
ORG = {"department": "sangyo-shinko", "partner": "tokorozawa-cci"}
OTHER = "nogyo-shinko"
PASSWORD = "a-long-test-password-2026"
SHEET = {"activities": "奨励金3件", "budget": "1200", "rating": "B", "direction": "continue"}
PRODUCT = {"name": "テスト特産品", "maker": "テスト製菓", "category": "sweets", "story": "茶葉"}


def expected(permission: str, actor: str, own: bool) -> bool:
    return KINDS[SPEC[permission]](actor, own)


@pytest.fixture
def actors(users) -> dict:
    applicant = get_user_model().objects.create_user("business", password=PASSWORD)
    return {
        **{name: users[name] for name in STAFF},
        "applicant": applicant,
        "anonymous": AnonymousUser(),
        "system": SYSTEM,
        "none": None,
    }


@pytest.fixture
def things(plan, actors) -> dict:
    """For each of three organisations an indicator, a project, its round request and an
    output indicator it owns (the project of the partner is led by the department); a
    registry application of each signed-in actor's own and one of another business."""
    from shinchoku.registries.applications import apply_product

    orgs = {o.code: o for o in Organisation.objects.all()}
    codes = ("sangyo-shinko", "tokorozawa-cci", OTHER)
    indicators = {}
    for ind, code in zip(plan.indicators.order_by("code"), codes, strict=False):
        ind.owner = orgs[code]
        ind.save(update_fields=["owner"])
        indicators[code] = ind
    projects = {
        "sangyo-shinko": plan.projects.filter(lead__code="sangyo-shinko", partners=None),
        "tokorozawa-cci": plan.projects.filter(partners__code="tokorozawa-cci"),
        OTHER: plan.projects.filter(lead__code=OTHER).exclude(partners__code__in=codes),
    }
    round_ = Round.objects.create(plan=plan, year=2024, due=datetime.date(2025, 6, 30))
    found: dict = {}
    for code in codes:
        project = projects[code].order_by("number").first()
        found[code] = {
            "indicator": indicators[code],
            "project": project,
            "request": Request.objects.create(round=round_, project=project, owner=project.lead),
            "output": OutputIndicator.objects.create(project=project, name="件数", unit="件"),
        }
    other = get_user_model().objects.create_user("other-business", password=PASSWORD)
    found["applications"] = {
        name: apply_product(actors[name] if name in SIGNED_IN else other, PRODUCT)
        for name in (*SIGNED_IN, "other")
    }
    found["jobs"] = {  # an import job of each signed-in actor's own, and another user's
        name: ImportJob.objects.create(
            file_name=f"{name}.csv",
            upload="0" * 32,
            user=actors[name] if name != "other" else other,
        )
        for name in (*SIGNED_IN, "other")
    }
    return found


def pick(things: dict, kind: str, actor: str, own: bool):
    """The object of ``kind`` owned by the actor's organisation (``own``) or by another;
    for an application or an import job, the actor's own or another user's."""
    if kind in ("application", "job"):
        return things[f"{kind}s"][actor if own and actor in SIGNED_IN else "other"]
    return things[ORG.get(actor, "sangyo-shinko") if own else OTHER][kind]


def test_spec_covers_the_table():
    assert set(SPEC) == set(permissions.TABLE)
    assert set(permissions.WRITE) | set(permissions.READ) == set(permissions.TABLE)


@pytest.mark.parametrize("permission", list(permissions.TABLE))
def test_predicates(permission, actors, things):
    """Every role (and SYSTEM, and no actor) × own/other organisation for ``permission``."""
    wrong = []
    for actor in ACTORS:
        for own in (True, False):
            obj = pick(things, OBJECT_OF.get(permission, "indicator"), actor, own)
            want = expected(permission, actor, own)
            user = actors[actor]
            got = [allowed(user, permission, obj)]
            if user is not None and user is not SYSTEM:  # Django's backends ask the same table
                got.append(user.has_perm(permission, obj))
            if got != [want] * len(got):
                wrong.append((actor, "own" if own else "other", want, got))
    assert wrong == []


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("permission", list(OBJECT_OF))
def test_owned_permissions_without_an_object(permission, actor, actors):
    """Without an object: whether the actor may do it to some objects (menus, page guards)."""
    assert allowed(actors[actor], permission) is expected(permission, actor, own=True)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize(
    ("permission", "model"),
    [
        ("shinchoku.add_value", "indicator"),
        ("shinchoku.submit", "request"),
        ("shinchoku.self_evaluate", "project"),
        ("shinchoku.self_evaluate", "output"),
        ("registries.view_application", "application"),
        ("registries.change_application", "application"),
        ("shinchoku.view_import", "job"),
    ],
)
def test_restrict_agrees_with_the_predicates(permission, model, actor, actors, things):
    user = actors[actor]
    rows = type(pick(things, model, actor, False)).objects.all()
    by_predicate = {o.pk for o in rows if allowed(user, permission, o)}
    if model == "output":  # an output's owners are its project's
        by_predicate = {o.pk for o in rows if allowed(user, permission, o.project)}
    assert set(restrict(user, rows, permission).values_list("pk", flat=True)) == by_predicate
    if actor in (SIGNED_IN - OFFICE if model in ("application", "job") else OWNER_ROLES):  # own
        assert pick(things, model, actor, True).pk in by_predicate
        assert pick(things, model, actor, False).pk not in by_predicate


@pytest.mark.parametrize("actor", ACTORS)
def test_restrict_agrees_for_every_permission(actor, actors, things):
    """No permission of the table has an object rule that ``restrict`` does not know."""
    user = actors[actor]
    kinds = ("indicator", "request", "project", "application", "job")
    for model in kinds:
        rows = type(pick(things, model, actor, False)).objects.all()
        for permission in permissions.TABLE:
            if OBJECT_OF.get(permission, model) != model:
                continue  # an object rule is asked about its own kind of object
            by_predicate = {o.pk for o in rows if allowed(user, permission, o)}
            got = set(restrict(user, rows, permission).values_list("pk", flat=True))
            assert got == by_predicate, (permission, model)


def test_unknown_permission_is_an_error():
    with pytest.raises(ValueError, match="unknown permission 'review'"):
        allowed(SYSTEM, "review")


def test_no_actor_is_refused_with_a_clear_message(plan):
    from shinchoku.observations import services as observations

    fields = {"indicator": "gross-product", "year": "2022", "value": "9300", "source": "s"}
    with pytest.raises(NoActor, match="SYSTEM を渡します"):
        observations.add(plan, fields)


# Service level: one real call per permission, on the object the matrix names.
def _add_value(ctx, actor):
    from shinchoku.observations import services as observations

    ind = pick(ctx["things"], "indicator", ctx["who"], ctx["own"])
    fields = {"indicator": ind.code, "year": "2022", "value": "1", "source": "テスト",
              "note": "テスト"}  # fmt: skip
    observations.add(ctx["plan"], fields, actor, options=False, confirm=True)


def _submit(ctx, actor):
    from shinchoku.cycle import services as cycle

    cycle.move(pick(ctx["things"], "request", ctx["who"], ctx["own"]), "draft", actor)


def _self_evaluate(ctx, actor):
    from shinchoku.cycle import services as cycle

    cycle.save_evaluation(pick(ctx["things"], "project", ctx["who"], ctx["own"]), 2024, SHEET,
                          actor)  # fmt: skip


def _approve(ctx, actor):
    from shinchoku.cycle import services as cycle

    request = pick(ctx["things"], "request", ctx["who"], ctx["own"])
    Request.objects.filter(pk=request.pk).update(state=SUBMITTED)
    request.refresh_from_db()
    cycle.move(request, "approve", actor)


def _publish(ctx, actor):
    from shinchoku.cycle import publication

    on = datetime.date(2026, 12, 1)
    phrase = publication.checklist(ctx["plan"], 2023, on).phrase
    publication.publish(ctx["plan"], 2023, phrase, actor, on=on)


def _comment(ctx, actor):
    from shinchoku.plan.services import write_commentary

    write_commentary(ctx["things"][OTHER]["indicator"], 2022, "所見", actor)


def _opine(ctx, actor):
    from shinchoku.council import services as council

    council.add_opinion(ctx["plan"], 2023, "indicator", "gross-product", "意見", actor)


def _manage_users(ctx, actor):
    from shinchoku.accounts.services import add_user

    add_user("new-member", "council", PASSWORD, None, actor)


def _decide(ctx, actor):
    from shinchoku.registries import applications as registries

    product = registries.apply_product(ctx["actors"]["applicant"], PRODUCT)
    registries.review(actor, product, "review")


def _apply(ctx, actor):
    from shinchoku.registries import applications as registries

    registries.apply_product(actor, PRODUCT)


def _withdraw_application(ctx, actor):
    from shinchoku.registries import applications as registries

    application = pick(ctx["things"], "application", ctx["who"], ctx["own"])
    registries.withdraw_application(actor, application, "テスト")


SERVICE_CALLS = {
    "shinchoku.add_value": _add_value,
    "shinchoku.submit": _submit,
    "shinchoku.self_evaluate": _self_evaluate,
    "shinchoku.approve_request": _approve,
    "shinchoku.publish": _publish,
    "shinchoku.comment": _comment,
    "shinchoku.opine": _opine,
    "shinchoku.manage_users": _manage_users,
    "registries.decide_application": _decide,
    "registries.apply": _apply,
    "registries.change_application": _withdraw_application,
}
SERVICE_CASES = [
    (permission, actor, own)
    for permission in SERVICE_CALLS
    for actor in ACTORS
    for own in ((True, False) if permission in OBJECT_OF else (True,))
]


@pytest.mark.parametrize(
    ("permission", "actor", "own"),
    SERVICE_CASES,
    ids=[f"{p}-{a}-{'own' if o else 'other'}" for p, a, o in SERVICE_CASES],
)
def test_services(permission, actor, own, plan, actors, things):
    assert permission in permissions.TABLE
    ctx = {"plan": plan, "things": things, "actors": actors, "who": actor, "own": own}
    call = SERVICE_CALLS[permission]
    if permission == "registries.decide_application":  # the application exists beforehand
        from shinchoku.registries import applications as registries

        product = registries.apply_product(actors["applicant"], PRODUCT)
        call = lambda ctx, a: registries.review(a, product, "review")  # noqa: E731
    before = AuditEntry.objects.count()
    if expected(permission, actor, own):
        call(ctx, actors[actor])
        assert AuditEntry.objects.count() > before  # it was done, and audited
    else:
        with pytest.raises(NoActor if actor == "none" else NotAllowed):
            call(ctx, actors[actor])
        assert AuditEntry.objects.count() == before  # nothing was done
