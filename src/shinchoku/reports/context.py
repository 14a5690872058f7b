"""Reading the store into a ReportContext: the only place reports touch the database."""

from __future__ import annotations

import datetime
import os

from ..core.context import ReportContext, build_report_context
from ..council.services import report_meeting, report_opinions
from ..cycle.papers import measure_reviews, overview
from ..cycle.services import report_submissions
from ..observations.services import revisions
from ..plan.models import Commentary
from ..plan.revisions import plan_for_year
from ..plan.services import require_plan_year


def source_date() -> datetime.datetime | None:
    """The fixed build time from ``SOURCE_DATE_EPOCH`` (UTC), if it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if not epoch:
        return None
    return datetime.datetime.fromtimestamp(int(epoch), tz=datetime.UTC)


def generated_on() -> datetime.date:
    """The report date: SOURCE_DATE_EPOCH's day when set, else today in the site's time zone."""
    fixed = source_date()
    if fixed is not None:
        return fixed.date()
    from django.utils import timezone

    return timezone.localdate()


def detail_limit() -> int | None:
    """The site's ``SHINCHOKU_REPORT_DETAIL_LIMIT`` (core.layout: above it, the compact
    report), None when not set; a plan file's ``evaluation.report_detail_limit`` wins."""
    from django.conf import settings

    return getattr(settings, "SHINCHOKU_REPORT_DETAIL_LIMIT", None)


def commentaries(plan_row, year: int) -> dict[str, str]:
    """The latest secretariat commentary per indicator code for ``year``."""
    found: dict[str, str] = {}
    rows = Commentary.objects.filter(indicator__plan=plan_row, year=year).select_related(
        "indicator"
    )
    for c in rows.order_by("indicator", "-written_at", "-id"):
        found.setdefault(c.indicator.code, c.text)
    return found


def load_context(
    plan_row,
    year: int,
    as_of: datetime.date | None = None,
    lang: str = "ja",
    document_number: str = "",
) -> ReportContext:
    """The report context of ``year`` for a stored plan, evaluated once; ``document_number``
    (資料番号) overrides the one recorded with the meeting."""
    require_plan_year(plan_row, year)
    return build_report_context(
        plan=plan_for_year(plan_row, year),
        observations=[r.observation for r in revisions(plan_row)],
        year=year,
        as_of=as_of,
        published=plan_row.is_published(year),
        commentaries=commentaries(plan_row, year),
        generated_on=generated_on(),
        lang=lang,
        # A published report carries approved sheets only; a draft shows submitted ones too.
        submissions=report_submissions(plan_row, year, approved_only=plan_row.is_published(year)),
        opinions=report_opinions(plan_row, year, lang),
        reviews=measure_reviews(plan_row, year),
        meeting=report_meeting(plan_row, year, document_number),
        overview=overview(plan_row, year),
        detail_limit=detail_limit(),
    )
