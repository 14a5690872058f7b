"""``shinchoku evaluate``: each indicator's progress for a year."""

from __future__ import annotations

import datetime

import click

from ..core.calendar import format_year
from .common import (
    DATE,
    FORMAT_LARGE,
    FULL,
    YEAR,
    echo_json,
    echo_ndjson,
    pass_plan,
    table,
    user_errors,
)


@click.command("evaluate")
@click.option(
    "--year",
    type=YEAR,
    help="Year evaluated: 2023, 令和5年度, R5 … (default: the newest year with a stored value).",
)
@click.option("--as-of", type=DATE, help="Use only what was published by this date.")
@click.option(
    "--format",
    "fmt",
    type=FORMAT_LARGE,
    default="summary",
    show_default=True,
    help="summary: counts only; table: every indicator; json: one document; "
    "ndjson: one indicator a line.",
)
@FULL
@pass_plan
def command(row, year: int | None, as_of: datetime.date | None, fmt: str, full: bool) -> None:
    """Evaluate every indicator for a year: latest actual, progress, rating, projection.

    Prints the counts (ratings A–D, outlooks) by default; the table of every indicator
    with --full or --format table.
    """
    from ..core.serialize import evaluation_dict
    from ..observations.services import evaluation_of_year
    from ..plan.publication import newest_data_year

    if year is None:
        year = newest_data_year(row)

    with user_errors():
        evaluation = evaluation_of_year(row, year, as_of)
    if fmt == "json":
        echo_json(evaluation_dict(year, as_of, evaluation.results))
        return
    if fmt == "ndjson":
        rows = evaluation_dict(year, as_of, evaluation.results)["indicators"]
        echo_ndjson({"year": year, "as_of": as_of and as_of.isoformat(), **r} for r in rows)
        return
    echo_summary(evaluation, year, as_of)
    if full or fmt == "table":
        echo_table(evaluation.results)
    else:
        click.echo("指標ごとの表は --full（または --format table）で表示します")


def echo_summary(evaluation, year: int, as_of: datetime.date | None) -> None:
    """The year's counts, from the evaluated arrays (no object per indicator)."""
    from ..core.evaluation import RATINGS
    from ..core.tally import tally

    t = tally(evaluation.evaluated.table, evaluation.tables.series)
    when = f"（{as_of.isoformat()} 時点の公表値）" if as_of else ""
    click.echo(f"{format_year(year, 'fiscal')}の評価{when}")
    targeted = t.indicators - t.monitoring
    kinds = f"目標のある指標 {targeted:,}件" + (
        f"・参考指標（目標なし） {t.monitoring:,}件" if t.monitoring else ""
    )
    click.echo(f"評価指標 {t.indicators:,}件（{kinds}）、実績値あり {t.with_actual:,}件")
    ratings = "・".join(f"{k} {t.ratings[k]:,}" for k in RATINGS)
    unrated = targeted - sum(t.ratings.values()) - t.reference
    extra = f"・参考（統計の断層をまたぐ） {t.reference:,}" if t.reference else ""
    click.echo(f"  評価: {ratings}{extra}・評価なし {unrated:,}")
    click.echo(
        f"  このペースで最終目標に: 届く見込み {t.on_course:,}・届かない見込み "
        f"{t.off_course:,}・見通しなし {t.no_outlook:,}"
    )


def echo_table(results) -> None:
    """Every indicator's row, then the notes on ratings."""
    from ..core.formatting import number, percent, places
    from ..core.verdicts import current_actual, verdict

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
