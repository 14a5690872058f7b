"""Report formats: each renders a ReportContext to bytes; the registry names them.

The annual progress report is built once as a ``ReportContext`` (``load_context``) and
handed to any format here, so the HTML, PDF, XLSX and DOCX files can never disagree.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from ..core.context import ReportContext


@dataclass(frozen=True)
class Format:
    """A report format: its module (with ``render(context) -> bytes``), media type, suffix."""

    name: str
    module: str
    media_type: str
    suffix: str
    label: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("pdf", "pdf", "application/pdf", ".pdf", "PDF"),
        Format(
            "xlsx",
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".xlsx",
            "Excel",
        ),
        Format(
            "docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            ".docx",
            "Word",
        ),
        Format("html", "html", "text/html; charset=utf-8", ".html", "HTML"),
    )
}


def render(context: ReportContext, fmt: str) -> bytes:
    """The report in format ``fmt`` (pdf, xlsx, docx or html) as bytes."""
    try:
        spec = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"format は {'・'.join(FORMATS)} のどれかです: {fmt!r}") from None
    module = importlib.import_module(f"{__name__}.{spec.module}")
    return module.render(context)


def filename(context: ReportContext, fmt: str) -> str:
    """A download name such as ``tokorozawa-industrial-vision-latter-2023-progress.pdf``."""
    draft = "-draft" if context.draft else ""
    return f"{context.plan.slug}-{context.year}-progress{draft}{FORMATS[fmt].suffix}"
