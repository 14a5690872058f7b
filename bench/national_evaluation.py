"""Time and memory to evaluate a synthetic national deployment with ``evaluate_table``.

Builds, directly as numpy arrays, every municipality × indicator series of a national deployment
(default 1,741 municipalities × 50 indicators × 15 years ≈ 1.3 M observation cells, plus ~10 %
second revisions), then times ``shinchoku.core.evaluation.evaluate_table`` for a year in the
middle of the span (``--repeat`` runs; median, min, max) and once with an ``as_of`` day. Building
is timed separately. Peak memory of one evaluation is measured with ``tracemalloc`` (numpy reports
its buffers to it); the process peak RSS comes from ``getrusage``. The goal is under 5 s.

Run::

    .venv/bin/python bench/national_evaluation.py [--municipalities N] [--indicators N]
        [--years N] [--repeat N] [--seed N] [--json] [--profile]
"""

import argparse
import cProfile
import datetime
import io
import json
import pstats
import resource
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import fields
from typing import Any

import numpy as np

from shinchoku.core.evaluation import (
    RATINGS,
    STATUSES,
    EvaluationTable,
    ObservationTable,
    SeriesTable,
    evaluate_table,
)

GOAL_SECONDS = 5.0
FIRST_YEAR = 2020
N_TARGETS = 5
DECREASE_SHARE = 0.3  # of indicators: less is better (waiting lists, accidents, vacancies)
NET_SHARE = 0.04  # of indicators: net figures around zero (net migration), additive walk
MAINTAIN_SHARE = 0.03  # of series: 現状維持, every target equals the baseline
EMPTY_SHARE = 0.03  # of series: never observed
GAP_SHARE = 0.02  # of (series, year) cells: not observed that year
UNDATED_SHARE = 0.03  # of first revisions: no publication date recorded
REVISED_SHARE = 0.10  # of observed cells: carry a second revision
ZERO_SHARE = 0.005  # of decrease-is-better observations: exactly 0 (no incidents that year)
MIB = 1024 * 1024


def build(
    municipalities: int, indicators: int, years: int, seed: int
) -> tuple[SeriesTable, ObservationTable]:
    """Series and observation tables of a synthetic deployment, seeded and fully vectorised."""
    if years < 2:
        raise ValueError("need at least two years: a baseline and a target")
    rng = np.random.default_rng(seed)
    n = municipalities * indicators
    y0, yf = FIRST_YEAR, FIRST_YEAR + years - 1
    ind = np.tile(np.arange(indicators), municipalities)  # series row = municipality-major

    # Indicator kinds are national; values and targets differ per municipality.
    kind = rng.permutation(indicators)
    decrease_ind = kind < round(DECREASE_SHARE * indicators)
    net_ind = kind >= indicators - round(NET_SHARE * indicators)
    sign = np.where(decrease_ind[ind], -1, 1).astype(np.int64)
    net = net_ind[ind]

    # Baseline at the first year: lognormal levels, or a net figure that may be <= 0.
    v0 = np.where(net, rng.normal(0.0, 200.0, n), np.exp(rng.normal(3.0, 2.5, n)))
    growth = rng.uniform(0.005, 0.05, n)  # the plan's yearly rate (multiplicative kinds)
    step = rng.uniform(5.0, 30.0, n)  # the plan's yearly step (net kinds)
    maintain = rng.random(n) < MAINTAIN_SHARE
    growth[maintain] = 0.0
    step[maintain] = 0.0

    # Five targets spread to the final year (e.g. 2023, 2026, 2028, 2031, 2034).
    target_years = np.unique(np.rint(np.linspace(y0, yf, N_TARGETS + 1)[1:]).astype(np.int64))
    knot_years = np.concatenate(([y0], target_years))
    dt = (knot_years - y0)[None, :]
    knots = np.where(
        net[:, None],
        v0[:, None] + (sign * step)[:, None] * dt,
        v0[:, None] * (1.0 + (sign * growth)[:, None]) ** dt,
    )
    k = len(knot_years)
    series = SeriesTable(
        baseline_year=np.full(n, y0, dtype=np.int64),
        baseline_value=v0,
        final_year=np.full(n, yf, dtype=np.int64),
        final_value=knots[:, -1].copy(),
        sign=sign,
        knot_series=np.repeat(np.arange(n, dtype=np.int64), k),
        knot_year=np.tile(knot_years, n),
        knot_value=knots.ravel(),
    )

    # Actuals: baseline × a random walk whose drift is the plan's pace times a per-series
    # effort in [-0.5, 1.8): some series beat the plan, most lag it, some go the wrong way.
    effort = rng.uniform(-0.5, 1.8, n)
    log_drift = np.log1p(sign * growth) * effort
    sigma = rng.uniform(0.005, 0.05, n)
    shocks = rng.normal(log_drift[:, None], sigma[:, None], (n, years))
    shocks[:, 0] = rng.normal(0.0, 0.01, n)  # the baseline year's actual is close to v0
    walk = v0[:, None] * np.exp(np.cumsum(shocks, axis=1))
    net_shocks = rng.normal((sign * step * effort)[:, None], 30.0, (n, years))
    net_shocks[:, 0] = rng.normal(0.0, 5.0, n)
    values = np.where(net[:, None], v0[:, None] + np.cumsum(net_shocks, axis=1), walk)
    zero = (sign[:, None] < 0) & ~net[:, None] & (rng.random((n, years)) < ZERO_SHARE)
    values[zero] = 0.0

    observed = rng.random((n, years)) >= GAP_SHARE
    observed[rng.random(n) < EMPTY_SHARE] = False
    cell_series, cell_t = np.nonzero(observed)
    cell_year = y0 + cell_t
    cell_value = values[cell_series, cell_t]
    n_cells = len(cell_series)

    # Published 1-3 years after the reference year; the import day orders the rows (and seq).
    jan1 = np.array([datetime.date(y, 1, 1).toordinal() for y in range(y0, yf + 1)])
    first_day = jan1[cell_t] + rng.integers(365, 3 * 365 + 1, n_cells)
    first_pub = np.where(rng.random(n_cells) < UNDATED_SHARE, -1, first_day)

    # A second revision for ~10 % of cells: half undated, half published later.
    rev = np.flatnonzero(rng.random(n_cells) < REVISED_SHARE)
    rev_day = first_day[rev] + rng.integers(30, 400, len(rev))
    rev_pub = np.where(rng.random(len(rev)) < 0.5, -1, rev_day)
    rev_value = np.where(
        net[cell_series[rev]],
        cell_value[rev] + rng.normal(0.0, 5.0, len(rev)),
        cell_value[rev] * (1.0 + rng.normal(0.0, 0.03, len(rev))),
    )

    import_day = np.concatenate((first_day, rev_day))
    order = np.lexsort((rng.random(len(import_day)), import_day))
    obs = ObservationTable(
        series=np.concatenate((cell_series, cell_series[rev])).astype(np.int64)[order],
        year=np.concatenate((cell_year, cell_year[rev])).astype(np.int64)[order],
        value=np.concatenate((cell_value, rev_value))[order],
        published=np.concatenate((first_pub, rev_pub)).astype(np.int64)[order],
        seq=np.arange(len(order), dtype=np.int64),
    )
    return series, obs


def nbytes(table: object) -> int:
    """Bytes held by the arrays of a table dataclass."""
    return sum(getattr(table, f.name).nbytes for f in fields(table))


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    """The result of ``fn()`` and its wall time in seconds."""
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def traced_peak(fn: Callable[[], Any]) -> int:
    """Peak bytes traced by tracemalloc while ``fn()`` runs (numpy buffers included)."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
        fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - base


def max_rss() -> int:
    """Peak resident set size of this process so far, in bytes (Linux reports KiB)."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024


def check(
    series: SeriesTable,
    obs: ObservationTable,
    table: EvaluationTable,
    year: int,
    as_of: int | None,
    seed: int,
    sample: int = 50,
) -> dict[str, int]:
    """Assert the results are plausible; return the number of series with a latest actual."""
    known = obs.year <= year
    if as_of is not None:
        known &= (obs.published >= 0) & (obs.published <= as_of)
    expected_with = len(np.unique(obs.series[known]))
    has = table.latest_index >= 0
    assert int(has.sum()) == expected_with, (int(has.sum()), expected_with)
    assert np.all(table.latest_year[has] <= year)
    assert np.all(np.isnan(table.latest_value[~has]))
    assert np.all(np.isfinite(table.expected[has]))
    assert np.all((table.rating >= 0) == np.isfinite(table.progress))
    assert np.all(table.status[~has] == STATUSES.index("not_available"))

    # A few series against a plain-Python reading of the rules in evaluation.py's docstring.
    rng = np.random.default_rng(seed + 1)
    by_series = np.argsort(obs.series, kind="stable")
    starts = np.searchsorted(obs.series[by_series], np.arange(len(series) + 1))
    for s in rng.choice(len(series), min(sample, len(series)), replace=False):
        best, best_key = -1, None
        for r in by_series[starts[s] : starts[s + 1]].tolist():
            y, p = int(obs.year[r]), int(obs.published[r])
            if y > year or (as_of is not None and not 0 <= p <= as_of):
                continue
            key = (y, p, int(obs.seq[r]))
            if best_key is None or key > best_key:
                best, best_key = r, key
        assert table.latest_index[s] == best, (s, table.latest_index[s], best)
        if best >= 0:
            mine = series.knot_series == s
            path = np.interp(obs.year[best], series.knot_year[mine], series.knot_value[mine])
            assert np.isclose(table.expected[s], path), (s, table.expected[s], path)
    return {"with_latest": expected_with, "sampled": min(sample, len(series))}


def counts(table: EvaluationTable) -> dict[str, dict[str, int]]:
    """How many series got each rating, status and on-course verdict."""
    rating = {r: int((table.rating == i).sum()) for i, r in enumerate(RATINGS)}
    rating["none"] = int((table.rating < 0).sum())
    status = {s: int((table.status == i).sum()) for i, s in enumerate(STATUSES)}
    course = {
        "yes": int((table.on_course == 1).sum()),
        "no": int((table.on_course == 0).sum()),
        "none": int((table.on_course < 0).sum()),
    }
    return {"rating": rating, "status": status, "on_course": course}


def profile(fn: Callable[[], Any], top: int = 15) -> str:
    """cProfile of one call, sorted by own time."""
    prof = cProfile.Profile()
    prof.runcall(fn)
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    """Build, evaluate, check and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--municipalities", type=int, default=1741)
    parser.add_argument("--indicators", type=int, default=50)
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile")
    args = parser.parse_args(argv)

    (series, obs), build_s = timed(
        lambda: build(args.municipalities, args.indicators, args.years, args.seed)
    )
    rss_built = max_rss()
    year = FIRST_YEAR + args.years // 2
    as_of_date = datetime.date(year + 2, 3, 31)
    as_of = as_of_date.toordinal()

    runs = []
    table = None
    for _ in range(max(1, args.repeat)):
        table, seconds = timed(lambda: evaluate_table(series, obs, year))
        runs.append(seconds)
    as_of_table, as_of_s = timed(lambda: evaluate_table(series, obs, year, as_of=as_of))
    peak = traced_peak(lambda: evaluate_table(series, obs, year))
    peak_as_of = traced_peak(lambda: evaluate_table(series, obs, year, as_of=as_of))
    rss_end = max_rss()

    checked = check(series, obs, table, year, None, args.seed)
    checked_as_of = check(series, obs, as_of_table, year, as_of, args.seed)
    median = statistics.median(runs)
    n_revised = len(obs.series) - len(np.unique((obs.series << 16) | obs.year))
    result = {
        "municipalities": args.municipalities,
        "indicators": args.indicators,
        "years": args.years,
        "first_year": FIRST_YEAR,
        "last_year": FIRST_YEAR + args.years - 1,
        "seed": args.seed,
        "series": len(series),
        "series_without_observations": len(series) - len(np.unique(obs.series)),
        "observations": len(obs.series),
        "second_revisions": n_revised,
        "input_mib": round((nbytes(series) + nbytes(obs)) / MIB, 1),
        "build_s": round(build_s, 4),
        "year": year,
        "evaluate_s": {
            "median": round(median, 4),
            "min": round(min(runs), 4),
            "max": round(max(runs), 4),
            "runs": [round(r, 4) for r in runs],
        },
        "as_of": as_of_date.isoformat(),
        "evaluate_as_of_s": round(as_of_s, 4),
        "goal_s": GOAL_SECONDS,
        "median_over_goal": round(median / GOAL_SECONDS, 3),
        "peak_traced_mib": round(peak / MIB, 1),
        "peak_traced_as_of_mib": round(peak_as_of / MIB, 1),
        "peak_rss_mib": round(rss_end / MIB, 1),
        "peak_rss_after_build_mib": round(rss_built / MIB, 1),
        "counts": counts(table),
        "counts_as_of": counts(as_of_table),
        "sanity": {"year": checked, "as_of": checked_as_of},
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print_report(result)
    if args.profile:
        print(profile(lambda: evaluate_table(series, obs, year)))
    return 0


def print_report(r: dict[str, Any]) -> None:
    """Plain lines a person can read."""
    e = r["evaluate_s"]
    met = "met" if r["median_over_goal"] < 1 else "NOT met"
    lines = [
        f"deployment: {r['municipalities']:,} municipalities x {r['indicators']} indicators"
        f" x {r['years']} years ({r['first_year']}-{r['last_year']}),"
        f" seed {r['seed']}",
        f"series: {r['series']:,} ({r['series_without_observations']:,} without observations)",
        f"observations: {r['observations']:,} rows ({r['second_revisions']:,} second revisions)",
        f"build: {r['build_s']:.3f} s (input tables {r['input_mib']} MiB)",
        f"evaluate: median {e['median']:.3f} s (min {e['min']:.3f}, max {e['max']:.3f})"
        f" over {len(e['runs'])} runs, year {r['year']}",
        f"evaluate as_of {r['as_of']}: {r['evaluate_as_of_s']:.3f} s",
        f"goal: {r['goal_s']:.1f} s; median/goal {r['median_over_goal']:.3f} ({met})",
        f"peak traced memory of one evaluation: {r['peak_traced_mib']} MiB"
        f" (as_of: {r['peak_traced_as_of_mib']} MiB)",
        f"peak RSS of the process: {r['peak_rss_mib']} MiB"
        f" (after building: {r['peak_rss_after_build_mib']} MiB)",
    ]
    for label, key in (("", "counts"), (f" as_of {r['as_of']}", "counts_as_of")):
        c = r[key]
        for name in ("rating", "status", "on_course"):
            parts = ", ".join(f"{k} {v:,}" for k, v in c[name].items())
            lines.append(f"{name}{label}: {parts}")
    s = r["sanity"]
    lines.append(
        f"sanity: ok ({s['year']['with_latest']:,} series with a latest actual by {r['year']},"
        f" {s['as_of']['with_latest']:,} as of {r['as_of']}; {s['year']['sampled']} series"
        " re-derived in Python)"
    )
    print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
