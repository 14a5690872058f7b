"""The JSON forms of core values: the contracts the CLI, API and exports share."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from .evaluation import IndicatorEvaluation
from .formatting import number as display_number
from .formatting import percent, places
from .i18n import plain
from .model import Indicator, Observation, Plan
from .targets import TargetReport
from .verdicts import target_line, verdict


def number(value: Decimal | float | None) -> int | float | None:
    """A JSON number: integral values as int (9095, not 9095.0), others as float."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _date(d: datetime.date | None) -> str | None:
    return d.isoformat() if d else None


def indicator_dict(ind: Indicator) -> dict[str, Any]:
    """An indicator as in ``plan show --format json``."""
    return {
        "code": ind.code,
        "name": ind.name,
        "unit": ind.unit,
        "policy": ind.policy,
        "period_kind": ind.period_kind,
        "direction": ind.direction,
        "baseline": {
            "year": ind.baseline.year,
            "value": number(ind.baseline.value),
            "source": ind.baseline.source,
        },
        "targets": [{"year": t.year, "value": number(t.value)} for t in ind.targets],
        "rule": (
            {"text": ind.rule.text, "step": number(ind.rule.step), "unit": ind.rule.unit}
            if ind.rule
            else None
        ),
        "source": ind.source,
        "definition": ind.definition,
        "owner": ind.owner,
        "note": ind.note,
        "series_breaks": [
            {
                "year": b.year,
                "label": b.label,
                "previous": b.previous,
                "comparable": b.comparable,
                "reason": b.reason,
            }
            for b in ind.series_breaks
        ],
        "min": number(ind.minimum),
        "max": number(ind.maximum),
    }


def plan_dict(plan: Plan) -> dict[str, Any]:
    """The whole plan, years as Western integers."""
    names = {o.code: o.name for o in plan.organisations}
    return {
        "municipality": plan.municipality,
        "municipality_code": plan.municipality_code,
        "title": plan.title,
        "edition": plan.edition,
        "period": {"start": plan.period.start, "end": plan.period.end},
        "vision": {
            "title": plan.vision_title,
            "period": {"start": plan.vision_period.start, "end": plan.vision_period.end},
            "previous_period": (
                {"start": plan.previous_period.start, "end": plan.previous_period.end}
                if plan.previous_period
                else None
            ),
        },
        "philosophy": plan.philosophy,
        "policies": [
            {
                "code": p.code,
                "title": p.title,
                "summary": p.summary,
                "measures": [{"code": m.code, "title": m.title} for m in p.measures],
            }
            for p in plan.policies
        ],
        "projects": [
            {
                "number": p.number,
                "title": p.title,
                "measures": list(p.measures),
                "summary": p.summary,
                "lead": names.get(p.lead) if p.lead else None,
                "partners": [names.get(code, code) for code in p.partners],
            }
            for p in plan.projects
        ],
        "indicators": [indicator_dict(i) for i in plan.indicators],
        "organisations": [
            {"code": o.code, "name": o.name, "kind": o.kind} for o in plan.organisations
        ],
        "structure": plan.structure,
        "evaluation": vars(plan.thresholds),
    }


def observation_dict(o: Observation) -> dict[str, Any]:
    """One observation revision with its provenance."""
    return {
        "indicator": o.indicator,
        "year": o.year,
        "value": number(o.value),
        "source": o.source,
        "published_on": _date(o.published_on),
        "edition": o.edition,
        "note": o.note,
        "source_value": number(o.source_value),
        "source_unit": o.source_unit,
        "conversion": o.conversion,
        "source_ref": o.source_ref,
    }


def _line(r: IndicatorEvaluation) -> dict[str, Any] | None:
    """The target line at the latest figure's year and how it was derived."""
    if r.latest is None or r.expected is None:
        return None
    line = target_line(r.indicator, r.latest.year)
    between = [line.left, line.right] if line.kind == "interpolated" else None
    return {"year": line.year, "value": r.expected, "derived": line.kind, "between": between}


def display_dict(r: IndicatorEvaluation, lang: str = "ja") -> dict[str, Any]:
    """The figures as every face prints them (half-up rounding) and the two verdicts."""
    p = places(r.indicator)
    v = verdict(r, lang)
    return {
        "latest": display_number(r.latest.value if r.latest else None, p),
        "target_line": display_number(r.expected, p),
        "progress": percent(r.progress),
        "attainment": percent(r.attainment),
        "projection": display_number(r.projection.value if r.projection else None, p),
        "rating": v.label,
        "rating_text": v.rating_text,
        "reference_note": v.note or None,
        "outlook_text": v.outlook_text,
    }


def evaluation_dict(
    year: int,
    as_of: datetime.date | None,
    results: tuple[IndicatorEvaluation, ...],
    lang: str = "ja",
) -> dict[str, Any]:
    """The evaluation of a year, as in ``shinchoku evaluate --format json``."""
    rows = []
    for r in results:
        ind = r.indicator
        latest = r.latest
        rows.append(
            {
                "code": ind.code,
                # The plan's text in ``lang`` where translated (the Japanese otherwise).
                "name": plain(ind, "name", lang),
                "unit": plain(ind, "unit", lang),
                "baseline": {"year": ind.baseline.year, "value": number(ind.baseline.value)},
                "latest": (
                    {
                        "year": latest.year,
                        "value": number(latest.value),
                        "source": latest.source,
                        "published_on": _date(latest.published_on),
                    }
                    if latest
                    else None
                ),
                "expected": r.expected,
                "target": {"year": year, "value": r.target} if r.target is not None else None,
                "progress": r.progress,
                "attainment": r.attainment,
                "rating": r.rating,
                "rated": r.rating is not None,
                "reason": r.unrated,
                "comparable": r.comparable,
                "target_line": _line(r),
                "projection": (
                    {
                        "year": r.projection.year,
                        "value": r.projection.value,
                        "target": number(r.projection.target),
                        "on_course": r.projection.on_course,
                    }
                    if r.projection
                    else None
                ),
                "status": r.status,
                "series_break": (
                    {
                        "year": r.series_break.year,
                        "label": r.series_break.label,
                        "comparable": r.series_break.comparable,
                    }
                    if r.series_break
                    else None
                ),
                "display": display_dict(r, lang),
            }
        )
    return {"year": year, "as_of": _date(as_of), "indicators": rows}


def target_report_dict(report: TargetReport) -> dict[str, Any]:
    """The target check, as in ``shinchoku targets check --format json``."""
    return {
        "indicators": [
            {
                "code": c.indicator.code,
                "name": c.indicator.name,
                "rule": c.indicator.rule.text if c.indicator.rule else None,
                "convention": c.convention,
                "mismatches": [
                    {"year": m.year, "published": number(m.published), "derived": number(m.derived)}
                    for m in c.mismatches
                ],
                "unmatched": [{"year": t.year, "published": number(t.value)} for t in c.unmatched],
            }
            for c in report.indicators
        ],
        "disagreements": list(report.disagreements),
    }
