"""``shinchoku observe``: record, import and list observations (実績値)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

import click

from ..core.calendar import year_text as year_text
from ..core.formatting import signed
from ..core.messages import local, named, tr
from .common import (
    CONFIRM,
    ENCODING,
    FORMAT_JSON,
    LARGE,
    batch_work,
    echo_json,
    file_limits,
    pass_plan,
    table,
    user_errors,
)
from .errors import UserError


@click.group("observe")
def group() -> None:
    """Observations (実績値) with their sources and every revision."""


def _summary(run) -> str:
    """What the import did, in words: how many values were added, and why not the rest."""
    if run.added == 0:
        return tr("何も追加していません（{n}件すべて登録済みの値と同じです）", n=run.unchanged)
    return tr(
        "{added}件を追加しました（既に同じ値が登録済みのため省いた行: {unchanged}件）",
        added=run.added,
        unchanged=run.unchanged,
    )


@group.command("add")
@click.option("--indicator", required=True, help="Indicator code or Japanese name.")
@click.option("--year", required=True, help="2023, 令和5年度, R5 …")
@click.option("--value", required=True, help="In the indicator's unit; 1,234 allowed.")
@click.option("--source", required=True, help="Statistic or document the value comes from.")
@click.option("--published-on", default="", help="YYYY-MM-DD, when the source published it.")
@click.option("--edition", default="", help="The source's edition, e.g. 令和元年度版.")
@click.option("--note", default="")
@CONFIRM
@pass_plan
def add(row, confirm: bool, **fields: str) -> None:
    """Record one value; a second value for the same year is a revision."""
    from ..accounts.permissions import SYSTEM
    from ..observations import services

    with user_errors():
        run = services.add(row, fields, SYSTEM, confirm=confirm)
    click.echo(_summary(run))


@group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@ENCODING
@LARGE
@CONFIRM
@batch_work
@pass_plan
def import_(row, file: Path, encoding: str, large: bool, confirm: bool) -> None:
    """Import a CSV (UTF-8 or Shift_JIS) or XLSX file whole; one bad row rejects the file.

    Runs at a lower CPU priority (nice +10), so a site served from this machine keeps
    answering meanwhile.
    """
    from ..accounts.permissions import SYSTEM
    from ..observations import services

    with user_errors():
        run = services.import_file(
            row, file, SYSTEM, encoding=encoding, limits=file_limits(large), confirm=confirm
        )
    click.echo(f"{file.name}: {_summary(run)}")


@group.command("list")
@click.option("--indicator", required=True, help="Indicator code or Japanese name.")
@click.option("--format", "fmt", type=FORMAT_JSON, default="table")
@pass_plan
def list_(row, indicator: str, fmt: str) -> None:
    """Every revision of an indicator's values, the one that counts marked."""
    from ..core.serialize import observation_dict
    from ..observations import services

    ind = (
        row.indicators.filter(code=indicator).first()
        or row.indicators.filter(name=indicator).first()
    )
    if ind is None:
        known = named(row.indicators.all())
        raise UserError(tr("「{name}」という指標は計画にありません", name=indicator) + f": {known}")
    revs = services.all_revisions(row, ind)
    if fmt == "json":
        echo_json(
            {
                "indicator": ind.code,
                "name": ind.name,
                "unit": ind.unit,
                "observations": [
                    {
                        "id": r.observation.seq,
                        **observation_dict(r.observation),
                        "current": r.current,
                        "withdrawal": _withdrawal(r),
                        "confirmed_change": r.confirmed_change,
                        "recorded_at": r.recorded_at.isoformat(),
                        "import": {"kind": r.run.kind, "file_name": r.run.file_name},
                    }
                    for r in revs
                ],
            }
        )
        return
    if not revs:
        click.echo(tr("{name}: 実績値はまだありません", name=local(ind, "name")))
        return
    click.echo(
        tr("{name}（{unit}）", name=local(ind, "name"), unit=local(ind, "unit"))
        + "  "
        + tr(
            "年ごとに版の公表順、◎ = その年の採用値、"
            "取下 = 取り下げた値（数えない）。ID は observe withdraw に使います"
        )
    )
    click.echo(revision_table(revs, ind.period_kind, local(ind, "unit")))


def _withdrawal(r) -> dict | None:
    """A withdrawn revision's reason, who and when (None while it stands)."""
    w = r.withdrawal
    if w is None:
        return None
    return {"reason": w.reason, "by": w.withdrawn_by, "at": w.withdrawn_at.isoformat()}


@group.command("withdraw")
@click.argument("observation_id", metavar="ID", type=int)
@click.option("--reason", required=True, help="Why the value is withdrawn.")
@pass_plan
def withdraw(row, observation_id: int, reason: str) -> None:
    """Withdraw value ID (from observe list), entered by mistake: it stays listed as
    withdrawn, never counts again, and the revision before it counts again."""
    from ..accounts.permissions import SYSTEM
    from ..observations import services

    with user_errors():
        rev = services.withdraw(row, observation_id, reason, SYSTEM)
    o = rev.observation
    ind = row.indicators.get(code=o.indicator)
    click.echo(
        tr(
            "{name} {year} の {value}（ID {id}）を取り下げました",
            name=ind.name,
            year=year_text(o.year, ind.period_kind),
            value=f"{o.value:,}{ind.unit}",
            id=observation_id,
        )
    )


def _order(r) -> tuple:
    """Within a year, the order editions rank in: undated first, then by date, then record."""
    o = r.observation
    return (o.published_on is not None, o.published_on or datetime.date.min, o.seq)


def revision_table(revs: list, period_kind: str, unit: str) -> str:
    """Every revision grouped by year, each edition's value in publication order, with the
    change from the edition before it and, where a statistic was converted, its figure."""
    from .preview import published_text

    published = any(r.observation.source_value is not None for r in revs)
    withdrawn = any(r.withdrawal is not None for r in revs)
    confirmed = any(r.confirmed_change for r in revs)
    rows = []
    by_year: dict[int, list] = {}
    for r in revs:
        by_year.setdefault(r.observation.year, []).append(r)
    for year in sorted(by_year):
        before: Decimal | None = None
        for n, r in enumerate(sorted(by_year[year], key=_order)):
            o = r.observation
            change = ""
            if before is not None and r.withdrawal is None:
                diff = o.value - before
                ratio = f"（{signed(diff / before, 1, share=True)}）" if before else ""
                change = f"{diff:+,}{ratio}"
            rows.append(
                (
                    year_text(year, period_kind) if n == 0 else "",
                    o.edition or "—",
                    f"{o.value:,}",
                    change,
                    "◎" if r.current else (tr("取下") if r.withdrawal else ""),
                    o.published_on or tr("不明"),
                    o.source,
                    *([published_text(o)] if published else []),
                    o.seq,
                    *([r.withdrawal.reason if r.withdrawal else ""] if withdrawn else []),
                    *(
                        [
                            tr("確認済み: {change}", change=r.confirmed_change)
                            if r.confirmed_change
                            else ""
                        ]
                        if confirmed
                        else []
                    ),
                )
            )
            if r.withdrawal is None:
                before = o.value
    headers = [tr("年"), tr("版"), tr("値（{unit}）", unit=unit), tr("前の版から"), tr("採用"),
               tr("公表日"), tr("出典")]  # fmt: skip
    headers += [tr("公表値")] if published else []
    headers += ["ID"] + ([tr("取り下げの理由")] if withdrawn else [])
    headers += [tr("大きな変化の確認")] if confirmed else []
    align = ("left", "left", "right", "right", "center", "left", "left")
    align += ("left",) * (len(headers) - len(align))
    return table(rows, headers=headers, colalign=align, disable_numparse=True)
