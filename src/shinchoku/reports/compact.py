"""The compact report for large plans (core.layout): one table row per indicator, grouped
by basic policy, and the rating tally per basic policy, shared by every format.

The rows are the summary table's (``rows.summary_rows``): the same figures and verdicts as
a full report, only laid out as a table instead of a section and a chart per indicator.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.context import ReportContext
from ..core.legend import LegendRow, rating_legend
from . import rows
from .strings import text


@dataclass(frozen=True)
class PolicyGroup:
    """A basic policy's indicators as summary rows, with the notes on 参考 ratings."""

    id: str
    heading: str  # 基本方針1　title（25指標）
    label: str  # 基本方針1　title
    rows: list[rows.SummaryRow]
    caveats: list[str]


def groups(ctx: ReportContext) -> list[PolicyGroup]:
    """The indicators by basic policy, in plan order (a policy without any is left out)."""
    t, gap = text(ctx.lang), rows.GAP[ctx.lang]
    summary = {r.code: r for r in rows.summary_rows(ctx)}
    notes = {ir.indicator.code: ir.verdict.note for ir in ctx.indicators if ir.verdict.note}
    out = []
    for pol in ctx.policies:
        codes = [c for c in pol.indicators if c in summary]
        if not codes:
            continue
        label = f"{t['policy_n'].format(n=pol.code)}{gap}{pol.title}"
        many = "n_indicator" if len(codes) == 1 else "n_indicators"  # 1 indicator, 2 indicators
        count = rows.paren(ctx.lang, t[many].format(n=len(codes)))
        by_note: dict[str, list[str]] = {}  # one line per note, naming its indicators
        for c in codes:
            if c in notes:
                by_note.setdefault(notes[c], []).append(summary[c].name)
        caveats = [f"※ {rows.join(ctx.lang, names)}: {note}" for note, names in by_note.items()]
        group = [summary[c] for c in codes]
        out.append(PolicyGroup(f"policy-table-{pol.code}", label + count, label, group, caveats))
    return out


def tally_headers(ctx: ReportContext) -> list[str]:
    """基本方針, then each rating of the legend (A 達成 … — 評価なし), then 計."""
    t = text(ctx.lang)
    return [t["policy_col"], *(rows.legend_code(r) for r in ctx.rating_legend), t["tally_total"]]


def policy_legend(ctx: ReportContext, policy: str) -> tuple[LegendRow, ...]:
    """The rating tally (A–D, 参考, —) of one basic policy's indicators: core's legend,
    counted over that policy's evaluations only."""
    evaluations = [ir.evaluation for ir in ctx.indicators if ir.indicator.policy == policy]
    return rating_legend(evaluations, ctx.plan.thresholds, ctx.lang)


def tally_rows(ctx: ReportContext) -> list[list[str]]:
    """Per basic policy the number of indicators in each rating; the last row is the plan's
    (core's legend, so it matches the legend table and the counts line)."""
    out = []
    for pol in ctx.policies:
        legend = policy_legend(ctx, pol.code)
        total = sum(r.count for r in legend)
        if total:
            name = f"{text(ctx.lang)['policy_n'].format(n=pol.code)}{rows.GAP[ctx.lang]}{pol.title}"
            out.append([name, *(str(r.count) for r in legend), str(total)])
    plan = [str(r.count) for r in ctx.rating_legend]
    out.append([text(ctx.lang)["tally_total"], *plan, str(len(ctx.indicators))])
    return out


def indicator_names(ctx: ReportContext, codes: tuple[str, ...] | list[str]) -> str:
    """A policy's or measure's indicators by name; in the compact report their number and
    where the table is (hundreds of names in a sentence help no one)."""
    t = text(ctx.lang)
    if ctx.compact and codes:
        return t["compact_ref_1" if len(codes) == 1 else "compact_ref"].format(n=len(codes))
    names = {i.code: i.name for i in ctx.plan.indicators}
    return rows.join(ctx.lang, [names[c] for c in codes]) or t["none"]
