"""Evaluation of indicators against their targets, set-based (one pass over arrays).

The semantics are those of DESIGN.md, stated here as the rules the arrays follow:

=============  ==================================================================
target path    piecewise-linear through (y0, v0) and every published target;
               defined for y0 <= y <= yF, undefined (NaN) elsewhere
latest actual  among observations with year <= Y (and, with as_of, published on
               or before as_of: an undated one is then left out, since it cannot
               be shown to have been known), the latest year, its latest revision
revision rank  dated above undated; newer published_on first; then later ``seq``
expected       path(y) at the latest actual's year y
progress       (actual - v0) / (path(y) - v0); NaN when path(y) = v0
attainment     actual / path(y); for decrease-is-better path(y) / actual
rating         A progress >= 1.0, B >= 0.6, C >= 0, D < 0 (plan thresholds)
unrated        no rating: ``no_actual`` (none after y0), ``before_first_target`` (the
               actual precedes the first target), ``no_target_line`` (path = v0),
               ``monitoring`` (a monitoring indicator: no target, final value NaN)
monitoring     never rated, no expected value, no projection to a final year; the trend
               (the least-squares slope, ``trend``) is given, and the status compares the
               observed CAGR with a required 1 % a year in the desired direction (Open
               SDG's method for indicators without a target); never target_achieved
comparable     False when a non-comparable break b has y0 < b <= the actual's year
projection     least squares through (y0, v0) and latest-revision actuals with
               y0 < y <= Y, read at yF; needs two points; on course when it
               meets vF in the desired direction
status         Open SDG method: not_available without an actual later than y0;
               target_achieved when the latest actual meets vF; otherwise
               R = sign * observed CAGR / |required CAGR| against 0.95, 0.6, 0.
               Small-number rule: where a CAGR cannot exist because a value is 0
               (a final target of 0, "no vacant shops"; none negative), R uses
               yearly changes instead: sign * observed change per year / |required
               change per year|; a negative value leaves it not_available
series break   the indicator's latest break b that is not comparable, with
               y0 < b <= Y (one in or before y0 changes nothing: the baseline is
               already on its later side). Then the projection is the least
               squares through the counting actuals with b <= y <= Y only, no
               baseline point (two such actuals needed); the status is
               not_available without an actual in b..Y, target_achieved when the
               latest meets vF, otherwise observed CAGR runs from the first actual
               in b..Y to the latest (not_available while they are the same
               year); required CAGR stays (y0, v0) to (yF, vF). Latest actual,
               expected, progress, attainment and rating do not change: the
               plan's targets are what they are
=============  ==================================================================

Comparisons against thresholds allow 1e-9 so that a value exactly on the path is
not marked down by binary floating point.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from .model import Indicator, Observation, SeriesBreak, Thresholds
from .tables import ObservationTable, SeriesTable, observation_table, series_table

RATINGS = ("A", "B", "C", "D")


def rating_letter(code: int) -> str | None:
    """The letter of a rating code in an evaluated table (-1: unrated, None)."""
    return RATINGS[code] if code >= 0 else None


STATUSES = (
    "target_achieved",
    "substantial_progress",
    "moderate_progress",
    "limited_progress",
    "deterioration",
    "not_available",
)
NOT_AVAILABLE = STATUSES.index("not_available")
UNRATED_REASONS = ("no_actual", "before_first_target", "no_target_line", "monitoring")
EPS = 1e-9
DEFAULT_THRESHOLDS = Thresholds()
MONITORING_CAGR = 0.01  # the yearly growth a monitoring indicator's status is compared with
_STRIDE = 1 << 16  # years fit below this, so series * _STRIDE + year is a sortable key
__all__ = ["ObservationTable", "SeriesTable", "observation_table", "series_table"]


@dataclass(frozen=True)
class EvaluationTable:
    """Results per series; NaN, -1 or ``not_available`` where a figure does not exist."""

    latest_index: np.ndarray
    latest_year: np.ndarray
    latest_value: np.ndarray
    expected: np.ndarray
    target: np.ndarray
    progress: np.ndarray
    attainment: np.ndarray
    rating: np.ndarray
    projection: np.ndarray
    slope: np.ndarray
    on_course: np.ndarray
    status: np.ndarray
    break_year: np.ndarray  # the break that applied (-1: none)
    comparable: np.ndarray  # False: a non-comparable break lies in (y0, latest year]
    reason: np.ndarray  # index into UNRATED_REASONS; -1 where rated


def path_at(series: SeriesTable, rows: np.ndarray, years: np.ndarray) -> np.ndarray:
    """The target path of each ``rows[i]`` at ``years[i]``; NaN outside [y0, yF]."""
    rows = np.asarray(rows, dtype=np.int64)
    years = np.asarray(years, dtype=np.int64)
    out = np.full(len(rows), np.nan)
    n_knots = len(series.knot_year)
    if n_knots == 0 or len(rows) == 0:
        return out
    keys = series.knot_series * _STRIDE + series.knot_year
    left = np.searchsorted(keys, rows * _STRIDE + years, side="right") - 1
    lc = np.clip(left, 0, n_knots - 1)
    rc = np.clip(lc + 1, 0, n_knots - 1)
    inside = (left >= 0) & (series.knot_series[lc] == rows)
    exact = inside & (series.knot_year[lc] == years)
    between = inside & ~exact & (lc + 1 < n_knots) & (series.knot_series[rc] == rows)
    out[exact] = series.knot_value[lc[exact]]
    yl, yr = series.knot_year[lc[between]], series.knot_year[rc[between]]
    vl, vr = series.knot_value[lc[between]], series.knot_value[rc[between]]
    out[between] = vl + (vr - vl) * (years[between] - yl) / (yr - yl)
    return out


def _current_revisions(obs: ObservationTable, year: int, as_of: int | None) -> np.ndarray:
    """Row numbers of the winning revision per (series, year), sorted by series then year."""
    keep = obs.year <= year
    if as_of is not None:
        keep &= (obs.published >= 0) & (obs.published <= as_of)
    idx = np.flatnonzero(keep)
    order = idx[np.lexsort((obs.seq[idx], obs.published[idx], obs.year[idx], obs.series[idx]))]
    s, y = obs.series[order], obs.year[order]
    last = np.ones(len(order), dtype=bool)
    last[:-1] = (s[1:] != s[:-1]) | (y[1:] != y[:-1])
    return order[last]


def _break_start(series: SeriesTable, year: int) -> np.ndarray:
    """Per series, the latest non-comparable break b with y0 < b <= year; -1 where none."""
    start = np.full(len(series), -1, dtype=np.int64)
    bs, by = series.break_series, series.break_year
    keep = (by <= year) & (by > series.baseline_year[bs])
    np.maximum.at(start, bs[keep], by[keep])
    return start


def _scope(series: SeriesTable, latest_year: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per series: whether the latest year precedes the first published target (the first
    knot after y0), and whether no non-comparable break b has y0 < b <= the latest year."""
    first = np.full(len(series), np.iinfo(np.int64).max, dtype=np.int64)
    later = series.knot_year > series.baseline_year[series.knot_series]
    np.minimum.at(first, series.knot_series[later], series.knot_year[later])
    comparable = np.ones(len(series), dtype=bool)
    bs, by = series.break_series, series.break_year
    comparable[bs[(by > series.baseline_year[bs]) & (by <= latest_year[bs])]] = False
    return latest_year < first, comparable  # NaN (no actual) compares False


def _in_segment(
    series: SeriesTable, obs: ObservationTable, current: np.ndarray, start: np.ndarray
) -> np.ndarray:
    """Which counting revisions the trend uses: after y0, or from the series' break on."""
    cs, cy = obs.series[current], obs.year[current]
    return np.where(start[cs] >= 0, cy >= start[cs], cy > series.baseline_year[cs])


def _projection(
    series: SeriesTable, obs: ObservationTable, current: np.ndarray, start: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Least-squares value at yF per series, and the line's slope per year."""
    n_series = len(series)
    cs = obs.series[current]
    y0 = series.baseline_year[cs]
    after = _in_segment(series, obs, current, start)
    ps = cs[after]
    # x is counted from the baseline year, so the baseline point is (0, v0); a series
    # with a break leaves the baseline out (it lies on the other side of the break).
    base = start < 0
    px = (obs.year[current][after] - y0[after]).astype(float)
    pv = obs.value[current][after]
    n = base + np.bincount(ps, minlength=n_series)
    sx = np.bincount(ps, px, minlength=n_series)
    sy = np.where(base, series.baseline_value, 0.0) + np.bincount(ps, pv, minlength=n_series)
    sxx = np.bincount(ps, px * px, minlength=n_series)
    sxy = np.bincount(ps, px * pv, minlength=n_series)
    den = n * sxx - sx * sx
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (n * sxy - sx * sy) / den
        intercept = (sy - slope * sx) / n
        value = intercept + slope * (series.final_year - series.baseline_year)
    undefined = (n < 2) | (den <= 0)
    value[undefined] = np.nan
    slope[undefined] = np.nan
    return value, slope


def _origin(
    series: SeriesTable, obs: ObservationTable, current: np.ndarray, start: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Where observed growth is counted from: (y0, v0), or the first actual after a break.

    A series with a break and no actual after it gets year +inf (no growth to observe).
    """
    oy = series.baseline_year.astype(float)
    ov = series.baseline_value.astype(float)
    broken = start >= 0
    oy[broken], ov[broken] = np.inf, np.nan
    cs = obs.series[current]
    seg = current[(start[cs] >= 0) & (obs.year[current] >= start[cs])]
    ss = obs.series[seg]
    first = np.ones(len(seg), dtype=bool)
    first[1:] = ss[1:] != ss[:-1]  # current is sorted by series, then year
    oy[ss[first]] = obs.year[seg[first]]
    ov[ss[first]] = obs.value[seg[first]]
    return oy, ov


def _status(
    series: SeriesTable,
    ly: np.ndarray,
    lv: np.ndarray,
    t: Thresholds,
    origin: tuple[np.ndarray, np.ndarray] | None = None,
    start: np.ndarray | None = None,
) -> np.ndarray:
    """Open SDG progress status per series, as indexes into STATUSES."""
    y0, v0 = series.baseline_year, series.baseline_value
    yf, vf, sign = series.final_year, series.final_value, series.sign
    oy, ov = origin if origin is not None else (y0, v0)
    status = np.full(len(series), NOT_AVAILABLE, dtype=np.int8)
    # NaN compares False: no actual means not_available. After a break only actuals from
    # the break on count, and growth needs two of them (ly > oy).
    reached = ly > y0 if start is None else np.where(start >= 0, ly >= start, ly > y0)
    later = ly > oy
    achieved = reached & (sign * (lv - vf) >= -EPS * np.maximum(1.0, np.abs(vf)))
    monitor = np.isnan(vf)  # NaN compares False: a monitoring indicator is never achieved
    with np.errstate(divide="ignore", invalid="ignore"):
        positive = (lv > 0) & (ov > 0) & (v0 > 0) & ((vf > 0) | monitor)
        small = ~positive & (lv >= 0) & (ov >= 0) & (v0 >= 0) & (vf >= 0)  # a zero: linear
        observed = np.where(small, (lv - ov) / (ly - oy), (lv / ov) ** (1.0 / (ly - oy)) - 1.0)
        required = np.where(small, (vf - v0) / (yf - y0), (vf / v0) ** (1.0 / (yf - y0)) - 1.0)
        required = np.where(monitor, MONITORING_CAGR, required)
        ratio = np.where(
            required != 0, sign * observed / np.abs(required), np.sign(sign * observed) * np.inf
        )
    bands = np.select(
        [
            ratio >= t.status_substantial - EPS,
            ratio >= t.status_moderate - EPS,
            ratio >= t.status_limited - EPS,
        ],
        [1, 2, 3],
        default=4,
    )
    graded = later & (positive | small) & ~achieved
    status[graded] = bands[graded]
    status[achieved] = 0
    return status


def evaluate_table(
    series: SeriesTable,
    obs: ObservationTable,
    year: int,
    as_of: int | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> EvaluationTable:
    """Evaluate every series for fiscal/calendar year ``year`` as known on day ``as_of``."""
    n = len(series)
    rows = np.arange(n, dtype=np.int64)
    current = _current_revisions(obs, year, as_of)
    cs = obs.series[current]
    last = np.ones(len(current), dtype=bool)
    last[:-1] = cs[1:] != cs[:-1]
    latest_index = np.full(n, -1, dtype=np.int64)
    latest_index[cs[last]] = current[last]
    has = latest_index >= 0

    ly = np.full(n, np.nan)
    lv = np.full(n, np.nan)
    ly[has] = obs.year[latest_index[has]]
    lv[has] = obs.value[latest_index[has]]
    expected = np.full(n, np.nan)
    expected[has] = path_at(series, rows[has], obs.year[latest_index[has]])
    target = path_at(series, rows, np.full(n, year, dtype=np.int64))

    v0, sign = series.baseline_value, series.sign
    with np.errstate(divide="ignore", invalid="ignore"):
        gap = expected - v0
        progress = np.where(gap != 0, (lv - v0) / gap, np.nan)
        ratio = np.where(sign > 0, lv / expected, expected / lv)
        attainment = np.where(np.isfinite(ratio), ratio, np.nan)
    early, comparable = _scope(series, ly)  # before the first target: not rated
    progress[early] = np.nan
    attainment[early] = np.nan
    rating = np.select(
        [
            progress >= thresholds.rating_a - EPS,
            progress >= thresholds.rating_b - EPS,
            progress >= thresholds.rating_c - EPS,
            progress < thresholds.rating_c,
        ],
        [0, 1, 2, 3],
        default=-1,
    ).astype(np.int8)

    monitor = np.isnan(series.final_value)
    for unset in (expected, target, progress, attainment):
        unset[monitor] = np.nan
    rating[monitor] = -1
    none = ~has | (ly < series.baseline_year)  # an actual older than y0 is history
    reason = np.where(none, 0, np.where(early, 1, np.where(rating < 0, 2, -1))).astype(np.int8)
    reason[~none & monitor] = 3
    start = _break_start(series, year)
    projection, slope = _projection(series, obs, current, start)
    vf = series.final_value
    meets = sign * (projection - vf) >= -EPS * np.maximum(1.0, np.abs(vf))
    on_course = np.where(np.isnan(projection), -1, meets.astype(np.int8)).astype(np.int8)
    projection[monitor], on_course[monitor] = np.nan, -1  # no final year: the trend only

    return EvaluationTable(
        latest_index=latest_index,
        latest_year=ly,
        latest_value=lv,
        expected=expected,
        target=target,
        progress=progress,
        attainment=attainment,
        rating=rating,
        projection=projection,
        slope=slope,
        on_course=on_course,
        status=_status(series, ly, lv, thresholds, _origin(series, obs, current, start), start),
        break_year=start,
        comparable=comparable,
        reason=reason,
    )


# --- one plan's indicators: build the tables, evaluate, read the rows back ---------------------


@dataclass(frozen=True)
class Projection:
    """The trend line read at the final target year."""

    year: int
    value: float
    target: float
    on_course: bool
    slope: float  # change per year of the least-squares line

    def at(self, year: int) -> float:
        """The trend line's value in ``year``."""
        return self.value - self.slope * (self.year - year)


@dataclass(frozen=True)
class IndicatorEvaluation:
    """What the evaluation says about one indicator for one year."""

    indicator: Indicator
    year: int
    as_of: datetime.date | None
    latest: Observation | None
    expected: float | None
    target: float | None
    progress: float | None
    attainment: float | None
    rating: str | None
    projection: Projection | None
    status: str
    series_break: SeriesBreak | None = None  # the break the evaluation did not span
    comparable: bool = True  # False: the rating spans a non-comparable break (reference)
    unrated: str | None = None  # why there is no rating: a code of UNRATED_REASONS
    trend: float | None = None  # change per year of the least-squares line (None: < 2 points)


def _num(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


def evaluate(
    indicators: Sequence[Indicator],
    observations: Iterable[Observation],
    year: int,
    as_of: datetime.date | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> tuple[IndicatorEvaluation, ...]:
    """Evaluate each indicator for ``year``, using what was published by ``as_of``."""
    series_of = {ind.code: n for n, ind in enumerate(indicators)}
    mine = [o for o in observations if o.indicator in series_of]
    series = series_table(indicators)
    obs = observation_table(mine, series_of)
    table = evaluate_table(
        series, obs, year, as_of.toordinal() if as_of else None, thresholds=thresholds
    )
    return tuple(
        result_at(
            ind, table, n, year, as_of, mine[i] if (i := table.latest_index[n]) >= 0 else None
        )
        for n, ind in enumerate(indicators)
    )


def result_at(
    ind: Indicator,
    table: EvaluationTable,
    n: int,
    year: int,
    as_of: datetime.date | None,
    latest: Observation | None,
) -> IndicatorEvaluation:
    """Row ``n`` of ``table`` as the evaluation of ``ind``; ``latest`` is its counting actual."""
    projection = None
    if not np.isnan(table.projection[n]):
        projection = Projection(
            year=ind.final_target.year,
            value=float(table.projection[n]),
            target=float(ind.final_target.value),
            on_course=bool(table.on_course[n]),
            slope=float(table.slope[n]),
        )
    rating = int(table.rating[n])
    return IndicatorEvaluation(
        indicator=ind,
        year=year,
        as_of=as_of,
        latest=latest,
        expected=_num(table.expected[n]),
        target=_num(table.target[n]),
        progress=_num(table.progress[n]),
        attainment=_num(table.attainment[n]),
        rating=rating_letter(rating),
        projection=projection,
        status=STATUSES[int(table.status[n])],
        series_break=applied_break(ind, year, int(table.break_year[n])),
        comparable=bool(table.comparable[n]),
        unrated=UNRATED_REASONS[int(table.reason[n])] if table.reason[n] >= 0 else None,
        trend=_num(table.slope[n]),
    )


def applied_break(ind: Indicator, year: int, start: int = -1) -> SeriesBreak | None:
    """The break the evaluation of ``year`` reports: the one it did not span, else the
    latest comparable break after the baseline that it spans as the plan allows."""
    if start >= 0:
        return next(b for b in ind.series_breaks if b.year == start and not b.comparable)
    spanned = [b for b in ind.series_breaks if ind.baseline.year < b.year <= year]
    return max(spanned, key=lambda b: b.year) if spanned else None


def winning_revisions(observations: Sequence[Observation]) -> set[int]:
    """Positions in ``observations`` of the revision that counts for each (indicator, year)."""
    codes = {code: n for n, code in enumerate(dict.fromkeys(o.indicator for o in observations))}
    table = observation_table(observations, codes)
    return {int(i) for i in _current_revisions(table, _STRIDE - 1, None)}
