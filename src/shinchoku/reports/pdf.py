"""The report as a PDF: the HTML report laid out by WeasyPrint on A4 with the font embedded."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

from ..core.context import ReportContext
from .charts import font_path
from .context import source_date
from .html import render_html, stylesheet


def render(ctx: ReportContext) -> bytes:
    """A4 portrait PDF with contents, page numbers, running header and vector charts."""
    import weasyprint

    # WeasyPrint logs each SVG presentation property its CSS parser skips; the SVG renderer
    # applies them, so these are noise on the command's stderr.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    css = stylesheet("pdf.css").replace("{font_url}", Path(font_path()).as_uri())
    html = render_html(ctx, extra_css=css)
    # PDF/UA-1: tagged structure (headings, tables, figures with alt text), title shown in the
    # window, document language; screen readers and the city's accessibility checks need it.
    options = {"pdf_variant": "pdf/ua-1", "pdf_tags": True}
    document = weasyprint.HTML(string=html, base_url=str(Path(font_path()).parent)).render(
        **options
    )
    when = source_date()
    if when is not None:
        stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
        document.metadata.created = stamp
        document.metadata.modified = stamp
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode()
    return document.write_pdf(pdf_identifier=identifier, **options)
