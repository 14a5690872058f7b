"""Display rows shared by every format: the context's figures formatted, never recomputed."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.context import IndicatorReport, ReportContext, date_label, year_label
from ..core.formatting import DASH, places, with_unit
from ..core.formatting import number as num
from ..core.formatting import percent as pct
from ..core.legend import LegendRow
from ..core.model import Indicator
from ..core.verdicts import TargetLine, current_actual, line_text
from .strings import text

# The gap between a number and its heading (an ideographic space in Japanese) and the
# brackets of a mark such as 【案】 / [Draft], per language.
GAP = {"ja": "\u3000", "en": " "}
BRACKETS = {"ja": "【{}】", "en": "[{}]"}


def paren(lang: str, inner: str) -> str:
    """（inner） in Japanese, " (inner)" in English; nothing for nothing."""
    if not inner:
        return ""
    return f" ({inner})" if lang == "en" else f"（{inner}）"


def join(lang: str, items: list[str] | tuple[str, ...]) -> str:
    """Items joined with 、 in Japanese and ", " in English."""
    return (", " if lang == "en" else "、").join(items)


def decimals(ind: Indicator) -> int:
    """Decimal places the indicator's figures are published with (core's rule)."""
    return places(ind)


def ylabel(ctx: ReportContext, year: int, ind: Indicator | None = None) -> str:
    """A year as the report writes it: 令和5年度 / 令和3年 (FY2023 / 2021)."""
    return year_label(year, ind.period_kind if ind else "fiscal", ctx.lang)


def short_year(ctx: ReportContext, year: int) -> str:
    """R5 (2023 in English)."""
    return year_label(year, None, ctx.lang, "short")


def title(ctx: ReportContext) -> str:
    """令和5年度 進捗状況報告書."""
    sep = "" if ctx.lang == "ja" else " "
    return f"{ylabel(ctx, ctx.year)}{sep}{text(ctx.lang)['report']}"


def rating_text(ctx: ReportContext, ir: IndicatorReport) -> str:
    """A 達成, 参考 A 達成 (across a series break) or 評価なし."""
    return ir.verdict.label


def course_text(ctx: ReportContext, ir: IndicatorReport) -> str:
    """届く見込み / 届かない見込み (or —)."""
    on = ir.verdict.on_course
    if on is None:
        return DASH
    return text(ctx.lang)["on_course" if on else "off_course"]


@dataclass(frozen=True)
class SummaryRow:
    """One indicator in the summary table: numbers for spreadsheets, text for documents."""

    code: str
    name: str
    unit: str
    places: int
    baseline: float
    baseline_year: str
    latest: float | None
    latest_year: str
    line: float | None  # the target line in the latest figure's year
    line_source: str  # how that value was derived
    progress: float | None
    attainment: float | None
    rating: str
    final: float | None
    final_year: str
    projection: float | None
    course: str
    lang: str = "ja"
    line_tag: str = ""  # the tables' shorter form of ``line_source`` ('' for none)

    def cells(self) -> list[str]:
        """The row as text cells, in the summary table's column order."""
        p = self.places
        latest = num(self.latest, p) + (
            paren(self.lang, self.latest_year) if self.latest_year else ""
        )
        source = self.line_tag or self.line_source
        line = num(self.line, p) + (paren(self.lang, source) if source else "")
        course = self.course
        if self.projection is not None:
            course += paren(self.lang, num(self.projection, p))
        return [
            self.name + paren(self.lang, self.unit),
            num(self.baseline, p) + paren(self.lang, self.baseline_year),
            latest,
            line,
            pct(self.progress),
            pct(self.attainment),
            self.rating,
            num(self.final, p) + paren(self.lang, self.final_year),
            course,
        ]


def summary_headers(ctx: ReportContext) -> list[str]:
    """Column headings of the summary table."""
    t = text(ctx.lang)
    return [
        t["indicator"],
        t["baseline"],
        t["latest"],
        t["line"],
        t["progress"],
        t["attainment"],
        t["rating"],
        t["final"],
        t["course"],
    ]


def summary_rows(ctx: ReportContext) -> list[SummaryRow]:
    """One row per indicator, in plan order."""
    rows = []
    for ir in ctx.indicators:
        ev, ind, v = ir.evaluation, ir.indicator, ir.verdict
        latest = current_actual(ev)  # history older than the baseline is not a result
        rows.append(
            SummaryRow(
                code=ind.code,
                name=ind.name,
                unit=ind.unit,
                places=decimals(ind),
                baseline=float(ind.baseline.value),
                baseline_year=short_year(ctx, ind.baseline.year),
                latest=float(latest.value) if latest else None,
                latest_year=short_year(ctx, latest.year) if latest else "",
                line=ev.expected,
                line_source=line_text(ind, v.line, ctx.lang, "short") if v.line else "",
                progress=ev.progress,
                attainment=ev.attainment,
                rating=v.label,
                final=None if ind.monitoring else float(ind.final_target.value),
                final_year="" if ind.monitoring else short_year(ctx, ind.final_target.year),
                projection=ev.projection.value if ev.projection else None,
                course=course_text(ctx, ir),
                lang=ctx.lang,
                line_tag=line_tag(ctx, ind, v.line) if v.line else "",
            )
        )
    return rows


def line_tag(ctx: ReportContext, ind: Indicator, line: TargetLine) -> str:
    """Where the target line comes from, as the summary tables write it: in English a tag
    the table's lead explains once (2023 target, 2019 baseline, 2019–23 line) instead of a
    sentence that wraps the column to five lines; in Japanese the short text as before."""
    if ctx.lang != "en" or line.kind not in ("target", "baseline", "interpolated"):
        return line_text(ind, line, ctx.lang, "short")
    if line.kind != "interpolated":
        return f"{short_year(ctx, line.year)} {line.kind}"
    assert line.left is not None and line.right is not None
    left, right = short_year(ctx, line.left), short_year(ctx, line.right)
    if len(left) == len(right) == 4 and left[:2] == right[:2]:
        right = right[2:]  # 2019–23
    return f"{left}–{right} line"


def summary_lead(ctx: ReportContext) -> str:
    """The sentence before the summary; with the table there, what its line tags mean."""
    t = text(ctx.lang)
    lead = t["summary_lead"].format(year=ylabel(ctx, ctx.year), n=len(ctx.indicators))
    return lead if ctx.compact else _with_tags(ctx, lead)


def compact_lead(ctx: ReportContext) -> str:
    """The sentence before the compact report's tables, and what their line tags mean."""
    return _with_tags(ctx, text(ctx.lang)["compact_lead"].format(n=len(ctx.indicators)))


def _with_tags(ctx: ReportContext, lead: str) -> str:
    tags = text(ctx.lang)["line_tags"]
    return f"{lead} {tags}" if tags else lead


def counts_text(ctx: ReportContext) -> str:
    """指標数: A 達成 0・B 概ね順調 1 … 参考 1・— 評価なし 0."""
    parts = [f"{legend_code(r)} {r.count}" for r in ctx.rating_legend]
    return text(ctx.lang)["counts"].format(
        counts="・".join(parts) if ctx.lang == "ja" else ", ".join(parts)
    )


def legend_code(r: LegendRow) -> str:
    """A 達成 (or 参考 alone, where code and label are the same word)."""
    return r.label if r.code == r.label else f"{r.code} {r.label}"


def caveat_lines(ctx: ReportContext) -> list[str]:
    """The summary table's caveats: ※ 製造品出荷額等: 参考扱い: …"""
    return [f"※ {name}: {note}" for name, note in ctx.caveats]


def revision_cells(ctx: ReportContext, ir: IndicatorReport) -> list[list[str]]:
    """The values table of an indicator: year, value, source, edition, published, use."""
    t = text(ctx.lang)
    places = decimals(ir.indicator)
    rows = []
    for r in ir.revisions:
        o = r.observation
        use = t["use_latest"] if r.latest else t["use_counts"] if r.counts else t["use_superseded"]
        rows.append(
            [
                ylabel(ctx, o.year, ir.indicator),
                num(float(o.value), places),
                o.source,
                o.edition or DASH,
                date_label(o.published_on, ctx.lang) if o.published_on else t["not_dated"],
                use,
            ]
        )
    return rows


def revision_headers(ctx: ReportContext, ir: IndicatorReport) -> list[str]:
    """Column headings of the values table, with the unit."""
    t = text(ctx.lang)
    return [
        t["year_col"],
        t["value"] + paren(ctx.lang, ir.indicator.unit),
        t["source"],
        t["edition"],
        t["published_on"],
        t["use"],
    ]


def key_figures(ctx: ReportContext, ir: IndicatorReport) -> list[tuple[str, str]]:
    """The indicator's evaluation as label/value pairs (the verdicts come first)."""
    t = text(ctx.lang)
    ev, ind, v = ir.evaluation, ir.indicator, ir.verdict
    p = decimals(ind)

    def amount(figure: str) -> str:
        return with_unit(figure, ind.unit, ctx.lang)

    latest = DASH
    if ev.latest:
        latest = amount(num(float(ev.latest.value), p)) + paren(
            ctx.lang, ylabel(ctx, ev.latest.year, ind)
        )
    line = DASH
    if ev.expected is not None:
        line = amount(num(ev.expected, p)) + (paren(ctx.lang, v.line_text) if v.line_text else "")
    final = None if ind.monitoring else ind.final_target  # a monitoring indicator has none
    end = ind.horizon(ctx.plan.period.end)
    return [
        (t["rating"], v.label),
        (t["course"], course_text(ctx, ir)),
        (
            t["baseline"],
            amount(num(float(ind.baseline.value), p))
            + paren(ctx.lang, ylabel(ctx, ind.baseline.year, ind)),
        ),
        (t["latest"], latest),
        (t["line"], line),
        (t["progress"], pct(ev.progress)),
        (t["attainment"], pct(ev.attainment)),
        (
            t["final"],
            DASH
            if final is None
            else amount(num(float(final.value), p)) + paren(ctx.lang, ylabel(ctx, final.year, ind)),
        ),
        (
            t["projection"].format(year=ylabel(ctx, end, ind)),
            amount(num(ev.projection.value, p)) if ev.projection else DASH,
        ),
    ]


def verdict_lines(ctx: ReportContext, ir: IndicatorReport) -> list[str]:
    """The two verdicts as sentences, and the reference note when there is one."""
    t, v = text(ctx.lang), ir.verdict
    sep = ": " if ctx.lang == "en" else "："
    lines = [f"{t['rating']}{sep}{v.label} — {v.rating_text}"]
    if v.note:
        lines.append(v.note)
    lines.append(f"{t['course']}{sep}{v.outlook_text}")
    return lines


def cover_fields(ctx: ReportContext) -> list[tuple[str, str]]:
    """Label/value pairs on the cover."""
    t = text(ctx.lang)
    plan = ctx.plan
    dash = "～" if ctx.lang == "ja" else "–"
    period = f"{ylabel(ctx, plan.period.start)}{dash}{ylabel(ctx, plan.period.end)}"
    as_of = date_label(ctx.as_of, ctx.lang) if ctx.as_of else t["as_of_all"]
    return [
        (t["plan"], plan.title),
        (t["period"], period),
        (t["municipality"], plan.municipality),
        (t["year"], ylabel(ctx, ctx.year)),
        (t["as_of"], as_of),
        (t["date"], date_label(ctx.generated_on, ctx.lang)),
    ]


def source_rows(ctx: ReportContext) -> list[list[str]]:
    """Per indicator: statistic, baseline source, sources of the figures shown."""
    rows = []
    for ir in ctx.indicators:
        ind = ir.indicator
        used = list(dict.fromkeys(r.observation.source for r in ir.revisions))
        rows.append([ind.name, ind.source, ind.baseline.source or DASH, "\n".join(used) or DASH])
    return rows


def org_text(ctx: ReportContext, names: tuple[str, ...]) -> str:
    """Partner names joined (or なし)."""
    return join(ctx.lang, names) if names else text(ctx.lang)["none"]


def break_text(ctx: ReportContext, ir: IndicatorReport) -> str:
    """統計の断層: 令和4年から … （それ以前: …）。reason (empty when the series has no break)."""
    if not ir.breaks:
        return ""
    t = text(ctx.lang)
    notes = []
    for b in ir.breaks:
        year = ylabel(ctx, b.year, ir.indicator)
        note = t["break_from"].format(year=year, label=b.label)
        note += t["break_previous"].format(previous=b.previous) if b.previous else ""
        notes.append(note + (f"。{b.reason}" if b.reason and ctx.lang == "ja" else ""))
    out = f"{t['chart_break']}: {join(ctx.lang, notes)}"
    applied = ir.evaluation.series_break
    if applied and not applied.comparable:
        sep = "" if ctx.lang == "ja" else " "
        out += sep + t["break_applied"].format(year=ylabel(ctx, applied.year, ir.indicator))
    return out
