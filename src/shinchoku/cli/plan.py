"""``shinchoku plan``: validate a plan file, show the plan."""

from __future__ import annotations

import datetime
from pathlib import Path

import click

from ..core.calendar import format_year
from .common import FORMAT_JSON, YEAR, echo_json, pass_plan, user_errors
from .errors import UserError


@click.group("plan")
def group() -> None:
    """The plan: its policies, measures, projects and indicators."""


@group.command("validate")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def validate(file: Path) -> None:
    """Check a plan file and list every problem with its place; loads nothing."""
    from ..ingest.plan_file import check_plan_file

    with user_errors():
        plan, notes = check_plan_file(file)
    for note in notes:  # a missing translation: shown in Japanese, marked, on other faces
        click.echo(f"注意: {note}")
    measures = sum(len(p.measures) for p in plan.policies)
    click.echo(
        f"{file}: OK — 基本方針 {len(plan.policies)}、施策の柱 {measures}、"
        f"重点推進事業 {len(plan.projects)}、評価指標 {len(plan.indicators)}"
    )


@group.command("load")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def load(ctx: click.Context, file: Path) -> None:
    """Add another plan to the store from a plan file (whole or not at all); the default
    plan stays the default. Work on it with ``--plan SLUG``."""
    from .common import store

    store(ctx)  # open (and seed) the store first: the built-in plan stays the default
    from ..ingest.plan_file import check_plan_file
    from ..plan.services import load_plan

    with user_errors():
        plan, _notes = check_plan_file(file)
        text = file.read_text(encoding="utf-8-sig")
        row = load_plan(plan, text)
    click.echo(f"計画「{row.title}」を登録しました（--plan {row.slug}）")


@group.command("list")
@click.option("--format", "fmt", type=FORMAT_JSON, default="table")
@click.pass_context
def list_plans(ctx: click.Context, fmt: str) -> None:
    """Every plan in the store with its owner; the default one is marked."""
    from .common import store, table

    store(ctx)
    from ..plan.models import Plan

    rows = [
        {
            "slug": p.slug,
            "title": p.title,
            "owner": p.owner.name if p.owner else p.municipality,
            "owner_code": p.owner.code if p.owner else "",
            "default": p.is_default,
            "published_year": p.published_year,
        }
        for p in Plan.objects.select_related("owner").order_by("-is_default", "slug")
    ]
    if fmt == "json":
        echo_json({"plans": rows})
        return
    click.echo(
        table(
            [
                ["*" if r["default"] else "", r["slug"], r["owner"], r["owner_code"], r["title"]]
                for r in rows
            ],
            ["既定", "slug", "所有者", "団体コード", "計画"],
        )
    )


@group.command("show")
@click.option("--format", "fmt", type=FORMAT_JSON, default="table")
@pass_plan
def show(row, fmt: str) -> None:
    """Show the plan the system runs."""
    from ..core.serialize import plan_dict
    from ..plan.services import to_core

    plan = to_core(row)
    if fmt == "json":
        echo_json(plan_dict(plan))
        return
    fy = lambda y: format_year(y, "fiscal")  # noqa: E731
    click.echo(f"{plan.title}（{fy(plan.period.start)}～{fy(plan.period.end)}）")
    click.echo(f"基本理念: {plan.philosophy}")
    names = {o.code: o.name for o in plan.organisations}
    for policy in plan.policies:
        click.echo(f"\n基本方針{policy.code} {policy.title}")
        for m in policy.measures:
            click.echo(f"  {m.code} {m.title}")
            for p in plan.projects:
                if m.code in p.measures:
                    partners = "、".join(names[c] for c in p.partners)
                    extra = f"／連携: {partners}" if partners else ""
                    lead = names.get(p.lead, "未定") if p.lead else "未定"
                    click.echo(f"      重点推進事業{p.number} {p.title}（所管: {lead}{extra}）")
        for ind in plan.indicators:
            if ind.policy == policy.code:
                targets = " ".join(
                    f"{format_year(t.year, style='short')} {t.value:,}" for t in ind.targets
                )
                base = f"{format_year(ind.baseline.year, style='short')} {ind.baseline.value:,}"
                click.echo(f"  評価指標: {ind.name}（{ind.unit}） 現状 {base} → {targets}")


@group.command("revise")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--from-year",
    "valid_from",
    required=True,
    type=YEAR,
    help="Fiscal year from which the new version applies.",
)
@click.option("--reason", required=True, help="Why the plan changes.")
@click.option("--meeting", default="", help="The meeting that approved it.")
@pass_plan
def revise(row, file: Path, valid_from: int, reason: str, meeting: str) -> None:
    """Record a new version of the plan from a plan file; earlier versions are kept."""
    from ..plan.revisions import differences, in_force
    from ..plan.revisions import revise as do_revise

    with user_errors():
        text = file.read_text(encoding="utf-8-sig")  # an OSError names the file (cli.errors)
        version = do_revise(row, text, valid_from, reason, meeting, source=str(file))
    previous = in_force(row).filter(number__lt=version.number).order_by("-number").first()
    changes = differences(previous, version)
    same = "" if changes else " 前の版と内容は同じです（理由と適用年度だけが変わります）"
    click.echo(
        f"第{version.number}版を記録しました（{format_year(valid_from, 'fiscal')}から）:{same}"
    )
    for c in changes:
        click.echo(f"  {c.item} {c.field} {c.kind}".rstrip())


@group.command("versions")
@click.option("--format", "fmt", type=FORMAT_JSON, default="table")
@pass_plan
def versions(row, fmt: str) -> None:
    """Every version of the plan: from when it applies, why, approved where, and whether it
    was withdrawn (with the reason)."""
    from django.utils.timezone import localtime

    rows = []
    for v in row.versions.select_related("withdrawal").order_by("number"):
        w = getattr(v, "withdrawal", None)
        rows.append(
            {
                "number": v.number,
                "valid_from": v.valid_from,
                "reason": v.reason,
                "meeting": v.meeting,
                "created_at": v.created_at.isoformat(),
                "in_force": w is None,
                "withdrawal": (
                    {
                        "reason": w.reason,
                        "by": w.withdrawn_by,
                        "at": w.withdrawn_at.isoformat(),
                    }
                    if w
                    else None
                ),
            }
        )
    if fmt == "json":
        echo_json({"versions": rows})
        return
    for v in rows:
        w = v["withdrawal"]
        when = localtime(datetime.datetime.fromisoformat(w["at"])) if w else None
        withdrawn = f" 【取り下げ {when:%Y-%m-%d} 理由: {w['reason']}】" if w else ""
        click.echo(
            f"第{v['number']}版 {format_year(v['valid_from'], 'fiscal')}から "
            f"{v['reason'] or '（当初）'} {v['meeting']}".rstrip()
            + withdrawn
        )


@group.command("withdraw")
@click.argument("number", type=int)
@click.option("--reason", required=True, help="Why the version is withdrawn.")
@pass_plan
def withdraw(row, number: int, reason: str) -> None:
    """Withdraw version NUMBER, recorded by mistake: it is kept, marked withdrawn, and no
    longer in force; the plan goes back to the newest version still in force."""
    from ..plan.revisions import in_force
    from ..plan.revisions import withdraw as do_withdraw

    with user_errors():
        do_withdraw(row, number, reason)
    back = in_force(row).order_by("-number").first()
    click.echo(
        f"第{number}版を取り下げました。いま適用されるのは第{back.number}版"
        f"（{format_year(back.valid_from, 'fiscal')}から）です"
    )


@group.command("diff")
@click.argument("a", type=int)
@click.argument("b", type=int)
@click.option("--format", "fmt", type=FORMAT_JSON, default="table")
@pass_plan
def diff(row, a: int, b: int, fmt: str) -> None:
    """What changed from version A to version B, item by item."""
    from ..plan.revisions import differences

    found = {v.number: v for v in row.versions.filter(number__in=(a, b))}
    missing = [n for n in (a, b) if n not in found]
    if missing:
        raise UserError(f"第{missing[0]}版はありません（shinchoku plan versions）")
    result = differences(found[a], found[b])
    if fmt == "json":
        echo_json({"from": a, "to": b, "changes": [vars(c) for c in result]})
        return
    if not result:
        same = "同じ版です" if a == b else "内容は同じです"
        click.echo(f"第{a}版と第{b}版に違いはありません（{same}）")
    for c in result:
        click.echo(f"{c.item} {c.field} {c.kind}: {c.before} → {c.after}")
