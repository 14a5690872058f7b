"""A 4xx is one log line (status, path, request id) without a traceback; a 5xx keeps its
traceback (QA: every 403 wrote a full traceback to the server log)."""

from __future__ import annotations

import logging

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils.log import log_response

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
