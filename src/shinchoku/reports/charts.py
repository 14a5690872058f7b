"""Indicator charts drawn with matplotlib: SVG (text as outlines) for HTML/PDF, PNG for DOCX."""

from __future__ import annotations

import io
import re
import threading
from collections import OrderedDict
from functools import lru_cache
from html import escape
from typing import Any

from ..core.context import IndicatorReport, Point, ReportContext
from ..core.papers import split_at_gaps
from .rows import short_year
from .strings import text

COLORS = {
    "path": "#7a8a99",
    "actual": "#1f4e79",
    "superseded": "#9aa5b1",
    "trend": "#c55a11",
    "year": "#b0b0b0",
    "break": "#a31515",
    "period": "#f2f4f7",
}
WIDTH_IN, HEIGHT_IN = 6.4, 3.0
# Drawn SVG charts by everything they are drawn from: the HTML and the PDF report of a
# language draw the same charts, and drawing is most of the HTML report's time.
_DRAWN: OrderedDict[str, str] = OrderedDict()
_KEEP = 2048  # two languages of a 1,000-indicator plan
_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def font_path() -> str:
    """The IPAex Gothic file shipped by matplotlib-fontja (embedded, never fetched)."""
    import matplotlib_fontja

    return matplotlib_fontja.get_font_ttf_path()


@lru_cache(maxsize=1)
def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager
    from matplotlib import pyplot as plt

    font_manager.fontManager.addfont(font_path())
    matplotlib.rcParams.update(
        {
            "font.family": "IPAexGothic",
            "svg.fonttype": "path",  # text as outlines: no font needed to view the SVG
            "svg.hashsalt": "shinchoku",  # stable element ids: reproducible output
            "axes.unicode_minus": False,
            "font.size": 8.5,
        }
    )
    return plt


def _segments(points: tuple[Point, ...], breaks: set[int]) -> list[list[Point]]:
    """Split a series at each break and each gap of more than one year without data, so
    the line never joins across either (a lone figure is drawn as a point)."""
    at = {p.year: p for p in points}
    return [[at[y] for y in run] for run in split_at_gaps(at, breaks)]


def _figure(ctx: ReportContext, ir: IndicatorReport) -> Any:
    plt = _pyplot()
    t = text(ctx.lang)
    ind = ir.indicator
    final = ind.horizon(ctx.plan.period.end)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, HEIGHT_IN), layout="constrained")
    ax.axvspan(
        ctx.plan.period.start - 0.5,
        ctx.plan.period.end + 0.5,
        color=COLORS["period"],
        label=t["chart_period"],
    )
    ax.plot(
        [p.year for p in ir.path],
        [p.value for p in ir.path],
        color=COLORS["path"],
        linestyle="--",
        marker="s",
        markersize=3.5,
        linewidth=1.2,
        label=t["chart_path"],
    )
    base = ir.path[0]
    ax.plot(
        [base.year],
        [base.value],
        "D",
        color=COLORS["path"],
        markersize=6,
        label=t["chart_baseline"],
    )
    if ir.projection_line:
        ax.plot(
            [p.year for p in ir.projection_line],
            [p.value for p in ir.projection_line],
            color=COLORS["trend"],
            linestyle=":",
            linewidth=1.6,
            label=t["chart_trend"],
        )
        end = ir.projection_line[-1]
        ax.plot([end.year], [end.value], "o", color=COLORS["trend"], markersize=4, mfc="white")
    if ir.superseded_in_scale:  # an earlier revision never sets the scale (a 10× typo)
        ax.plot(
            [p.year for p in ir.superseded_in_scale],
            [p.value for p in ir.superseded_in_scale],
            "o",
            color=COLORS["superseded"],
            mfc="white",
            markersize=5,
            label=t["chart_superseded"],
        )
    breaks = {b.year for b in ir.breaks}
    for n, seg in enumerate(_segments(ir.actuals, breaks)):
        ax.plot(
            [p.year for p in seg],
            [p.value for p in seg],
            color=COLORS["actual"],
            marker="o",
            markersize=4.5,
            linewidth=1.8,
            label=t["chart_actual"] if n == 0 else None,
        )
    for n, b in enumerate(sorted(ir.breaks, key=lambda b: b.year)):
        ax.axvline(
            b.year - 0.5,
            color=COLORS["break"],
            linestyle="--",
            linewidth=1.2,
            label=t["chart_break"] if n == 0 else None,
        )
        # The new series' name beside the line, inside the plot, over a white ground: to
        # its right, or to its left when the line is in the right half of the chart.
        left = b.year - 0.5 > (ir.chart_start + final) / 2
        ax.annotate(
            b.label,
            xy=(b.year - 0.5, 1),
            xycoords=("data", "axes fraction"),
            xytext=(-3 if left else 3, -3 - 11 * n),
            textcoords="offset points",
            ha="right" if left else "left",
            va="top",
            fontsize=7,
            color=COLORS["break"],
            bbox={"boxstyle": "square,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.85},
            zorder=1.5,  # under the lines and points: a label never hides a value
        )
    ax.axvline(ctx.year, color=COLORS["year"], linewidth=1, label=t["chart_year"])
    years = list(range(ir.chart_start, final + 1))
    step = 1 if len(years) <= 12 else 2
    shown = [y for y in years if (final - y) % step == 0]
    ax.set_xticks(shown, [short_year(ctx, y) for y in shown])
    ax.set_xlim(ir.chart_start - 0.6, final + 0.6)
    ax.yaxis.set_major_formatter(lambda v, _pos: f"{v:,.0f}")
    ax.annotate(
        f"（{ind.unit}）" if ctx.lang == "ja" else f"({ind.unit})",
        xy=(0, 1),
        xycoords="axes fraction",
        xytext=(-4, 6),
        textcoords="offset points",
        ha="right",
        va="bottom",
    )
    ax.grid(axis="y", color="#e3e3e3", linewidth=0.6)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    fig.legend(
        loc="outside lower center",
        ncol=8,
        frameon=False,
        fontsize=7.5,
        handlelength=1.8,
        columnspacing=1.0,
    )
    return fig


def _scope_ids(svg: str, prefix: str) -> str:
    """Prefix every id and reference so several charts can live in one HTML document."""
    svg = re.sub(r'\bid="([^"]+)"', rf'id="{prefix}\1"', svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{prefix}\1"', svg)
    return re.sub(r"url\(#([^)]+)\)", rf"url(#{prefix}\1)", svg)


def chart_svg(ctx: ReportContext, ir: IndicatorReport) -> str:
    """The indicator's chart as an inline ``<svg>`` element scaled to its container (drawn
    once for the same inputs: the chart reads the language, year and period of ``ctx``)."""
    key = repr((ctx.lang, ctx.year, ctx.plan.period, ir))
    with _LOCK:
        found = _DRAWN.get(key)
        if found is not None:
            _DRAWN.move_to_end(key)
            return found
    svg = _draw_svg(ctx, ir)
    with _LOCK:
        _DRAWN[key] = svg
        while len(_DRAWN) > _KEEP:
            _DRAWN.popitem(last=False)
    return svg


def _draw_svg(ctx: ReportContext, ir: IndicatorReport) -> str:
    plt = _pyplot()
    fig = _figure(ctx, ir)
    out = io.StringIO()
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    plt.close(fig)
    svg = out.getvalue()
    svg = _scope_ids(svg[svg.index("<svg") :], f"{ir.indicator.code}-")
    svg = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r"<svg\1", svg, count=1)
    label = escape(text(ctx.lang)["chart"].format(name=ir.indicator.name))
    svg = svg.replace("<svg", f'<svg role="img" aria-label="{label}" class="chart"', 1)
    # The <title> is the figure's alternate text in the tagged PDF (PDF/UA) and for readers.
    opening = svg.index(">") + 1
    return f"{svg[:opening]}<title>{label}</title>{svg[opening:]}"


def chart_png(ctx: ReportContext, ir: IndicatorReport, dpi: int = 160) -> bytes:
    """The indicator's chart as a PNG image (for Word)."""
    plt = _pyplot()
    fig = _figure(ctx, ir)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    plt.close(fig)
    return out.getvalue()
