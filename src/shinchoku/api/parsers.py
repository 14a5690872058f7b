"""The API's JSON parser: a body nested too deeply for Python's parser is the caller's error
(400), not ours (a RecursionError, 500)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class BoundedJSONParser(JSONParser):
    """DRF's JSON parser, answering 400 with a plain message for a body nested too deeply."""

    def parse(self, stream: Any, media_type: Any = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(
                _("JSON の入れ子が深すぎます: 配列・オブジェクトの入れ子を浅くして送ってください。")
            ) from None
