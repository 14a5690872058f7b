"""``shinchoku evaluate``: each indicator's progress for a year."""

from __future__ import annotations

import datetime

import click

from ..core.calendar import format_year
from .common import DATE, FORMAT_JSON, YEAR, echo_json, pass_plan, table, user_errors


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
    from ..core.formatting import number, percent, places
    from ..core.serialize import evaluation_dict
    from ..core.verdicts import current_actual, verdict
    from ..observations.services import evaluate_year
    from ..plan.publication import newest_data_year

    if year is None:
        year = newest_data_year(row)

    with user_errors():
        results = evaluate_year(row, year, as_of)
    if fmt == "json":
        echo_json(evaluation_dict(year, as_of, results))
        return
    lines, notes = [], []
    for r in results:
        ind = r.indicator
        p = places(ind)
        v = verdict(r, "ja")
        fy = lambda y, ind=ind: format_year(y, ind.period_kind)  # noqa: E731
        now = current_actual(r)  # history older than the baseline is not a result
        latest = f"{number(now.value, p)}（{fy(now.year)}）" if now else "未入手"
        outlook = "—"
        if r.projection:
            mark = "届く見込み" if r.projection.on_course else "届かない見込み"
            outlook = f"{mark}（予測 {number(r.projection.value, p)}）"
        lines.append(
            (
                f"{ind.name}（{ind.unit}）",
                f"{number(ind.baseline.value, p)}（{fy(ind.baseline.year)}）",
                latest,
                number(r.expected, p),
                percent(r.progress),
                percent(r.attainment),
                v.label,
                "参考指標（目標なし）"
                if ind.monitoring
                else f"{number(ind.final_target.value, p)}（{fy(ind.final_target.year)}）",
                outlook,
            )
        )
        if v.note or r.unrated == "before_first_target":
            notes.append(f"※ {ind.name}: {v.note or v.rating_text}")
    when = f"（{as_of.isoformat()} 時点の公表値）" if as_of else ""
    click.echo(f"{format_year(year, 'fiscal')}の評価{when}")
    click.echo(
        table(
            lines,
            headers=[
                "指標",
                "基準値",
                "最新値",
                "同じ年の目標線",
                "進捗率",
                "達成率",
                "評価",
                "最終目標",
                "このペースで最終目標に",
            ],
            colalign=("left",) + ("right",) * 5 + ("left",) * 3,
            disable_numparse=True,
        )
    )
    for note in notes:
        click.echo(note)
