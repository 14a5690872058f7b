"""``/plans/<slug>/…``: the same site for another plan than the default.

The middleware takes the prefix off the path the URL patterns see and makes it the script
prefix, so every pattern (``/plans/x/indicators/a/``, ``/plans/x/en/`` …) serves plan ``x``
and every ``reverse()`` and ``{% url %}`` on that page produces ``/plans/x/…`` links
without knowing about plans. The plan itself is resolved by ``plan.selection.plan_for``.
The default plan's own prefix redirects to the root URLs; an unknown slug is a 404.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import get_script_prefix, set_script_prefix

from ..plan.selection import UnknownPlan, path_prefix, plan_named
from ..plan.services import RESERVED_SLUGS

PREFIX = re.compile(r"^/plans/(?P<slug>[a-z0-9][a-z0-9-]*)(?P<rest>/.*)?$")


class PlanPrefixMiddleware:
    """Serve ``/plans/<slug>/<path>`` as ``/<path>`` for plan ``slug``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found = PREFIX.match(request.path_info)
        if found is None or found["slug"] in RESERVED_SLUGS:  # /plans/compare/…: a page
            return self.get_response(request)
        try:
            row = plan_named(found["slug"])
        except UnknownPlan as err:
            from django.views.defaults import page_not_found

            return page_not_found(request, Http404(str(err)))
        outer = get_script_prefix()
        if found["rest"] is None:  # /plans/<slug>: the plan's home page
            return HttpResponseRedirect(f"{outer.rstrip('/')}/plans/{row.slug}/")
        if row.is_default:  # one address per page: the default plan lives at the root
            query = request.META.get("QUERY_STRING", "")
            root = outer.rstrip("/") + found["rest"]
            return HttpResponseRedirect(root + ("?" + query if query else ""))
        # Read before the prefix changes: Django keeps these with the first script prefix seen.
        settings.STATIC_URL, settings.MEDIA_URL  # noqa: B018
        request.plan_slug = row.slug
        request._shinchoku_plan = row
        request.path_info = found["rest"]
        set_script_prefix(f"{outer.rstrip('/')}{path_prefix(row)}/")
        try:
            return self.get_response(request)
        finally:
            set_script_prefix(outer)

    def process_view(self, request: HttpRequest, view: Callable, args: tuple, kwargs: dict) -> None:
        """The registries (特産品, 直売所, おさんぽコース) are the default plan's: not
        under another plan's prefix."""
        match = request.resolver_match
        if getattr(request, "plan_slug", None) and match and "registries" in match.namespaces:
            raise Http404("the registries belong to the default plan")
