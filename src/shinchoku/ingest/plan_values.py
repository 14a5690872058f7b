"""The validated plan file as core values (``plan_file.PlanIn`` → ``core.model.Plan``)."""

from __future__ import annotations

from typing import Any

from ..core.model import (
    Baseline,
    Indicator,
    Measure,
    Organisation,
    Plan,
    Policy,
    Project,
    SeriesBreak,
    Target,
    YearlyRule,
    YearSpan,
)
from .plan_i18n import merged, plan_translations


def to_plan(p: Any) -> Plan:
    """The validated file as core values."""
    span = lambda s: YearSpan(s.start.year, s.end.year)  # noqa: E731
    prev = p.vision.previous_action_plan
    return Plan(
        slug=p.slug,
        municipality=p.municipality.name,
        municipality_code=p.municipality.code,
        title=p.title,
        edition=p.edition,
        period=span(p.period),
        vision_title=p.vision.title,
        vision_period=span(p.vision.period),
        previous_period=span(prev.period) if prev else None,
        philosophy=p.philosophy,
        translations=plan_translations(p),
        organisations=tuple(
            Organisation(o.code, o.name, o.kind, o.translations) for o in p.organisations
        ),
        policies=tuple(
            Policy(
                pol.code,
                pol.title,
                pol.summary,
                tuple(Measure(m.code, m.title, m.translations) for m in pol.measures),
                pol.translations,
            )
            for pol in p.policies
        ),
        projects=tuple(
            Project(
                pr.number,
                pr.title,
                tuple(pr.measures),
                pr.summary,
                pr.lead,
                tuple(pr.partners),
                pr.translations,
            )
            for pr in p.projects
        ),
        indicators=tuple(
            Indicator(
                code=i.code,
                name=i.name,
                unit=i.unit,
                policy=i.policy,
                period_kind=i.period_kind,
                direction=i.direction,
                baseline=Baseline(i.baseline.year.year, i.baseline.value, i.baseline.source),
                targets=tuple(Target(t.year.year, t.value) for t in i.targets),
                rule=YearlyRule(i.rule.text, i.rule.step, i.rule.unit) if i.rule else None,
                definition=i.definition,
                source=i.source,
                owner=i.owner,
                note=i.note,
                series_breaks=tuple(
                    SeriesBreak(
                        b.year.year, b.label, b.previous, b.comparable, b.reason, b.translations
                    )
                    for b in sorted(i.series_breaks, key=lambda b: b.year.year)
                ),
                minimum=i.min,
                maximum=i.max,
                translations=merged(
                    i.translations,
                    ("baseline.source", "source", i.baseline.translations),
                    ("rule.text", "text", i.rule.translations if i.rule else {}),
                ),
            )
            for i in p.indicators
        ),
        structure=p.structure,
        thresholds=p.evaluation,
    )
