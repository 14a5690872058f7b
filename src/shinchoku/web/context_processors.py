"""Values every template needs."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.urls import translate_url
from django.utils.translation import get_language

from ..plan.models import Plan
from ..plan.selection import plan_for
from ..plan.services import PlanError
from ..registries.visitors import VISITOR_LANGUAGES, VISITOR_PAGES, alternates, page_name


def _header_plan(request: HttpRequest) -> Plan | None:
    """The plan the page is about (``/plans/<slug>/``, else the default) for the site header;
    None where there is none (an unknown slug's 404, an empty store)."""
    try:
        return plan_for(request)
    except (Http404, PlanError):
        return None


def language(request: HttpRequest) -> dict[str, object]:
    """The same page in the other language (Japanese at /, English at /en/); on a visitor
    page, the page in every language it is offered in (``alternates``: switcher, hreflang)."""
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
        "header_plan": lambda: _header_plan(request),  # asked only where the header shows it
    }
