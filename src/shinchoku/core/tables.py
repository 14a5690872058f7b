"""The arrays evaluation reads: one row per series (its baseline, targets and breaks) and
one row per observation revision, built from core values."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .model import Indicator, Observation


@dataclass(frozen=True)
class SeriesTable:
    """One row per evaluated series (an indicator, or municipality × indicator).

    Knots are the path's points, baseline included, sorted by (series, year). Breaks are
    the series breaks that are not comparable (``break_series[i]`` starts a new series in
    ``break_year[i]``), in any order.
    """

    baseline_year: np.ndarray
    baseline_value: np.ndarray
    final_year: np.ndarray
    final_value: np.ndarray
    sign: np.ndarray
    knot_series: np.ndarray
    knot_year: np.ndarray
    knot_value: np.ndarray
    break_series: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    break_year: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.baseline_year)


@dataclass(frozen=True)
class ObservationTable:
    """One row per observation revision; ``published`` is a day ordinal, -1 if undated."""

    series: np.ndarray
    year: np.ndarray
    value: np.ndarray
    published: np.ndarray
    seq: np.ndarray


def series_table(indicators: Sequence[Indicator]) -> SeriesTable:
    """Arrays for the given indicators, one series each, in order."""
    knots = sorted(
        (i, k_year, float(k_value))
        for i, ind in enumerate(indicators)
        for k_year, k_value in [(ind.baseline.year, ind.baseline.value)]
        + [(t.year, t.value) for t in ind.targets]
    )
    return SeriesTable(
        baseline_year=np.array([i.baseline.year for i in indicators], dtype=np.int64),
        baseline_value=np.array([float(i.baseline.value) for i in indicators]),
        # A monitoring indicator has no final target: its year is the baseline's, value NaN.
        final_year=np.array(
            [i.baseline.year if i.monitoring else i.final_target.year for i in indicators],
            dtype=np.int64,
        ),
        final_value=np.array(
            [np.nan if i.monitoring else float(i.final_target.value) for i in indicators]
        ),
        sign=np.array([i.sign for i in indicators], dtype=np.int64),
        knot_series=np.array([k[0] for k in knots], dtype=np.int64),
        knot_year=np.array([k[1] for k in knots], dtype=np.int64),
        knot_value=np.array([k[2] for k in knots], dtype=float),
        break_series=np.array(
            [n for n, i in enumerate(indicators) for b in i.series_breaks if not b.comparable],
            dtype=np.int64,
        ),
        break_year=np.array(
            [b.year for i in indicators for b in i.series_breaks if not b.comparable],
            dtype=np.int64,
        ),
    )


def observation_table(
    observations: Sequence[Observation], series_of: dict[str, int]
) -> ObservationTable:
    """Arrays for observations of indicators in ``series_of`` (code → series row), in order."""
    mine = [o for o in observations if o.indicator in series_of]
    return ObservationTable(
        series=np.array([series_of[o.indicator] for o in mine], dtype=np.int64),
        year=np.array([o.year for o in mine], dtype=np.int64),
        value=np.array([float(o.value) for o in mine]),
        published=np.array(
            [o.published_on.toordinal() if o.published_on else -1 for o in mine], dtype=np.int64
        ),
        seq=np.array([o.seq for o in mine], dtype=np.int64),
    )
