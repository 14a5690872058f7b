"""Who may do what, as rules in code (DESIGN.md roles).

=============  ==========  ==========================  ========  =========
action         secretariat  department / partner        council   anonymous
=============  ==========  ==========================  ========  =========
view_drafts    yes          yes                         yes       no
add_value      yes          items their organisation    no        no
               (all)        owns
comment        yes          no                          no        no
publish        yes          no                          no        no
view_audit     yes          no                          no        no
=============  ==========  ==========================  ========  =========
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import COUNCIL, DEPARTMENT, PARTNER, SECRETARIAT

ACTIONS = ("view_drafts", "add_value", "comment", "publish", "view_audit")


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
        if action == "add_value":
            return obj is None or getattr(obj, "owner_id", None) == organisation_of(user)
        return False
    if role == COUNCIL:
        return action == "view_drafts"
    return False


def restrict(user: Any, queryset: QuerySet, action: str) -> QuerySet:
    """The items of ``queryset`` (with an ``owner``) that ``user`` may do ``action`` on."""
    role = role_of(user)
    if role == SECRETARIAT:
        return queryset
    if role in (DEPARTMENT, PARTNER) and action == "add_value":
        return queryset.filter(owner_id=organisation_of(user))
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
