"""Which layout the annual report takes: a section per indicator, or tables for large plans.

A report with a section and a chart per indicator is what a plan with a handful of KPIs
needs; a 総合計画 with hundreds of KPIs is reported as one table row per KPI, grouped by
basic policy (a thousand-page PDF helps no one). The limit is the plan file's
``evaluation.report_detail_limit``, else the site's ``SHINCHOKU_REPORT_DETAIL_LIMIT``,
else ``DEFAULT_DETAIL_LIMIT``. Only the layout changes: the verdicts are core's.
"""

from __future__ import annotations

# The most indicators a report shows one by one (a section, a chart and tables each).
DEFAULT_DETAIL_LIMIT = 50


def is_compact(count: int, plan_limit: int | None, site_limit: int | None = None) -> bool:
    """Whether a report of ``count`` indicators takes the compact layout (more than the
    limit: the plan's own, else the site's, else the default; 0 makes every report compact)."""
    for limit in (plan_limit, site_limit):
        if limit is not None:
            return count > limit
    return count > DEFAULT_DETAIL_LIMIT
