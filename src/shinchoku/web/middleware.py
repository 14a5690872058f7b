"""Site-wide response handling that Django leaves bare."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


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
