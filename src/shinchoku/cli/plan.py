"""``shinchoku plan``: validate a plan file, show the plan."""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

import click

from ..core.calendar import format_year
from ..core.calendar import year_text as fy
from ..core.messages import N_, listed, local, tr
from .common import FORMAT_JSON, YEAR, echo_json, pass_plan, user_errors
from .errors import UserError

KIND = {"added": N_("追加"), "removed": N_("削除"), "changed": N_("変更あり")}


def shown(value: Any) -> str:
    """A value of a plan difference for people: ``year 2023, value 9186; …``, never a repr."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        return ", ".join(f"{k} {shown(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ("; " if any(isinstance(v, dict | list) for v in value) else ", ").join(
            shown(v) for v in value
        )
    return str(value)


def change_head(c: Any) -> str:
    """``評価指標 総生産額 targets 変更あり``: the item, the field (if any) and the change."""
    return " ".join(x for x in (c.item, c.field, tr(KIND.get(c.kind, c.kind))) if x)


def change_line(c: Any) -> str:
    """``評価指標 総生産額 targets 変更: … → …``: one difference, readable."""
    head = change_head(c)
    if c.kind == "changed":
        return f"{head}: {shown(c.before)} → {shown(c.after)}"
    return f"{head}: {shown(c.after if c.kind == 'added' else c.before)}"


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
        click.echo(tr("注意: {note}", note=note))
    measures = sum(len(p.measures) for p in plan.policies)
    click.echo(
        tr(
            "{file}: OK — 基本方針 {policies}、施策の柱 {measures}、"
            "重点推進事業 {projects}、評価指標 {indicators}",
            file=file,
            policies=len(plan.policies),
            measures=measures,
            projects=len(plan.projects),
            indicators=len(plan.indicators),
        )
    )


@group.command("load")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_context
def load(ctx: click.Context, file: Path) -> None:
    """Add another plan to the store from a plan file (whole or not at all); the default
    plan stays the default. Work on it with ``--plan SLUG``."""
    from .common import store

    store(ctx)  # open (and seed) the store first: the built-in plan stays the default
    from ..accounts.permissions import SYSTEM
    from ..ingest.plan_file import check_plan_file
    from ..plan.services import load_plan

    with user_errors():
        plan, _notes = check_plan_file(file)
        text = file.read_text(encoding="utf-8-sig")
        row = load_plan(plan, text, SYSTEM)
    click.echo(
        tr(
            "計画「{title}」を登録しました（--plan {slug}）",
            title=local(row, "title"),
            slug=row.slug,
        )
    )


@group.command("default")
@click.argument("slug")
@click.pass_context
def make_default(ctx: click.Context, slug: str) -> None:
    """Make the plan SLUG the default: the one the site's root pages and commands without
    ``--plan`` are about (audited; ``plan list`` marks it)."""
    from .common import store

    store(ctx)
    from ..accounts.permissions import SYSTEM
    from ..plan import services
    from ..plan.selection import plan_named

    with user_errors():
        row = plan_named(slug)
        before = services.make_default(row, SYSTEM)
    title = local(row, "title")
    if before is None:
        click.echo(tr("「{title}」はすでに既定の計画です（何も変更していません）", title=title))
        return
    click.echo(
        tr("既定の計画を「{title}」にしました（以前: {before}）", title=title, before=before.slug)
    )


@group.command("list")
@click.option("--format", "fmt", type=FORMAT_JSON, default="table")
@click.pass_context
def list_plans(ctx: click.Context, fmt: str) -> None:
    """Every plan in the store with its owner; the default one is marked."""
    from .common import store, table

    store(ctx)
    from ..plan.models import Plan

    plans = list(Plan.objects.select_related("owner").order_by("-is_default", "slug"))
    rows = [
        {
            "slug": p.slug,
            "title": p.title,
            "owner": p.owner.name if p.owner else p.municipality,
            "owner_code": p.owner.code if p.owner else "",
            "default": p.is_default,
            "published_year": p.published_year,
        }
        for p in plans
    ]
    if fmt == "json":
        echo_json({"plans": rows})
        return
    lines = [
        [
            "*" if p.is_default else "",
            p.slug,
            local(p.owner, "name") if p.owner else p.municipality,
            p.owner.code if p.owner else "",
            local(p, "title"),
        ]
        for p in plans
    ]
    headers = [tr("既定"), "slug", tr("所有者"), tr("団体コード"), tr("計画")]
    click.echo(table(lines, headers))


@group.command("show")
@click.option("--format", "fmt", type=FORMAT_JSON, default="table")
@pass_plan
def show(row, fmt: str) -> None:
    """Show the plan the system runs."""
    from ..core.i18n import localized
    from ..core.messages import current
    from ..core.serialize import plan_dict
    from ..plan.services import to_core

    plan = to_core(row)
    if fmt == "json":
        echo_json(plan_dict(plan))
        return
    plan = localized(plan, current())  # the plan's own English where it has one
    english = current() != "ja"
    click.echo(
        f"{plan.title}"
        + tr("（{start}～{end}）", start=fy(plan.period.start), end=fy(plan.period.end))
    )
    click.echo(tr("基本理念: {text}", text=plan.philosophy))
    names = {o.code: o.name for o in plan.organisations}
    for policy in plan.policies:
        click.echo("\n" + tr("基本方針{code} {title}", code=policy.code, title=policy.title))
        for m in policy.measures:
            click.echo(f"  {m.code} {m.title}")
            for p in plan.projects:
                if m.code in p.measures:
                    partners = listed(names[c] for c in p.partners)
                    extra = tr("／連携: {partners}", partners=partners) if partners else ""
                    lead = names.get(p.lead, tr("未定")) if p.lead else tr("未定")
                    click.echo(
                        "      "
                        + tr(
                            "重点推進事業{number} {title}（所管: {lead}{extra}）",
                            number=p.number,
                            title=p.title,
                            lead=lead,
                            extra=extra,
                        )
                    )
        for ind in plan.indicators:
            if ind.policy == policy.code:
                short = (lambda y: str(y)) if english else (lambda y: format_year(y, style="short"))
                targets = " ".join(f"{short(t.year)} {t.value:,}" for t in ind.targets)
                base = f"{short(ind.baseline.year)} {ind.baseline.value:,}"
                click.echo(
                    "  "
                    + tr(
                        "評価指標: {name}（{unit}） 現状 {base} → {targets}",
                        name=ind.name,
                        unit=ind.unit,
                        base=base,
                        targets=targets,
                    )
                )


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
    from ..accounts.permissions import SYSTEM
    from ..ingest.plan_file import plan_file_text
    from ..plan.revisions import differences, in_force
    from ..plan.revisions import revise as do_revise

    with user_errors():
        text = plan_file_text(file)  # with the series table it names (kept with the version)
        version = do_revise(row, text, valid_from, reason, meeting, SYSTEM, source=str(file))
    previous = in_force(row).filter(number__lt=version.number).order_by("-number").first()
    changes = differences(previous, version)
    same = (
        " " + tr("前の版と内容は同じです（理由と適用年度だけが変わります）") if not changes else ""
    )
    click.echo(
        tr("第{number}版を記録しました（{year}から）:", number=version.number, year=fy(valid_from))
        + same
    )
    for c in changes:
        click.echo(f"  {change_head(c)}")


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
        withdrawn = (
            " "
            + tr("【取り下げ {date} 理由: {reason}】", date=f"{when:%Y-%m-%d}", reason=w["reason"])
            if w
            else ""
        )
        head = tr("第{number}版 {year}から", number=v["number"], year=fy(v["valid_from"]))
        click.echo(f"{head} {v['reason'] or tr('（当初）')} {v['meeting']}".rstrip() + withdrawn)


@group.command("withdraw")
@click.argument("number", type=int)
@click.option("--reason", required=True, help="Why the version is withdrawn.")
@pass_plan
def withdraw(row, number: int, reason: str) -> None:
    """Withdraw version NUMBER, recorded by mistake: it is kept, marked withdrawn, and no
    longer in force; the plan goes back to the newest version still in force."""
    from ..accounts.permissions import SYSTEM
    from ..plan.revisions import in_force
    from ..plan.revisions import withdraw as do_withdraw

    with user_errors():
        do_withdraw(row, number, reason, SYSTEM)
    back = in_force(row).order_by("-number").first()
    click.echo(
        tr(
            "第{number}版を取り下げました。いま適用されるのは第{back}版（{year}から）です",
            number=number,
            back=back.number,
            year=fy(back.valid_from),
        )
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
        raise UserError(
            tr("第{number}版はありません（shinchoku plan versions）", number=missing[0])
        )
    result = differences(found[a], found[b])
    if fmt == "json":
        echo_json({"from": a, "to": b, "changes": [vars(c) for c in result]})
        return
    if not result:
        same = tr("同じ版です") if a == b else tr("内容は同じです")
        click.echo(tr("第{a}版と第{b}版に違いはありません（{same}）", a=a, b=b, same=same))
    for c in result:
        click.echo(change_line(c))
