"""Who someone is, and what they own: the predicates the permission table is made of.

Each predicate answers one question about the user (``rules`` predicates, combined with
``&`` and ``|`` in ``permissions.TABLE``). Ownership is looked up explicitly per model
type (``OWNERS``), once as a set of organisation ids for one object and once as a database
filter for a queryset (``restrict``), side by side, so the two forms cannot drift; a test
checks they agree on every owned model.

``SYSTEM`` is the one actor of explicit system tasks (the command line run by the
operator, loaders, sample data, background jobs started by the system): it has no role,
and the table grants it the office's writes by name. Nothing else grants by default.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import rules
from django.db.models import Q, QuerySet

from .models import COUNCIL, DEPARTMENT, PARTNER, SECRETARIAT


class SystemActor:
    """The actor of explicit system tasks; not a user, never signed in, no organisation."""

    is_authenticated = False
    is_anonymous = False
    is_active = True
    is_superuser = False
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"

    def __reduce__(self) -> str:
        return "SYSTEM"  # pickles (and copies) as the same constant


SYSTEM = SystemActor()


def role_of(user: Any) -> str | None:
    """The user's role, or None for anonymous users, applicants, inactive users and SYSTEM."""
    if user is None or user is SYSTEM or not getattr(user, "is_authenticated", False):
        return None
    if not getattr(user, "is_active", True):
        return None
    if user.is_superuser:
        return SECRETARIAT
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def organisation_of(user: Any) -> int | None:
    """The id of the organisation the user acts for, if any."""
    profile = getattr(user, "profile", None) if role_of(user) else None
    return profile.organisation_id if profile else None


# Ownership, per model type: (owners of one object, filter for a queryset by one organisation).
# Keyed by model label, so accounts imports no other app's models (no import cycle).
def _project_owners(project: Any) -> set[int]:
    if project is None:
        return set()
    found = {p.pk for p in project.partners.all()}
    return found | ({project.lead_id} if project.lead_id else set())


OWNERS: dict[str, tuple[Callable[[Any], set[int]], Callable[[int], Q]]] = {
    "plan.Indicator": (lambda i: {i.owner_id} - {None}, lambda org: Q(owner_id=org)),
    "plan.Project": (_project_owners, lambda org: Q(lead_id=org) | Q(partners=org)),
    # A request is its addressee's and, for a project, the project's lead's and partners'.
    "cycle.Request": (
        lambda r: ({r.owner_id} - {None}) | _project_owners(r.project),
        lambda org: Q(owner_id=org) | Q(project__lead_id=org) | Q(project__partners=org),
    ),
    "cycle.OutputIndicator": (
        lambda o: _project_owners(o.project),
        lambda org: Q(project__lead_id=org) | Q(project__partners=org),
    ),
}


def owners(obj: Any) -> set[int]:
    """The ids of the organisations that own ``obj``; a type without owners is an error."""
    try:
        lookup = OWNERS[obj._meta.label][0]
    except (AttributeError, KeyError):
        raise TypeError(
            f"{type(obj).__name__} has no owners (accounts.predicates.OWNERS)"
        ) from None
    return lookup(obj)


def owned_by(model: type, org: int | None) -> Q:
    """The filter for the rows of ``model`` that ``org`` owns (none without an organisation)."""
    if org is None:
        return Q(pk__in=[])
    return OWNERS[model._meta.label][1](org)


@rules.predicate
def is_system(user: Any) -> bool:
    """The declared ``SYSTEM`` actor of explicit system tasks."""
    return user is SYSTEM


@rules.predicate
def is_signed_in(user: Any) -> bool:
    """Any signed-in, active user, with or without a role (an applicant has none)."""
    return (
        user is not None
        and user is not SYSTEM
        and bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", True))
    )


@rules.predicate
def is_secretariat(user: Any) -> bool:
    return role_of(user) == SECRETARIAT


@rules.predicate
def is_owner_role(user: Any) -> bool:
    """A department or partner user (acts for an organisation that owns items)."""
    return role_of(user) in (DEPARTMENT, PARTNER)


@rules.predicate
def is_council(user: Any) -> bool:
    return role_of(user) == COUNCIL


@rules.predicate
def has_role(user: Any) -> bool:
    """Any staff role: secretariat, department, partner or council."""
    return role_of(user) is not None


@rules.predicate
def applied_for(user: Any, obj: Any) -> bool:
    """``obj`` is the user's own registry application (a product or a shop); without an
    object, whether they may have applications at all (``restrict`` says which)."""
    if not is_signed_in.test(user):
        return False
    return obj is None or obj.applicant_id == user.pk


@rules.predicate
def made_by(user: Any, obj: Any) -> bool:
    """``obj`` (an import job, a refused upload's list of problems) is the user's own, by its
    ``user_id``; without an object, whether they may have such things at all."""
    if not is_signed_in.test(user):
        return False
    return obj is None or obj.user_id == user.pk


@rules.predicate
def owns(user: Any, obj: Any) -> bool:
    """The user's organisation owns ``obj``; without an object, whether they own any of its
    kind at all (``restrict`` says which)."""
    org = organisation_of(user)
    if org is None:
        return False
    return obj is None or org in owners(obj)


# The office: the secretariat, and the system acting for it in explicit system tasks.
office = is_system | is_secretariat
# An owner of the item, or the office.
owner_or_office = office | (is_owner_role & owns)
# The applicant of a registry application (a business, or anyone signed in who applied).
applicant = is_signed_in & applied_for
applicant_or_office = office | applicant
# The user who uploaded a file (its import job, its problems), or the office.
uploader_or_office = office | made_by


def restrict(user: Any, queryset: QuerySet, predicate: rules.Predicate) -> QuerySet:
    """The rows of ``queryset`` for which ``predicate`` holds for ``user``: the queryset form
    of the predicates above (all, the user's organisation's, the user's own applications or
    uploads, or none)."""
    if predicate is owner_or_office:
        if office.test(user):
            return queryset
        if is_owner_role.test(user):
            return queryset.filter(owned_by(queryset.model, organisation_of(user))).distinct()
        return queryset.none()
    if predicate is uploader_or_office:
        if office.test(user):
            return queryset
        return queryset.filter(user_id=user.pk) if is_signed_in.test(user) else queryset.none()
    if predicate is applicant or predicate is applicant_or_office:
        if predicate is applicant_or_office and office.test(user):
            return queryset
        if is_signed_in.test(user):
            return queryset.filter(applicant_id=user.pk)
        return queryset.none()
    # Every other predicate of the table is about the user alone (a test checks that
    # restrict and the predicates agree for every permission).
    return queryset if predicate.test(user, None) else queryset.none()
