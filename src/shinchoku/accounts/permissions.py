"""Who may do what, as rules in code (DESIGN.md roles).

=============  ==========  ==========================  ========  =========
action         secretariat  department / partner        council   anonymous
=============  ==========  ==========================  ========  =========
view_drafts    yes          yes                         yes       no
add_value      yes (all)    items their organisation    no        no
                            owns
submit         yes (all)    items their organisation    no        no
                            owns
self_evaluate  yes (all)    projects they lead or       no        no
                            carry as a partner
comment        yes          no                          no        no
publish        yes          no                          no        no
view_audit     yes          no                          no        no
open_round     yes          no                          no        no
review         yes          no                          no        no
opine          yes          no                          yes       no
revise_plan    yes          no                          no        no
respond        yes          no                          no        no
manage_users   yes          no                          no        no
=============  ==========  ==========================  ========  =========

An indicator is owned by its ``owner``; a project by its lead division and its
partners; a round's request by the organisation it is addressed to (and, for a
project, its partners).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from .models import COUNCIL, DEPARTMENT, PARTNER, SECRETARIAT

ACTIONS = (
    "view_drafts",
    "add_value",
    "submit",
    "self_evaluate",
    "comment",
    "publish",
    "view_audit",
    "open_round",
    "review",
    "opine",
    "respond",
    "revise_plan",
    "manage_users",
)
OWNER_ACTIONS = ("add_value", "submit", "self_evaluate")


def role_of(user: Any) -> str | None:
    """The user's role, or None for anonymous users and users without one."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser:
        return SECRETARIAT
    profile = getattr(user, "profile", None)
    return profile.role if profile else None


def organisation_of(user: Any) -> int | None:
    """The id of the organisation the user acts for, if any."""
    profile = getattr(user, "profile", None) if role_of(user) else None
    return profile.organisation_id if profile else None


def owners(obj: Any) -> set[int]:
    """The ids of the organisations that own ``obj`` (an indicator, project or request)."""
    project = getattr(obj, "project", None) if hasattr(obj, "round_id") else None
    if hasattr(obj, "lead_id"):  # a project
        project = obj
    found = set()
    if project is not None:
        found |= {project.lead_id} | {p.pk for p in project.partners.all()}
    if getattr(obj, "owner_id", None):
        found.add(obj.owner_id)
    return found


def allowed(user: Any, action: str, obj: Any = None) -> bool:
    """May ``user`` do ``action`` (on ``obj``, an item with an ``owner_id``)?"""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    role = role_of(user)
    if role == SECRETARIAT:
        return True
    if role in (DEPARTMENT, PARTNER):
        if action == "view_drafts":
            return True
        if action in OWNER_ACTIONS:
            return obj is None or organisation_of(user) in owners(obj)
        return False
    if role == COUNCIL:
        return action in ("view_drafts", "opine")
    return False


def restrict(user: Any, queryset: QuerySet, action: str) -> QuerySet:
    """The items of ``queryset`` (with an ``owner``) that ``user`` may do ``action`` on."""
    role = role_of(user)
    if role == SECRETARIAT:
        return queryset
    if role in (DEPARTMENT, PARTNER) and action in OWNER_ACTIONS:
        org = organisation_of(user)
        fields = {f.name for f in queryset.model._meta.get_fields()}
        if "project" in fields:  # a request: its addressee, or a partner of its project
            return queryset.filter(Q(owner_id=org) | Q(project__partners=org)).distinct()
        return queryset.filter(owner_id=org)
    if allowed(user, action):
        return queryset
    return queryset.none()


class NotAllowed(Exception):
    """The user may not do this; the message says what and why, for the user."""


def require(user: Any, action: str, obj: Any = None, what: str = "") -> None:
    """Raise NotAllowed unless ``user`` may do ``action`` on ``obj``; None means the CLI."""
    if user is None:  # the command line is run by the system's operator
        return
    if not allowed(user, action, obj):
        raise NotAllowed(what or f"この操作（{action}）の権限がありません")
