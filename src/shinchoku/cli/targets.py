"""``shinchoku targets``: check published targets against their stated yearly rules."""

from __future__ import annotations

import click

from .common import FORMAT_JSON, echo_json, pass_plan

CONVENTION = {
    "from_baseline_year": "基準年から数える",
    "from_plan_start": "計画初年度を1年目とする",
    None: "一致する数え方なし",
}


@click.group("targets")
def group() -> None:
    """Published targets (目標値)."""


@group.command("check")
@click.option("--format", "fmt", type=FORMAT_JSON, default="table")
@click.option("--strict", is_flag=True, help="Exit 1 when a target departs from its own rule.")
@pass_plan
def check(row, fmt: str, strict: bool) -> None:
    """Re-derive each indicator's targets from its yearly rule and compare."""
    from ..core.serialize import number, target_report_dict
    from ..core.targets import check_plan
    from ..plan.services import to_core

    report = check_plan(to_core(row))
    if fmt == "json":
        echo_json(target_report_dict(report))
    else:
        for c in report.indicators:
            rule = c.indicator.rule.text if c.indicator.rule else "（規則なし）"
            click.echo(f"{c.indicator.name}: {rule} — {CONVENTION[c.convention]}")
            for m in c.mismatches:
                click.echo(
                    f"    {m.year}: 公表 {number(m.published):,} ／ 規則から {number(m.derived):,}"
                )
            for t in c.unmatched:
                click.echo(f"    {t.year}: 公表 {number(t.value):,} はどの数え方とも一致しません")
        for text in report.disagreements:
            click.echo(f"\n※ {text}")
    if strict and report.departs:
        raise SystemExit(1)
