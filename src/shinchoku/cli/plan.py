"""``shinchoku plan``: validate a plan file, show the plan."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.calendar import format_year
from ..core.serialize import plan_dict
from ..ingest.plan_file import read_plan_file
from .common import echo_json, pass_plan, user_errors


@click.group("plan")
def group() -> None:
    """The plan: its policies, measures, projects and indicators."""


@group.command("validate")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def validate(file: Path) -> None:
    """Check a plan file and list every problem with its place; loads nothing."""
    with user_errors():
        plan = read_plan_file(file)
    measures = sum(len(p.measures) for p in plan.policies)
    click.echo(
        f"{file}: OK — 基本方針 {len(plan.policies)}、施策の柱 {measures}、"
        f"重点推進事業 {len(plan.projects)}、評価指標 {len(plan.indicators)}"
    )


@group.command("show")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@pass_plan
def show(row, fmt: str) -> None:
    """Show the plan the system runs."""
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
