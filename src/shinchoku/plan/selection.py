"""Which plan a request or a command is about: the one place that decides.

=========================  =============================================================
asked by                   the plan
=========================  =============================================================
web page                   ``/plans/<slug>/…`` (web/plan_prefix.py) else the default;
                           ``?plan=`` is not read (the address alone names the plan)
API                        ``?plan=<slug>`` (or the page prefix) else the default
command                    ``--plan <slug>`` (cli/common.py ``pass_plan``) else the default
=========================  =============================================================

The default is the plan marked ``Plan.is_default``: the first plan loaded into the store
(the built-in Tokorozawa plan in a fresh store). Loading another plan never moves it.
An unknown slug is an error (404 on the web and the API, exit 2 on the command line),
never a silent fall back to the default.
"""

from __future__ import annotations

from typing import Any

from .models import Plan
from .services import PlanError


class UnknownPlan(PlanError):
    """A plan slug the store does not hold."""


def default_plan() -> Plan:
    """The plan served at the root URLs and used by commands without ``--plan``."""
    row = Plan.objects.filter(is_default=True).select_related("owner").first()
    if row is None:  # a store whose plans were loaded before any was marked: the first
        row = Plan.objects.order_by("pk").select_related("owner").first()
    if row is None:
        raise PlanError("計画が登録されていません")
    return row


def plan_named(slug: str) -> Plan:
    """The plan with ``slug``; UnknownPlan (naming the plans there are) if none."""
    row = Plan.objects.filter(slug=slug).select_related("owner").first()
    if row is None:
        known = "、".join(Plan.objects.order_by("slug").values_list("slug", flat=True))
        raise UnknownPlan(f"計画「{slug}」は登録されていません（登録されている計画: {known}）")
    return row


def select_plan(slug: str | None) -> Plan:
    """The plan ``slug`` names, or the default plan when no slug is given."""
    return plan_named(slug) if slug else default_plan()


def path_prefix(row: Plan) -> str:
    """Where plan ``row``'s pages live below the site's root: ``""`` for the default plan,
    ``/plans/<slug>`` for any other (for links made outside a request, such as e-mails)."""
    return "" if row.is_default else f"/plans/{row.slug}"


def plan_for(request: Any, *, query: bool = False) -> Plan:
    """The plan a web or API request is about (see the table above); Http404 for an
    unknown slug. ``query``: ``?plan=`` may name it (the API; pages use the prefix only, so
    a page's caches never hold another plan under its address). Once per request."""
    from django.http import Http404

    found = getattr(request, "_shinchoku_plan", None)
    if found is not None:
        return found
    slug = getattr(request, "plan_slug", None) or (query and request.GET.get("plan")) or None
    try:
        found = select_plan(slug)
    except UnknownPlan as err:
        raise Http404(str(err)) from None
    request._shinchoku_plan = found
    return found
