"""Who may do what: one declared table of named permissions (DESIGN.md roles).

``TABLE`` maps each permission to a predicate of ``predicates``; it is registered with
``rules`` so Django's auth backend (``rules.permissions.ObjectPermissionBackend``), hence
``user.has_perm``, the templates' ``perms`` and ``{% has_perm %}``, the API's
``TablePermission`` and the services' ``require`` all ask the same table.

==================================  ===========  =========================  =======  ======
permission                          secretariat  department / partner       council  SYSTEM
==================================  ===========  =========================  =======  ======
shinchoku.view_drafts               yes          yes                        yes      yes
shinchoku.add_value                 yes (all)    indicators they own        no       yes
shinchoku.submit                    yes (all)    requests they own          no       yes
shinchoku.self_evaluate             yes (all)    projects they lead/carry   no       yes
shinchoku.opine                     yes          no                         yes      no
everything else                     yes          no                         no       yes
==================================  ===========  =========================  =======  ======

``registries.apply`` is any signed-in user's (a business applicant has no role);
``registries.view_application`` and ``registries.change_application`` the applicant's own
(and the office's); ``shinchoku.view_import`` (an import job, a refused file's list of
problems) the uploader's own (and the office's); anonymous users have none. ``SYSTEM``
(explicit system tasks: CLI, loaders, sample data) may not apply or opine, which are a
person's own acts. A service called without an actor (``None``) refuses: nothing is
granted by default.

The secretariat holds every permission: its users are Django superusers (for the admin),
whom ``user.has_perm`` grants everything, so the table must agree (the matrix test checks
``allowed`` and ``has_perm`` give the same answer everywhere).
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import QuerySet

from .predicates import (
    SYSTEM,
    applicant_or_office,
    has_role,
    is_council,
    is_secretariat,
    is_signed_in,
    is_system,
    office,
    organisation_of,
    owner_or_office,
    owners,
    role_of,
    uploader_or_office,
)
from .predicates import restrict as restrict_to

__all__ = [
    "SYSTEM",
    "TABLE",
    "NotAllowed",
    "allowed",
    "organisation_of",
    "owners",
    "require",
    "require_actor",
    "restrict",
    "role_of",
]

# Permissions whose object is owned (an indicator, a request, a project or an output).
OWNED = ("shinchoku.add_value", "shinchoku.submit", "shinchoku.self_evaluate")

TABLE: dict[str, rules.Predicate] = {
    # reading
    "shinchoku.view_drafts": has_role | is_system,
    "shinchoku.view_audit": office,
    "registries.view_applications": office,  # every application, not only one's own
    "registries.view_application": applicant_or_office,  # one's own, or any for the office
    "shinchoku.act_for_any_organisation": office,  # choose whose template, list every item
    "shinchoku.view_import": uploader_or_office,  # an import job, a refused file's problems
    # values and the yearly round (owners)
    "shinchoku.add_value": owner_or_office,  # record, import or withdraw a value
    "shinchoku.submit": owner_or_office,  # draft, edit and submit a round item
    "shinchoku.self_evaluate": owner_or_office,  # a 事業評価シート and its output values
    # the round (office)
    "shinchoku.open_round": office,
    "shinchoku.approve_request": office,
    "shinchoku.return_request": office,
    "shinchoku.send_reminders": office,
    "shinchoku.define_output": office,
    "shinchoku.write_measure_review": office,
    "shinchoku.write_overview": office,
    # the plan and publication
    "shinchoku.load_plan": office,
    "shinchoku.revise_plan": office,
    "shinchoku.withdraw_plan_version": office,
    "shinchoku.comment": office,
    "shinchoku.publish": office,
    "shinchoku.unpublish": office,
    # the council
    "shinchoku.record_meeting": office,
    "shinchoku.opine": is_secretariat | is_council,
    "shinchoku.respond": office,
    # users
    "shinchoku.manage_users": office,
    # registries
    "registries.apply": is_signed_in,
    # edit or withdraw before review: the applicant (and the office, see SECRETARIAT below)
    "registries.change_application": applicant_or_office,
    "registries.decide_application": office,
    "registries.hand_out_goods": office,
    "registries.save_place": office,
    "registries.set_listed": office,
    "registries.record_guide_maps": office,
    "registries.record_school_lunch": office,
    "registries.save_course": office,
    "registries.save_sign": office,
    "registries.record_outputs": office,
}
READ = (
    "shinchoku.view_drafts",
    "shinchoku.view_audit",
    "registries.view_applications",
    "registries.view_application",
    "shinchoku.act_for_any_organisation",
    "shinchoku.view_import",
)
WRITE = tuple(name for name in TABLE if name not in READ)

for _name, _predicate in TABLE.items():
    rules.set_perm(_name, _predicate)


class NotAllowed(Exception):
    """The user may not do this; the message says what and why, for the user."""


class NoActor(NotAllowed):
    """A service was called without saying who acts (a programming error, refused)."""


def _known(permission: str) -> rules.Predicate:
    try:
        return TABLE[permission]
    except KeyError:
        raise ValueError(
            f"unknown permission {permission!r} (accounts.permissions.TABLE)"
        ) from None


def allowed(user: Any, permission: str, obj: Any = None) -> bool:
    """May ``user`` (a user, AnonymousUser, ``SYSTEM`` or None) do ``permission`` on ``obj``?"""
    return bool(_known(permission).test(user, obj))


def restrict(user: Any, queryset: QuerySet, permission: str) -> QuerySet:
    """The rows of ``queryset`` on which ``user`` has ``permission`` (the queryset form)."""
    return restrict_to(user, queryset, _known(permission))


def require_actor(user: Any, what: str) -> None:
    """Raise NoActor when a service was called without saying who acts (``what`` names the
    service or permission): every caller passes a user, or ``SYSTEM`` for system tasks."""
    if user is None:
        raise NoActor(
            f"操作した利用者が指定されていません（{what}）。"
            "コマンドやデータ読込みなどシステムの処理は accounts.permissions.SYSTEM を渡します"
        )


def require(user: Any, permission: str, obj: Any = None, what: str = "") -> None:
    """Raise NotAllowed unless ``user`` may do ``permission`` on ``obj``.

    ``user`` None is refused with NoActor: every caller says who acts, explicit system
    tasks with ``SYSTEM``."""
    _known(permission)
    require_actor(user, permission)
    if not allowed(user, permission, obj):
        raise NotAllowed(what or f"この操作（{permission}）の権限がありません")
