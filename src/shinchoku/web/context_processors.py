"""Values every template needs."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def language(request: HttpRequest) -> dict[str, str]:
    """The same page in the other language (Japanese at /, English at /en/)."""
    other = "ja" if (get_language() or "ja").startswith("en") else "en"
    # Resolved without a /plans/<slug>/ prefix (web/plan_prefix.py), which reverse() adds back.
    path = request.get_full_path_info()
    moved = translate_url(path, other)
    return {"other_language_url": request.get_full_path() if moved == path else moved}


def workspace(request: HttpRequest) -> dict[str, bool]:
    """What the workspace navigation may offer the signed-in user: no menu links to a page
    its user cannot open."""
    from ..accounts.permissions import allowed

    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "perms_audit": signed_in and allowed(user, "view_audit"),
        "perms_import": signed_in and allowed(user, "add_value"),
        "perms_users": signed_in and allowed(user, "manage_users"),
        "perms_staff": signed_in and allowed(user, "view_drafts"),
    }
