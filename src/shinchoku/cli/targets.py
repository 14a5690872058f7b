"""``shinchoku targets``: check published targets against their stated yearly rules."""

from __future__ import annotations

import click

from ..core.messages import N_, tr
from .common import FORMAT_JSON, echo_json, pass_plan

CONVENTION = {
    "from_baseline_year": N_("基準年から数える"),
    "from_plan_start": N_("計画初年度を1年目とする"),
    None: N_("一致する数え方なし"),
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
    from ..core.i18n import plain
    from ..core.messages import current
    from ..core.serialize import number, target_report_dict
    from ..core.targets import check_plan
    from ..plan.services import to_core

    report = check_plan(to_core(row))
    if fmt == "json":
        echo_json(target_report_dict(report))
    else:
        for c in report.indicators:
            ind, lang = c.indicator, current()
            rule = plain(ind, "rule.text", lang) if ind.rule else tr("（規則なし）")
            click.echo(f"{plain(ind, 'name', lang)}: {rule} — {tr(CONVENTION[c.convention])}")
            for m in c.mismatches:
                published, derived = f"{number(m.published):,}", f"{number(m.derived):,}"
                click.echo(
                    f"    {m.year}: "
                    + tr(
                        "公表 {published} ／ 規則から {derived}",
                        published=published,
                        derived=derived,
                    )
                )
            for t in c.unmatched:
                value = f"{number(t.value):,}"
                click.echo(
                    f"    {t.year}: " + tr("公表 {value} はどの数え方とも一致しません", value=value)
                )
        for text in report.disagreements:
            click.echo(f"\n※ {text}")
    if strict and report.departs:
        raise SystemExit(1)
