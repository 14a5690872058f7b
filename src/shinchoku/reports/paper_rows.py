"""Display rows of the council papers' added sections, shared by HTML/PDF, DOCX and XLSX:
the context's figures formatted (core.formatting), never recomputed."""

from __future__ import annotations

from typing import Any

from ..core.context import IndicatorReport, MeasureReport, ProjectReport, ReportContext, date_label
from ..core.formatting import DASH
from ..core.formatting import number as num
from ..core.formatting import percent as pct
from ..core.papers import Sheet
from . import rows
from .compact import indicator_names
from .paper_strings import paper_text
from .strings import text


def meeting_fields(ctx: ReportContext) -> list[tuple[str, str]]:
    """会議 and 開催日 of the meeting the papers are for (none without a meeting)."""
    m, p = ctx.meeting, paper_text(ctx.lang)
    if m is None:
        return []
    out = []
    if m.title:
        out.append((p["meeting"], m.title))
    if m.held_on:
        out.append((p["held_on"], date_label(m.held_on, ctx.lang)))
    return out


def document_number(ctx: ReportContext) -> str:
    """資料番号 (e.g. 資料2), or ''."""
    return ctx.meeting.document_number if ctx.meeting else ""


def overview_paragraphs(ctx: ReportContext) -> list[str]:
    """The 総括 as paragraphs; in a draft without one, the note that it is still to come."""
    paras = [p.strip() for p in ctx.overview.splitlines() if p.strip()]
    if not paras and ctx.draft:
        return [paper_text(ctx.lang)["overview_missing"]]
    return paras


def year_headers(ctx: ReportContext, ir: IndicatorReport) -> list[str]:
    """基準値（R3） | R4 | R5 | … | R9目標."""
    p, ind = paper_text(ctx.lang), ir.indicator
    heads = ["", p["years_baseline"].format(year=rows.short_year(ctx, ind.baseline.year))]
    for cell in ir.years:
        label = rows.short_year(ctx, cell.year)
        heads.append(p["years_final"].format(year=label) if cell is ir.years[-1] else label)
    return heads


def year_rows(ctx: ReportContext, ir: IndicatorReport) -> list[list[str]]:
    """The multi-year table as text: target line, actual, 達成率, rating per year."""
    p, ind = paper_text(ctx.lang), ir.indicator
    places = rows.decimals(ind)
    base = num(float(ind.baseline.value), places)
    return [
        [p["row_line"], base, *(num(c.line, places) for c in ir.years)],
        [p["row_actual"], base, *(num(c.actual, places) for c in ir.years)],
        [p["row_attainment"], DASH, *(pct(c.attainment) for c in ir.years)],
        [p["row_rating"], DASH, *(c.rating or DASH for c in ir.years)],
    ]


def rating_change(ctx: ReportContext, ir: IndicatorReport) -> str:
    """評価: A 達成（前年度: 評価なし）."""
    return paper_text(ctx.lang)["rating_change"].format(
        now=ir.verdict.label, before=ir.previous_rating or DASH
    )


def measure_indicator_text(ctx: ReportContext, m: MeasureReport) -> str:
    """The measure's indicators by name (their number in the compact report)."""
    return indicator_names(ctx, m.indicators)


def measure_project_headers(ctx: ReportContext) -> list[str]:
    """Columns of a measure's project table."""
    p = paper_text(ctx.lang)
    return [p["col_project"], p["col_rating"], p["col_previous"], p["col_direction"], p["col_lead"]]


def measure_project_rows(ctx: ReportContext, m: MeasureReport) -> list[list[str]]:
    """Each project of the measure with its rating, last year's, and its direction."""
    t = text(ctx.lang)
    out = []
    for pr in m.projects:
        s = pr.submission.sheet
        missing = pr.submission.activities if s is None else ""  # 未提出
        out.append(
            [
                f"{t['project_n'].format(n=pr.number)}　{pr.title}",
                s.rating if s else missing,
                (s.previous_rating or DASH) if s else DASH,
                s.direction if s else DASH,
                pr.lead or DASH,
            ]
        )
    return out


def review_rows(ctx: ReportContext, m: MeasureReport) -> list[tuple[str, str, bool]]:
    """The secretariat's 評価・課題・方向性 for the measure (label, text, missing)."""
    p = paper_text(ctx.lang)
    r = m.review
    fields = (("review_evaluation", "evaluation"), ("review_issues", "issues"))
    fields += (("review_direction", "direction"),)
    out = []
    for key, attr in fields:
        value = getattr(r, attr) if r else ""
        out.append((p[key], value or p["review_missing"], not value))
    return out


def _money(now: float | None, before: float | None, lang: str) -> str:
    if now is None and before is None:
        return DASH
    return paper_text(lang)["money_row"].format(now=num(now), before=num(before))


def sheet_rows(ctx: ReportContext, pr: ProjectReport) -> list[tuple[str, str, bool]]:
    """A project's 事務事業評価シート as label, value, missing (未提出 until submitted)."""
    t, p = text(ctx.lang), paper_text(ctx.lang)
    head = [
        (t["lead"], pr.lead or DASH, False),
        (t["partners"], rows.org_text(ctx, pr.partners), False),
        (t["summary_text"], pr.summary, False),
    ]
    s: Sheet | None = pr.submission.sheet
    if s is None:
        sub = pr.submission
        return [
            *head,
            (t["activities"], sub.activities, not sub.submitted),
            (t["outputs"], sub.outputs, not sub.submitted),
            (t["self_evaluation"], sub.self_evaluation, not sub.submitted),
        ]
    before = f"{p['col_previous']} {s.previous_rating}" if s.previous_rating else ""
    rating = s.rating + (rows.paren(ctx.lang, before) if before else "")
    body = [
        (p["purpose"], s.purpose, False),
        (p["activities"], s.activities, False),
        (p["results"], s.results, False),
        (p["issues"], s.issues, False),
        (p["budget"], _money(s.budget, s.budget_previous, ctx.lang), False),
        (p["settled"], _money(s.settled, s.settled_previous, ctx.lang), False),
        (p["rating"], rating, False),
        (p["reason"], s.reason, False),
        (p["direction"], s.direction, False),
        (p["direction_reason"], s.direction_reason, False),
        (p["comment"], s.comment, False),
    ]
    return head + [(k, v or DASH, m) for k, v, m in body]


def output_headers(ctx: ReportContext) -> list[str]:
    """Columns of the activity-indicator table."""
    p = paper_text(ctx.lang)
    keys = ("out_name", "out_unit", "out_previous", "out_target", "out_actual", "out_attainment")
    return [p[k] for k in keys]


def output_rows(ctx: ReportContext, pr: ProjectReport) -> list[list[str]]:
    """Each activity indicator: name, unit, last year's actual, target, actual, 達成率."""
    s = pr.submission.sheet
    if s is None:
        return []
    return [
        [o.name, o.unit, num(o.previous), num(o.target), num(o.actual), pct(o.attainment)]
        for o in s.outputs
    ]


def follow_up_headers(ctx: ReportContext) -> list[str]:
    """Columns of the follow-up table."""
    p = paper_text(ctx.lang)
    keys = ("op_year", "op_item", "op_text", "op_response", "op_state", "op_reason")
    return [p[k] for k in keys]


def opinion_rows(ctx: ReportContext, opinions: Any) -> list[list[str]]:
    """Opinions as year (和暦), item name, opinion, response, state, reason."""
    p = paper_text(ctx.lang)
    return [
        [
            rows.ylabel(ctx, o.year) if o.year else DASH,
            o.item,
            o.opinion,
            o.response or DASH,
            o.state or p["op_pending"],
            o.reason or DASH,
        ]
        for o in opinions
    ]
