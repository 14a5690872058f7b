"""The request id on every log line (set by web.middleware; "-" outside a request), and
a 4xx answer logged as one line."""

from __future__ import annotations

import contextvars
import logging

REQUEST_ID: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every log record (light: loaded with the settings)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # django.request logs some answers (a 404 a middleware returned) after the request's
        # middleware reset the id: the request it passes along still carries it.
        given = getattr(getattr(record, "request", None), "request_id", None)
        record.request_id = given if isinstance(given, str) else REQUEST_ID.get()
        return True


class ClientErrorLine(logging.Filter):
    """A 4xx answer (``django.request`` logs it as a warning with the exception that caused
    it, a PermissionDenied on every 403) as one line, status first, without the traceback;
    5xx keep theirs: those are ours to fix, a 4xx is the visitor's request."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500 and not hasattr(record, "one_line"):
            record.exc_info = record.exc_text = record.stack_info = None
            record.msg = f"{status} {record.msg}"
            record.one_line = True  # once, however often the settings added this filter
        return True
