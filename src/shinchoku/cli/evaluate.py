"""``shinchoku evaluate``: each indicator's progress for a year."""

from __future__ import annotations

import datetime

import click
from tabulate import tabulate

from ..core.calendar import format_year
from ..core.labels import RATING, STATUS
from ..core.serialize import evaluation_dict
from .common import DATE, FORMAT_JSON, YEAR, echo_json, pass_plan, user_errors


def _n(value: float | None, digits: int = 0) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@click.command("evaluate")
@click.option(
    "--year",
    type=YEAR,
    help="Year evaluated: 2023, 令和5年度, R5 … (default: the newest year with a stored value).",
)
@click.option("--as-of", type=DATE, help="Use only what was published by this date.")
@click.option("--format", "fmt", type=FORMAT_JSON, default="table")
@pass_plan
def command(row, year: int | None, as_of: datetime.date | None, fmt: str) -> None:
    """Evaluate every indicator for a year: latest actual, progress, rating, projection."""
    from ..observations.services import evaluate_year
    from ..plan.publication import newest_data_year

    if year is None:
        year = newest_data_year(row)

    with user_errors():
        results = evaluate_year(row, year, as_of)
    if fmt == "json":
        echo_json(evaluation_dict(year, as_of, results))
        return
    lines = []
    for r in results:
        ind = r.indicator
        fy = lambda y, ind=ind: format_year(y, ind.period_kind)  # noqa: E731
        latest = f"{_n(float(r.latest.value))}（{fy(r.latest.year)}）" if r.latest else "未入手"
        projection = "—"
        if r.projection:
            mark = "到達見込み" if r.projection.on_course else "未達見込み"
            projection = f"{_n(r.projection.value)}（{mark}）"
        lines.append(
            (
                f"{ind.name}（{ind.unit}）",
                f"{_n(float(ind.baseline.value))}（{fy(ind.baseline.year)}）",
                _n(r.target),
                latest,
                _n(r.expected),
                _pct(r.progress),
                _pct(r.attainment),
                f"{r.rating} {RATING['ja'][r.rating]}" if r.rating else "—",
                projection,
                STATUS["ja"][r.status],
            )
        )
    when = f"（{as_of.isoformat()} 時点の公表値）" if as_of else ""
    click.echo(f"{format_year(year, 'fiscal')}の評価{when}")
    click.echo(
        tabulate(
            lines,
            headers=[
                "指標",
                "基準値",
                f"{format_year(year, style='short')}目標",
                "最新値",
                "同年の目標線",
                "進捗率",
                "達成率",
                "評価",
                f"{format_year(row.period_end, style='short')}予測",
                "状況",
            ],
            colalign=("left",) + ("right",) * 6 + ("left",) * 3,
            disable_numparse=True,
        )
    )
