"""``shinchoku cycle``: the yearly round — open it, see where it stands, remind owners."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from ..core.calendar import year_text as fy
from ..core.messages import tr
from .common import DATE, FORMAT_JSON, YEAR, echo_json, pass_plan, table, user_errors
from .errors import UserError


@click.group("cycle")
def group() -> None:
    """The yearly PDCA round: requests to owners, states, reminders."""


def _round(row, year: int):
    from ..cycle.services import current_round

    found = current_round(row, year)
    if found is None:
        raise UserError(tr("{year}の回はまだ開いていません（shinchoku cycle open）", year=fy(year)))
    return found


@group.command("open")
@click.option("--year", required=True, type=YEAR)
@click.option("--due", required=True, type=DATE, help="Deadline, YYYY-MM-DD.")
@pass_plan
def open_(row, year: int, due: datetime.date) -> None:
    """Open the round for a fiscal year: one request per indicator and project."""
    from ..accounts.permissions import SYSTEM
    from ..cycle.services import open_round

    with user_errors():
        round_ = open_round(row, year, due, SYSTEM)
    click.echo(
        tr(
            "{year}の回を開きました: {n}件の依頼、提出期限 {due}",
            year=fy(year),
            n=round_.requests.count(),
            due=due.isoformat(),
        )
    )


@group.command("status")
@click.option("--year", required=True, type=YEAR)
@click.option("--format", "fmt", type=FORMAT_JSON, default="table")
@click.option("--today", type=DATE, help="Judge overdue as of this date (default: today).")
@pass_plan
def status(row, year: int, fmt: str, today: datetime.date | None) -> None:
    """Every item: owner, state, due date, last update, overdue flag."""
    from ..cycle.services import status as round_status

    rows = round_status(_round(row, year), today or datetime.date.today())
    if fmt == "json":
        echo_json(
            {
                "year": year,
                "items": [
                    {
                        "id": r.request.pk,
                        "item": r.item,
                        "kind": "project" if r.request.project_id else "indicator",
                        "owner": r.owner,
                        "state": r.request.state,
                        "returned": r.request.returned,
                        "due": r.due.isoformat(),
                        "updated": r.updated.isoformat(),
                        "overdue": r.overdue,
                    }
                    for r in rows
                ],
            }
        )
        return
    lines = [
        (r.item, r.owner, r.state, r.due.isoformat(), f"{r.updated:%Y-%m-%d}",
         tr("期限切れ") if r.overdue else "")
        for r in rows
    ]  # fmt: skip
    headers = [tr("対象"), tr("担当"), tr("状態"), tr("期限"), tr("更新日"), ""]
    click.echo(table(lines, headers=headers))


@group.command("remind")
@click.option("--year", required=True, type=YEAR)
@click.option("--dry-run", is_flag=True, help="Only print who would get which items.")
@pass_plan
def remind(row, year: int, dry_run: bool) -> None:
    """E-mail each owner only their own open items, with direct links."""
    from django.conf import settings

    from ..accounts.permissions import SYSTEM
    from ..cycle.services import label, send_reminders

    with user_errors():
        sent = send_reminders(_round(row, year), settings.SITE_URL, dry_run=dry_run, actor=SYSTEM)
    for rem in sent:
        click.echo(
            tr("{user} <{email}>: {n}件", user=rem.username, email=rem.email, n=len(rem.items))
        )
        for r in rem.items:
            click.echo(f"  - {label(r)}")
    if not sent:
        click.echo(
            tr("督促する相手はいません（未提出の項目がないか、担当者にメールアドレスがありません）")
        )
    elif dry_run:
        click.echo(tr("（--dry-run: 送信していません）"))


@group.command("import-sheets")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_plan
def import_sheets(row, file: Path) -> None:
    """Store the filled 事業評価シート of a report workbook (all of them, or none)."""
    from ..accounts.permissions import SYSTEM
    from ..cycle.sheet_import import import_sheets as do_import

    with user_errors():
        data = file.read_bytes()  # an OSError names the file (cli.errors)
        done = do_import(row, data, file.name, SYSTEM)
    for sheet in done.saved:
        click.echo(
            tr(
                "重点推進事業{number}（{year}）: 自己評価 {rating}",
                number=sheet.project.number,
                year=fy(sheet.year, style="western"),
                rating=sheet.rating,
            )
        )
    for sv in done.unchanged:
        year = fy(sv.year, style="western")
        click.echo(
            tr("重点推進事業{number}（{year}）: 変更はありません", number=sv.project, year=year)
        )
    if done.figures:
        click.echo(tr("活動指標の値 {n}件を記録しました", n=done.figures))
    if not done.saved and not done.figures:
        click.echo(tr("{file}: 変更はありません（何も保存していません）", file=file.name))
