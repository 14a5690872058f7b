"""Uploads streamed within the limits: a file over them is counted, not kept, then refused.

Django hands every uploaded file to ``BoundedUploadHandler`` (settings ``FILE_UPLOAD_HANDLERS``)
a chunk at a time. Up to ``FILE_UPLOAD_MAX_MEMORY_SIZE`` it stays in memory, then it spills to
an unnamed temporary file under the upload directory (gone even if the worker is killed).
Once a file passes ``max_bytes`` the rest is read and thrown away, so the page can still
answer, and the form sees a ``RefusedUpload`` that ``BoundedFileField`` turns into a clear
error. ``RequestSizeMiddleware`` answers 413 to any other body over
``DATA_UPLOAD_MAX_MEMORY_SIZE`` before reading it.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from ..ingest.limits import size_text
from . import limits


class RefusedUpload(UploadedFile):
    """A file that was over the size limit: its name and size, none of its content."""

    refused = True

    def __init__(self, name: str, size: int, limit: int, content_type: str = "") -> None:
        super().__init__(io.BytesIO(b""), name, content_type, size, None)
        self.limit = limit


def incoming() -> Path:
    """Where uploads spill to disk while they arrive (under the upload directory)."""
    path = Path(settings.SHINCHOKU_UPLOAD_DIR) / "incoming"
    path.mkdir(parents=True, exist_ok=True)
    return path


class BoundedUploadHandler(FileUploadHandler):
    """Keeps each uploaded file up to ``max_bytes``; beyond that only counts it."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.limit = limits().max_bytes
        self.received = 0
        self.file: Any = tempfile.SpooledTemporaryFile(  # noqa: SIM115 (handed to the form)
            max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE, dir=incoming()
        )

    def receive_data_chunk(self, raw_data: bytes, start: int) -> None:
        self.received += len(raw_data)
        if self.file is None:
            return None
        if self.received > self.limit:
            self.file.close()
            self.file = None
        else:
            self.file.write(raw_data)
        return None

    def file_complete(self, file_size: int) -> UploadedFile:
        if self.file is None:
            return RefusedUpload(self.file_name, self.received, self.limit, self.content_type)
        self.file.seek(0)
        return UploadedFile(
            self.file,
            self.file_name,
            self.content_type,
            file_size,
            self.charset,
            self.content_type_extra,
        )

    def upload_interrupted(self) -> None:
        if getattr(self, "file", None) is not None:
            self.file.close()


def refusal(upload: Any, max_bytes: int | None = None, what: str = "") -> str | None:
    """Why an upload is refused for its size (Japanese), or None when it is within limits."""
    limit = getattr(upload, "limit", None) or limits().max_bytes
    if max_bytes is not None:
        limit = min(limit, max_bytes)
    if upload is None or (not getattr(upload, "refused", False) and upload.size <= limit):
        return None
    return _(
        "%(what)sが大きすぎます（%(size)s、上限 %(limit)s）: "
        "小さくしてから、もう一度選んでください。"
    ) % {"what": what or _("ファイル"), "size": size_text(upload.size), "limit": size_text(limit)}


class BoundedFileField(forms.FileField):
    """A file field that refuses, before reading it, an upload over the limit."""

    def __init__(self, *args: Any, max_bytes: Callable[[], int] | None = None, **kwargs: Any):
        self.what = kwargs.pop("what", "")
        self.max_bytes = max_bytes
        super().__init__(*args, **kwargs)

    def to_python(self, data: Any) -> Any:
        if data not in self.empty_values and hasattr(data, "size"):
            message = refusal(data, self.max_bytes() if self.max_bytes else None, self.what)
            if message:
                raise forms.ValidationError(message, code="too_large")
        return super().to_python(data)


class RequestSizeMiddleware:
    """413 for a request body (other than a form with files) over the data upload limit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        multipart = request.content_type == "multipart/form-data"
        if limit is not None and length > limit and not multipart:
            message = _("送信されたデータが大きすぎます（%(size)s、上限 %(limit)s）。") % {
                "size": size_text(length),
                "limit": size_text(limit),
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
