"""Site-wide response handling: request ids for the log, a clear 503 when the database is
busy with another writer, and the site's own pages where Django leaves a bare answer."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Callable

from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import get_language

from ..core import messages
from ..health import BUSY_MESSAGE, BUSY_MESSAGE_EN, is_database_busy
from ..logs import REQUEST_ID
from ..paging import PageMoved, moved_to

logger = logging.getLogger("shinchoku.web")
_SAFE_ID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
RETRY_AFTER = 5  # seconds


class RequestIdMiddleware:
    """Gives each request an id (the proxy's ``X-Request-ID`` when it sends a sane one),
    puts it on every log line of the request and on the response's ``X-Request-ID``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Django's active language is per thread and outlives a request: each request starts
        # in the site's, so what answers before LocaleMiddleware (an unknown plan's 404, a
        # refused upload) never speaks the previous request's language.
        translation.deactivate()
        # Messages written outside Django (core.messages.tr) follow the request's language,
        # not the language of the command that started the server (``shinchoku serve``).
        spoken = messages.unset()
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = given if _SAFE_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = request_id
        token = REQUEST_ID.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
            messages.deactivate(spoken)
        response["X-Request-ID"] = request_id
        return response


class DatabaseBusyMiddleware:
    """A view that could not get the database's write lock in time (another writer, such as
    a CLI import, held it past the busy timeout) answers 503 with a message to try again,
    as JSON for the API; the transaction was rolled back, so nothing half-done is stored."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not is_database_busy(exception):
            return None
        logger.warning("database busy: %s %s: %s", request.method, request.path, exception)
        english = (get_language() or "ja").startswith("en")
        message = BUSY_MESSAGE_EN if english else BUSY_MESSAGE
        if request.path.startswith("/api/") or "json" in request.headers.get("Accept", ""):
            response: HttpResponse = JsonResponse({"detail": message}, status=503)
        else:
            response = render(request, "web/busy.html", {"message": message}, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        response["Cache-Control"] = "no-store"
        return response


class PagesMoved:
    """A list asked for by another spelling of its page number (``?page=01``, ``abc``, one
    beyond the last page) redirects to the page's own address (``paging.PageMoved``)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PageMoved):
            return None
        moved = HttpResponsePermanentRedirect if exception.permanent else HttpResponseRedirect
        return moved(moved_to(request, exception.number))


class StyledErrors:
    """A 405 from ``require_http_methods`` (or any empty error body a view returns) gets
    the site's own page, in the request's language, with a way back."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code == 405 and not response.streaming and not response.content:
            styled = render(request, "405.html", status=405)
            styled["Allow"] = response.get("Allow", "")
            return styled
        return response


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent after its page expired: say so in the site's words, not Django's."""
    from django.utils.translation import gettext as _

    message = _(
        "フォームの有効期限が切れたか、ページが古くなっています。ページを開き直してから、もう一度送信してください"
    )
    return render(request, "403.html", {"exception": message}, status=403)
