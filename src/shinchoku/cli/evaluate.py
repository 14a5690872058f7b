"""``shinchoku evaluate``: each indicator's progress for a year."""

from __future__ import annotations

import datetime

import click

from ..core.messages import current, tr
from ..core.messages import year as year_text
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
    from ..core.i18n import plain
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
    when = tr("（{date} 時点の公表値）", date=as_of.isoformat()) if as_of else ""
    click.echo(tr("{year}の評価", year=year_text(year)) + when)
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
