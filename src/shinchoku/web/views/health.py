"""``/healthz``: whether this server can answer (its database is reachable), as JSON."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from ...health import health


@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 ``{"status": "ok", "database": "ok"}``, or 503 with ``"error"`` (for a load balancer)."""
    ok, body = health()
    return JsonResponse(body, status=200 if ok else 503)
