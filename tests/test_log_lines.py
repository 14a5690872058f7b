"""A 4xx is one log line (status, path, request id) without a traceback; a 5xx keeps its
traceback (QA: every 403 wrote a full traceback to the server log)."""

from __future__ import annotations

import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.log import log_response

from shinchoku.logs import ClientErrorLine

pytestmark = pytest.mark.django_db


def test_a_403_is_one_line_with_status_path_and_request_id(client_as, caplog):
    client = client_as("department")
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = client.get("/workspace/audit/")
    assert response.status_code == 403
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelname == "WARNING" and record.exc_info is None
    assert record.getMessage() == "403 Forbidden (Permission denied): /workspace/audit/"
    assert record.request_id not in ("", "-")  # set by web.middleware for this request
    handler = logging.getLogger().handlers[0]  # settings.LOGGING's stderr line
    line = handler.format(record)
    assert "\n" not in line and "Traceback" not in line
    assert f"[{record.request_id}] 403 Forbidden (Permission denied): /workspace/audit/" in line


def test_a_500_keeps_its_traceback(caplog):
    request = RequestFactory().get("/boom/")
    try:
        raise RuntimeError("boom")
    except RuntimeError as err:
        with caplog.at_level(logging.INFO, logger="django.request"):
            log_response(
                "Internal Server Error: %s",
                request.path,
                response=HttpResponse(status=500),
                request=request,
                exception=err,
            )
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    assert record.levelname == "ERROR" and record.exc_info is not None
    assert record.getMessage() == "Internal Server Error: /boom/"
    assert "Traceback" in logging.Formatter().format(record)


def test_a_404_after_the_middleware_keeps_its_request_id(client, caplog):
    """django.request logs a 404 a middleware answered after the request id was reset: the id
    comes from the request, as on the response's X-Request-ID."""
    with caplog.at_level(logging.INFO, logger="django.request"):
        response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="qa-404-check")
    assert response.status_code == 404 and response["X-Request-ID"] == "qa-404-check"
    (record,) = [r for r in caplog.records if r.name == "django.request"]
    line = logging.getLogger().handlers[0].format(record)
    assert "[qa-404-check] 404 Not Found: /no-such-page/" in line and "\n" not in line


def test_the_status_is_written_once_however_often_the_filter_runs():
    """dictConfig adds a logger's filters again on every call (serve configures twice)."""
    record = logging.LogRecord(
        "django.request", logging.WARNING, "", 0, "Not Found: %s", ("/x/",), None
    )
    record.status_code = 404
    for _ in range(3):
        ClientErrorLine().filter(record)
    assert record.getMessage() == "404 Not Found: /x/"
