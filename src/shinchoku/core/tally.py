"""A year's evaluation in numbers: how many indicators, ratings A–D, outlooks, statuses.

Counted straight from core's ``EvaluationTable`` (numpy), so a summary of 87,000
indicators costs a few array operations and no object per indicator. The counting rules
are those of the report's legend (``legend.rating_legend``): A–D count only comparable
ratings, one across a non-comparable series break is 参考 (reference).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .evaluation import RATINGS, STATUSES, UNRATED_REASONS, EvaluationTable, SeriesTable


@dataclass(frozen=True)
class Tally:
    """The counts of one evaluated year (every field a plain int or a dict of them)."""

    indicators: int
    monitoring: int  # without a target (参考指標): never rated
    with_actual: int  # with an actual as a result (not older than the baseline)
    ratings: dict[str, int]  # A–D, comparable ratings only
    reference: int  # rated across a non-comparable break (参考)
    unrated: dict[str, int]  # why not rated (UNRATED_REASONS) → count
    on_course: int  # projected to reach the final target
    off_course: int
    no_outlook: int
    statuses: dict[str, int]  # Open SDG status → count

    def as_dict(self) -> dict[str, object]:
        """The tally as JSON-ready data."""
        return {
            "indicators": self.indicators,
            "monitoring": self.monitoring,
            "with_actual": self.with_actual,
            "ratings": self.ratings,
            "reference": self.reference,
            "unrated": self.unrated,
            "outlook": {
                "on_course": self.on_course,
                "off_course": self.off_course,
                "none": self.no_outlook,
            },
            "statuses": self.statuses,
        }


def _counts(codes: np.ndarray, names: tuple[str, ...]) -> dict[str, int]:
    found = np.bincount(codes[codes >= 0].astype(np.int64), minlength=len(names))
    return {name: int(found[k]) for k, name in enumerate(names)}


def tally(table: EvaluationTable, series: SeriesTable) -> Tally:
    """Count the rows of ``table`` (one per row of ``series``, the indicators evaluated).

    An actual older than the baseline is history, not a result (``verdicts.current_actual``).
    """
    rated = table.rating >= 0
    comparable = table.comparable.astype(bool)
    projected = ~np.isnan(table.projection)
    on = projected & table.on_course.astype(bool)
    reasons = _counts(table.reason, UNRATED_REASONS)
    return Tally(
        indicators=len(table.rating),
        monitoring=reasons["monitoring"],
        with_actual=int(
            ((table.latest_index >= 0) & (table.latest_year >= series.baseline_year)).sum()
        ),
        ratings=_counts(np.where(comparable, table.rating, -1), RATINGS),
        reference=int((rated & ~comparable).sum()),
        unrated={k: v for k, v in reasons.items() if v},
        on_course=int(on.sum()),
        off_course=int((projected & ~on).sum()),
        no_outlook=int((~projected).sum()),
        statuses=_counts(np.asarray(table.status), STATUSES),
    )
