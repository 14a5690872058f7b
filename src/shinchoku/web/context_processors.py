"""Values every template needs."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language


def language(request: HttpRequest) -> dict[str, object]:
    """The same page in the other language (Japanese at /, English at /en/); on a visitor
    page, the page in every language it is offered in (``alternates``: switcher, hreflang)."""
    from ..registries.visitors import VISITOR_LANGUAGES, VISITOR_PAGES, alternates, page_name

    current = get_language() or "ja"
    other = "ja" if current.startswith("en") or current in VISITOR_LANGUAGES else "en"
    found = page_name(request.path_info)
    visitor_page = found is not None and found[0] in VISITOR_PAGES
    # Resolved without a /plans/<slug>/ prefix (web/plan_prefix.py), which reverse() adds back.
    path = request.get_full_path_info()
    moved = translate_url(path, other)
    return {
        "other_language_url": request.get_full_path() if moved == path else moved,
        "alternates": alternates(request) if visitor_page else [],
        "visitor_language": current in VISITOR_LANGUAGES,
    }


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
