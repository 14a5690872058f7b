"""``shinchoku evaluate``: each indicator's progress for a year."""

from __future__ import annotations

import datetime

import click

from ..core.calendar import year_text as year_text
from ..core.messages import current, tr
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
    from ..observations.years import newest_data_year

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
        click.echo(tr("指標ごとの表は --full（または --format table）で表示します"))


def echo_summary(evaluation, year: int, as_of: datetime.date | None) -> None:
    """The year's counts, from the evaluated arrays (no object per indicator)."""
    from ..core.evaluation import RATINGS
    from ..core.tally import tally

    t = tally(evaluation.evaluated.table, evaluation.tables.series)
    when = tr("（{date} 時点の公表値）", date=as_of.isoformat()) if as_of else ""
    click.echo(tr("{year}の評価", year=year_text(year)) + when)
    targeted = t.indicators - t.monitoring
    kinds = tr("目標のある指標 {n}件", n=f"{targeted:,}")
    if t.monitoring:
        kinds += tr("・参考指標（目標なし） {n}件", n=f"{t.monitoring:,}")
    click.echo(
        tr(
            "評価指標 {n}件（{kinds}）、実績値あり {actual}件",
            n=f"{t.indicators:,}",
            kinds=kinds,
            actual=f"{t.with_actual:,}",
        )
    )
    ratings = tr("・").join(f"{k} {t.ratings[k]:,}" for k in RATINGS)
    unrated = targeted - sum(t.ratings.values()) - t.reference
    extra = tr("・参考（統計の断層をまたぐ） {n}", n=f"{t.reference:,}") if t.reference else ""
    click.echo(
        tr("  評価: {ratings}{extra}・評価なし {n}", ratings=ratings, extra=extra, n=f"{unrated:,}")
    )
    click.echo(
        tr(
            "  このペースで最終目標に: 届く見込み {on}・届かない見込み {off}・見通しなし {none}",
            on=f"{t.on_course:,}",
            off=f"{t.off_course:,}",
            none=f"{t.no_outlook:,}",
        )
    )


def echo_table(results) -> None:
    """Every indicator's row, then the notes on ratings."""
    from ..core.formatting import number, percent, places
    from ..core.i18n import plain
    from ..core.verdicts import current_actual, verdict

    lines, notes = [], []
    lang = current()
    for r in results:
        ind = r.indicator
        name, unit = plain(ind, "name", lang), plain(ind, "unit", lang)
        p = places(ind)
        v = verdict(r, lang)

        def at(value: object, y: int, ind=ind) -> str:
            return tr("{value}（{year}）", value=value, year=year_text(y, ind.period_kind))

        now = current_actual(r)  # history older than the baseline is not a result
        latest = at(number(now.value, p), now.year) if now else tr("未入手")
        outlook = "—"
        if r.projection:
            mark = tr("届く見込み") if r.projection.on_course else tr("届かない見込み")
            outlook = tr("{mark}（予測 {value}）", mark=mark, value=number(r.projection.value, p))
        lines.append(
            (
                tr("{name}（{unit}）", name=name, unit=unit),
                at(number(ind.baseline.value, p), ind.baseline.year),
                latest,
                number(r.expected, p),
                percent(r.progress),
                percent(r.attainment),
                v.label,
                tr("参考指標（目標なし）")
                if ind.monitoring
                else at(number(ind.final_target.value, p), ind.final_target.year),
                outlook,
            )
        )
        if v.note or r.unrated == "before_first_target":
            notes.append(f"※ {name}: {v.note or v.rating_text}")
    click.echo(
        table(
            lines,
            headers=[
                tr("指標"),
                tr("基準値"),
                tr("最新値"),
                tr("同じ年の目標線"),
                tr("進捗率"),
                tr("達成率"),
                tr("評価"),
                tr("最終目標"),
                tr("このペースで最終目標に"),
            ],
            colalign=("left",) + ("right",) * 5 + ("left",) * 3,
            disable_numparse=True,
        )
    )
    for note in notes:
        click.echo(note)
