"""Display rows shared by every format: the context's figures formatted, never recomputed."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.context import IndicatorReport, ReportContext, date_label, year_label
from ..core.labels import RATING, STATUS
from ..core.model import Indicator, decimals_of
from .strings import text

DASH = "—"


def paren(lang: str, inner: str) -> str:
    """（inner） in Japanese, " (inner)" in English."""
    return f" ({inner})" if lang == "en" else f"（{inner}）"


def join(lang: str, items: list[str] | tuple[str, ...]) -> str:
    """Items joined with 、 in Japanese and ", " in English."""
    return (", " if lang == "en" else "、").join(items)


def decimals(ind: Indicator) -> int:
    """Decimal places the indicator's figures are published with."""
    return max([decimals_of(ind.baseline.value), *(t.decimals for t in ind.targets)])


def num(value: float | None, places: int = 0) -> str:
    """9,095 (or — when there is no figure)."""
    return DASH if value is None else f"{value:,.{places}f}"


def pct(value: float | None) -> str:
    """98.5% (or — when there is no figure)."""
    return DASH if value is None else f"{value * 100:.1f}%"


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


def rating_text(ctx: ReportContext, rating: str | None) -> str:
    """A 達成 (or —)."""
    return f"{rating} {RATING[ctx.lang][rating]}" if rating else DASH


def course_text(ctx: ReportContext, ir: IndicatorReport) -> str:
    """到達見込み / 未達見込み (or —)."""
    proj = ir.evaluation.projection
    if proj is None:
        return DASH
    return text(ctx.lang)["on_course" if proj.on_course else "off_course"]


@dataclass(frozen=True)
class SummaryRow:
    """One indicator in the summary table: numbers for spreadsheets, text for documents."""

    code: str
    name: str
    unit: str
    places: int
    baseline: float
    baseline_year: str
    target: float | None
    latest: float | None
    latest_year: str
    progress: float | None
    rating: str
    projection: float | None
    course: str
    status: str
    lang: str = "ja"

    def cells(self) -> list[str]:
        """The row as text cells, in the summary table's column order."""
        p = self.places
        latest = num(self.latest, p) + (
            paren(self.lang, self.latest_year) if self.latest_year else ""
        )
        return [
            self.name + paren(self.lang, self.unit),
            num(self.baseline, p) + paren(self.lang, self.baseline_year),
            num(self.target, p),
            latest,
            pct(self.progress),
            self.rating,
            num(self.projection, p),
            self.course,
            self.status,
        ]


def summary_headers(ctx: ReportContext) -> list[str]:
    """Column headings of the summary table."""
    t = text(ctx.lang)
    final = ctx.plan.period.end
    return [
        t["indicator"],
        t["baseline"],
        t["target_of"].format(year=short_year(ctx, ctx.year)),
        t["latest"],
        t["progress"],
        t["rating"],
        t["projection"].format(year=short_year(ctx, final)),
        t["course"],
        t["status"],
    ]


def summary_rows(ctx: ReportContext) -> list[SummaryRow]:
    """One row per indicator, in plan order."""
    rows = []
    for ir in ctx.indicators:
        ev, ind = ir.evaluation, ir.indicator
        rows.append(
            SummaryRow(
                code=ind.code,
                name=ind.name,
                unit=ind.unit,
                places=decimals(ind),
                baseline=float(ind.baseline.value),
                baseline_year=short_year(ctx, ind.baseline.year),
                target=ev.target,
                latest=float(ev.latest.value) if ev.latest else None,
                latest_year=short_year(ctx, ev.latest.year) if ev.latest else "",
                progress=ev.progress,
                rating=rating_text(ctx, ev.rating),
                projection=ev.projection.value if ev.projection else None,
                course=course_text(ctx, ir),
                status=STATUS[ctx.lang][ev.status],
                lang=ctx.lang,
            )
        )
    return rows


def counts_text(ctx: ReportContext) -> str:
    """指標数: A 達成 0・B 概ね順調 1 …"""
    parts = [f"{r.code} {r.label} {r.count}" for r in ctx.rating_legend]
    return text(ctx.lang)["counts"].format(
        counts="・".join(parts) if ctx.lang == "ja" else ", ".join(parts)
    )


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
    """The indicator's evaluation as label/value pairs."""
    t = text(ctx.lang)
    ev, ind = ir.evaluation, ir.indicator
    p = decimals(ind)
    unit = f" {ind.unit}" if ctx.lang == "en" else ind.unit
    latest = DASH
    if ev.latest:
        latest = f"{num(float(ev.latest.value), p)}{unit}" + paren(
            ctx.lang, ylabel(ctx, ev.latest.year, ind)
        )
    proj = DASH
    if ev.projection:
        proj = f"{num(ev.projection.value, p)}{unit}" + paren(ctx.lang, course_text(ctx, ir))
    final = ind.final_target
    return [
        (
            t["baseline"],
            f"{num(float(ind.baseline.value), p)}{unit}"
            + paren(ctx.lang, ylabel(ctx, ind.baseline.year, ind)),
        ),
        (t["target_of"].format(year=ylabel(ctx, ctx.year, ind)), f"{num(ev.target, p)}{unit}"),
        (t["latest"], latest),
        (t["expected"], f"{num(ev.expected, p)}{unit}" if ev.expected is not None else DASH),
        (t["progress"], pct(ev.progress)),
        (t["attainment"], pct(ev.attainment)),
        (t["rating"], rating_text(ctx, ev.rating)),
        (t["projection"].format(year=ylabel(ctx, final.year, ind)), proj),
        (t["status"], STATUS[ctx.lang][ev.status]),
    ]


def cover_fields(ctx: ReportContext) -> list[tuple[str, str]]:
    """Label/value pairs on the cover."""
    t = text(ctx.lang)
    plan = ctx.plan
    period = f"{ylabel(ctx, plan.period.start)}～{ylabel(ctx, plan.period.end)}"
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
