"""``shinchoku publish`` and ``shinchoku unpublish``: the 公表 gate from the command line.

Publishing always needs a confirmation, as on the workspace's 公表 page: ``--yes`` gives it
(the phrase confirmed is printed and recorded); without ``--yes``, at a terminal the command
shows the checklist and the phrase and asks for the year to be typed again; without a
terminal it refuses and changes nothing.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from ..core.calendar import YearParseError, format_year, parse_year
from ..core.calendar import year_text as fy
from ..core.messages import tr
from .common import FORMAT_JSON, YEAR, echo_json, pass_plan
from .errors import UserError


def checklist_dict(row: Any, found: Any) -> dict[str, Any]:
    """The checklist and the preview as JSON (``publish --dry-run --format json``)."""
    from ..core.serialize import evaluation_dict
    from ..observations.services import evaluate_year

    return {
        "year": found.year,
        "year_label": format_year(found.year, "fiscal"),
        "published_year": found.published_year,
        "can_publish": found.refusal is None,
        "refusal": found.refusal,
        "confirmation": found.phrase,
        "round_opened": found.round_opened,
        "items": found.items,
        "unapproved": [vars(i) for i in found.unapproved],
        "missing": [vars(m) for m in found.missing],
        # What the public will see once the year is published: its evaluation.
        "preview": evaluation_dict(found.year, None, evaluate_year(row, found.year)),
    }


def _print_checklist(found: Any) -> None:
    year = fy(found.year)
    click.echo(tr("{year}の公表の確認", year=year))
    if not found.round_opened:
        click.echo("  " + tr("{year}の進捗管理の回は開かれていません", year=year))
    n, total = len(found.unapproved), found.items
    click.echo("  " + tr("未承認の項目: {n}件（全{total}件中）", n=n, total=total))
    for i in found.unapproved:
        click.echo(f"    {i.item} — {i.owner}" + tr("（{state}）", state=i.state_label))
    click.echo("  " + tr("この年の実績値がない指標: {n}件", n=len(found.missing)))
    for m in found.missing:
        click.echo(f"    {m.name}" + tr("（{owner}）", owner=m.owner))


def _terminal() -> bool:
    """Whether someone is at a terminal to answer the prompt."""
    return sys.stdin.isatty()


def _confirmed(found: Any, yes: bool) -> str:
    """The confirmation phrase, once given (``--yes`` or the year typed at a terminal)."""
    if yes:
        return found.phrase
    if not _terminal():
        raise UserError(
            tr(
                "確認が必要です: 「{phrase}」でよければ --yes を付けて実行してください"
                "（何も変更していません）",
                phrase=found.phrase,
            )
        )
    typed = click.prompt(
        tr(
            "「{phrase}」\n確認のため公表する年度を入力してください（例: {year}）",
            phrase=found.phrase,
            year=found.year,
        ),
        default="",
        show_default=False,
        err=True,
    )
    try:
        if parse_year(typed).year == found.year:
            return found.phrase
    except YearParseError:
        pass
    raise UserError(tr("年度が一致しないため公表しませんでした（何も変更していません）"))


@click.command("publish")
@click.option("--year", required=True, type=YEAR, help="Fiscal year to publish: 2023, R5 …")
@click.option("--dry-run", is_flag=True, help="Print the checklist and preview; change nothing.")
@click.option("--yes", is_flag=True, help="Confirm without a prompt (the phrase is recorded).")
@click.option("--format", "fmt", type=FORMAT_JSON, default="table")
@pass_plan
def publish_command(row, year: int, dry_run: bool, yes: bool, fmt: str) -> None:
    """Publish a fiscal year's results after its checklist (items not approved, missing values)."""
    from ..accounts.permissions import SYSTEM
    from ..cycle import publication

    found = publication.checklist(row, year)
    data = checklist_dict(row, found) | {"dry_run": dry_run, "published": False}
    if fmt == "table":
        _print_checklist(found)
    if found.refusal:
        if fmt == "json" and dry_run:
            echo_json(data)
        raise UserError(found.refusal)
    if dry_run:
        if fmt == "json":
            echo_json(data)
        else:
            click.echo(
                tr(
                    "公表するときの確認: 「{phrase}」（--dry-run: 何も変更していません）",
                    phrase=found.phrase,
                )
            )
        return
    try:
        publication.publish(row, year, _confirmed(found, yes), SYSTEM)
    except publication.PublicationError as err:
        raise UserError(str(err)) from None
    if fmt == "json":
        echo_json(data | {"published": True, "published_year": year})
    else:
        click.echo(
            tr(
                "{year}の結果を公表しました（確認: 「{phrase}」）",
                year=fy(year),
                phrase=found.phrase,
            )
        )


@click.command("unpublish")
@click.option("--year", required=True, type=YEAR, help="The published year to take back.")
@click.option("--reason", required=True, help="Why (recorded with the act).")
@pass_plan
def unpublish_command(row, year: int, reason: str) -> None:
    """Take a published year (and every later one) back from the public, with a reason."""
    from ..accounts.permissions import SYSTEM
    from ..cycle import publication

    try:
        publication.unpublish(row, year, reason, SYSTEM)
    except publication.PublicationError as err:
        raise UserError(str(err)) from None
    shown = fy(row.published_year) if row.published_year else tr("なし")
    click.echo(
        tr(
            "{year}以降の公表を取り消しました（公表済み: {shown}）。理由: {reason}",
            year=fy(year),
            shown=shown,
            reason=reason.strip(),
        )
    )
