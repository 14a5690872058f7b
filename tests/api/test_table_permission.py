"""The API's permission class asks the permission table; a write must name its permission."""

from __future__ import annotations

import pytest
from rest_framework.test import APIRequestFactory, force_authenticate
from rest_framework.views import APIView

from shinchoku.api.permissions import TablePermission


class Unnamed(APIView):
    """A write endpoint that forgot to name its permission."""

    permission_classes = (TablePermission,)

    def post(self, request):
        from rest_framework.response import Response

        return Response({"done": True})


class Audit(Unnamed):
    permission = "shinchoku.view_audit"


@pytest.mark.parametrize(
    ("view", "who", "expected"),
    [
        (Unnamed, "secretariat", 403),  # no permission named: refused even for the office
        (Audit, "secretariat", 200),
        (Audit, "department", 403),
        (Audit, "council", 403),
    ],
)
def test_writes_ask_the_table(users, view, who, expected):
    request = APIRequestFactory().post("/x", {}, format="json")
    force_authenticate(request, users[who])
    assert view.as_view()(request).status_code == expected


def test_reads_are_left_to_the_view(users):
    request = APIRequestFactory().get("/x")
    assert TablePermission().has_permission(request, Unnamed()) is True
