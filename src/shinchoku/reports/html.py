"""The report as one self-contained HTML file (inline CSS and SVG, print stylesheet)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from ..core.context import IndicatorReport, ReportContext
from . import compact, paper_rows, rows
from .charts import chart_svg
from .paper_strings import paper_text
from .strings import GLOSSARY, text

TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _engine() -> Any:
    from django.template import Engine

    return Engine(
        dirs=[str(TEMPLATES)],
        autoescape=True,
        libraries={"report": "shinchoku.reports.tags"},
    )


def stylesheet(name: str) -> str:
    """A stylesheet shipped with the report templates."""
    return (TEMPLATES / "reports" / name).read_text(encoding="utf-8")


def _pairs(items: list[tuple[str, str]]) -> list[list[tuple[str, str]]]:
    """Label/value pairs two to a row."""
    padded = items + [("", "")] * (len(items) % 2)
    return [padded[n : n + 2] for n in range(0, len(padded), 2)]


def _indicator(ctx: ReportContext, n: int, ir: IndicatorReport) -> dict[str, Any]:
    gap = rows.GAP[ctx.lang]  # 　 in Japanese, a space in English
    t = text(ctx.lang)
    ind = ir.indicator
    titles = {p.number: p.title for p in ctx.plan.projects}
    related = rows.join(ctx.lang, [f"{k} {titles[k]}" for k in ir.projects]) or t["none"]
    policy = t["policy_n"].format(n=ind.policy)
    return {
        "id": f"indicator-{ind.code}",
        "heading": f"2.{n}{gap}{ind.name}" + rows.paren(ctx.lang, ind.unit),
        "toc": f"2.{n}{gap}{ind.name}",
        "policy": f"{policy}{gap}{ir.policy_title}",
        "lag": ir.lag,
        "verdicts": rows.verdict_lines(ctx, ir),
        "breaks": rows.break_text(ctx, ir),
        "svg": chart_svg(ctx, ir),
        "caption": t["chart"].format(name=ind.name),
        "figures": _pairs(rows.key_figures(ctx, ir)),
        "revision_headers": rows.revision_headers(ctx, ir),
        "revisions": rows.revision_cells(ctx, ir),
        "definition": ind.definition or rows.DASH,
        "rule": ind.rule.text if ind.rule else "",
        "related": related,
        "commentary": [p for p in ir.commentary.splitlines() if p.strip()],
        "rating_change": paper_rows.rating_change(ctx, ir),
        "year_headers": paper_rows.year_headers(ctx, ir),
        "year_rows": paper_rows.year_rows(ctx, ir),
    }


def project_rows(ctx: ReportContext, p: Any) -> list[tuple[str, str, bool]]:
    """A project's table: owners, summary and its 事務事業評価シート (未提出 when missing)."""
    return paper_rows.sheet_rows(ctx, p)


def _measure(ctx: ReportContext, m: Any) -> dict[str, Any]:
    gap = rows.GAP[ctx.lang]  # 　 in Japanese, a space in English
    t = text(ctx.lang)
    return {
        "id": f"measure-{m.code}",
        "heading": f"{t['measure']} {m.code}{gap}{m.title}",
        "empty": t["no_projects"],
        "indicators": paper_rows.measure_indicator_text(ctx, m),
        "project_headers": paper_rows.measure_project_headers(ctx),
        "project_table": paper_rows.measure_project_rows(ctx, m),
        "review": paper_rows.review_rows(ctx, m),
        "projects": [
            {
                "heading": f"{t['project_n'].format(n=p.number)}{gap}{p.title}",
                "rows": project_rows(ctx, p),
                "outputs": paper_rows.output_rows(ctx, p),
                "submitted": p.submission.sheet is not None,
            }
            for p in m.projects
        ],
    }


def view(ctx: ReportContext) -> dict[str, Any]:
    """Everything the template shows, as text."""
    gap = rows.GAP[ctx.lang]  # 　 in Japanese, a space in English
    t = text(ctx.lang)
    # The compact report (core.layout) has no section or chart per indicator: its tables
    # are the groups below (drawing a thousand charts was most of a large site's build).
    detail = () if ctx.compact else ctx.indicators
    indicators = [_indicator(ctx, n, ir) for n, ir in enumerate(detail, 1)]
    groups = compact.groups(ctx) if ctx.compact else []
    policies = []
    for pol in ctx.policies:
        policies.append(
            {
                "id": f"policy-{pol.code}",
                "heading": f"{t['policy_n'].format(n=pol.code)}{gap}{pol.title}",
                "summary": pol.summary,
                "indicators": compact.indicator_names(ctx, pol.indicators),
                "measures": [_measure(ctx, m) for m in pol.measures],
            }
        )
    toc = [{"id": "summary", "text": f"1{gap}{t['summary']}", "level": 1}]
    chapter2 = t["compact_indicators" if ctx.compact else "indicators"]
    toc.append({"id": "indicators", "text": f"2{gap}{chapter2}", "level": 1})
    toc += [{"id": i["id"], "text": i["toc"], "level": 2} for i in indicators]
    toc += [{"id": g.id, "text": g.label, "level": 2} for g in groups]
    toc.append({"id": "policies", "text": f"3{gap}{t['policies']}", "level": 1})
    toc += [{"id": p["id"], "text": p["heading"], "level": 2} for p in policies]
    toc.append({"id": "council", "text": f"4{gap}{t['council']}", "level": 1})
    pt = paper_text(ctx.lang)
    toc.append({"id": "follow-ups", "text": f"4.1{gap}{pt['follow_ups']}", "level": 2})
    toc.append({"id": "opinions", "text": f"4.2{gap}{pt['current_opinions']}", "level": 2})
    toc.append({"id": "appendix", "text": f"5{gap}{t['appendix']}", "level": 1})
    for anchor, n in (("method", 1), ("sources", 2), ("glossary", 3)):
        toc.append({"id": anchor, "text": f"5.{n}{gap}{t[anchor]}", "level": 2})
    report_title = rows.title(ctx)
    return {
        "lang": ctx.lang,
        "t": t,
        "draft": ctx.draft,
        "doc_title": f"{ctx.plan.title}{gap}{report_title}"
        + (rows.paren(ctx.lang, t["draft"]) if ctx.draft else ""),
        "municipality": ctx.plan.municipality,
        "gap": rows.GAP[ctx.lang],
        "plan_title": ctx.plan.title,
        "report_title": report_title,
        "philosophy": ctx.plan.philosophy,
        "created": ctx.generated_on.isoformat(),
        "cover": rows.cover_fields(ctx) + paper_rows.meeting_fields(ctx),
        "toc": toc,
        "summary_lead": rows.summary_lead(ctx),
        "summary_headers": rows.summary_headers(ctx),
        "summary": [r.cells() for r in rows.summary_rows(ctx)],
        "summary_num_cols": [2, 3, 5, 6, 8],
        "caveats": rows.caveat_lines(ctx),
        "counts": rows.counts_text(ctx),
        "legends": [
            {
                "title": t["legend_rating"],
                "rows": [
                    {"code": rows.legend_code(r), "rule": r.rule, "count": r.count}
                    for r in ctx.rating_legend
                ],
            },
        ],
        "indicators": indicators,
        "compact": ctx.compact,
        "chapter2": chapter2,
        "compact_lead": rows.compact_lead(ctx),
        "groups": [
            {"id": g.id, "heading": g.heading, "rows": [r.cells() for r in g.rows]}
            | {"caveats": g.caveats}
            for g in groups
        ],
        "tally_headers": compact.tally_headers(ctx) if ctx.compact else [],
        "tally": compact.tally_rows(ctx) if ctx.compact else [],
        "policies": policies,
        "opinions": ctx.opinions,
        "p": paper_text(ctx.lang),
        "document_number": paper_rows.document_number(ctx),
        "overview": paper_rows.overview_paragraphs(ctx),
        "output_headers": paper_rows.output_headers(ctx),
        "follow_up_headers": paper_rows.follow_up_headers(ctx),
        "follow_ups": paper_rows.opinion_rows(ctx, ctx.follow_ups),
        "current_opinions": paper_rows.opinion_rows(ctx, ctx.current_opinions),
        "method": ctx.method,
        "sources": rows.source_rows(ctx),
        "glossary": GLOSSARY[ctx.lang],
    }


def render_html(ctx: ReportContext, extra_css: str = "") -> str:
    """The report as an HTML document; ``extra_css`` is added after the report's own styles."""
    from django.template import Context

    data = view(ctx) | {"css": stylesheet("report.css"), "extra_css": extra_css}
    return _engine().get_template("reports/report.html").render(Context(data))


def render(ctx: ReportContext) -> bytes:
    """The self-contained HTML file, UTF-8."""
    return render_html(ctx).encode("utf-8")
