"""The plan app's verbs: load a plan, read it back as core values."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..accounts.permissions import require
from ..audit.services import actor_name, log
from ..core import model as core
from ..core.plausibility import plan_year_problem
from ..ingest.errors import InputError, Problem
from . import builtin, models


class PlanError(Exception):
    """A plan operation that cannot be done as asked."""


# Paths under /plans/ that are pages, not plans (web/plan_prefix.py): no plan takes the name.
RESERVED_SLUGS = frozenset({"compare"})


def restore(value: Decimal, decimals: int) -> Decimal:
    """The stored value with the decimals it was written with (9095, not 9095.000000)."""
    return value.quantize(Decimal(1).scaleb(-decimals))


def owner_for(plan: core.Plan) -> models.Owner:
    """The owner of a plan: the one with the plan's local government code (six digits with
    the check digit), else the one of that name without a code; created on first use."""
    from ..core.localgov import CodeError, full_code

    try:
        code = full_code(plan.municipality_code) if plan.municipality_code else ""
    except CodeError as err:
        raise InputError([Problem("municipality.code", str(err))]) from None
    name_en = plan.translations.get("en", {}).get("municipality")
    found, _ = models.Owner.objects.get_or_create(
        code=code,
        **({} if code else {"name": plan.municipality}),
        defaults={
            "name": plan.municipality,
            "translations": {"en": {"name": name_en}} if name_en else {},
        },
    )
    return found


@transaction.atomic
def load_plan(plan: core.Plan, source_text: str = "", actor: Any = None) -> models.Plan:
    """Store a validated plan; a plan with the same slug must not exist yet. The first plan
    in the store becomes the default (plan/selection.py); later ones never change it."""
    if models.Plan.objects.filter(slug=plan.slug).exists():
        raise PlanError(f"計画「{plan.slug}」はすでに登録されています")
    if plan.slug in RESERVED_SLUGS:
        raise PlanError(f"「{plan.slug}」は計画の slug に使えません（ページの名前です）")
    row = models.Plan.objects.create(
        owner=owner_for(plan),
        is_default=not models.Plan.objects.filter(is_default=True).exists(),
        slug=plan.slug,
        municipality=plan.municipality,
        municipality_code=plan.municipality_code,
        title=plan.title,
        edition=plan.edition,
        period_start=plan.period.start,
        period_end=plan.period.end,
        vision_title=plan.vision_title,
        vision_start=plan.vision_period.start,
        vision_end=plan.vision_period.end,
        previous_start=plan.previous_period.start if plan.previous_period else None,
        previous_end=plan.previous_period.end if plan.previous_period else None,
        philosophy=plan.philosophy,
        translations=plan.translations,
        structure=plan.structure,
        thresholds=vars(plan.thresholds),
        source_text=source_text,
    )
    from .revisions import apply_plan  # revisions reads plans through this module

    apply_plan(row, plan)  # the same code a revision uses: policies, projects, indicators
    models.PlanVersion.objects.create(
        plan=row,
        number=1,
        valid_from=row.vision_start,
        source_text=source_text,
        created_by=actor_name(actor),
    )
    log(actor, "plan.load", plan.title, None, {"slug": plan.slug, "edition": plan.edition})
    return row


@transaction.atomic
def write_commentary(
    indicator: models.Indicator, year: int, text: str, actor: Any = None
) -> models.Commentary:
    """Add the secretariat's commentary for an indicator and year; earlier ones stay."""
    require(actor, "comment", what="所見を書けるのは事務局だけです")
    before = indicator.commentaries.filter(year=year).first()
    note = models.Commentary.objects.create(
        indicator=indicator, year=year, text=text.strip(), written_by=actor_name(actor)
    )
    log(
        actor,
        "commentary.add",
        f"{indicator.name} {year}",
        {"text": before.text} if before else None,
        {"text": note.text},
    )
    return note


def today() -> datetime.date:
    """Today in the site's time zone: the core has no clock, so plausibility is given this."""
    return timezone.localdate()


def require_plan_year(row: models.Plan, year: int, field: str = "--year") -> None:
    """Refuse a year outside the plan's vision period (evaluation, report, round, revision)."""
    vision = core.YearSpan(row.vision_start, row.vision_end)
    if why := plan_year_problem(vision, year, row.vision_title):
        raise InputError([Problem(field, why)])


def _bound(value: Decimal | None) -> Decimal | None:
    """A stored min / max without the store's trailing zeros (0, not 0.000000)."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


def indicator_to_core(i: models.Indicator) -> core.Indicator:
    """An indicator row (targets prefetched) as a core value."""
    rule = None
    if i.rule_text:
        rule = core.YearlyRule(i.rule_text, i.rule_step.normalize(), i.rule_unit)
    return core.Indicator(
        code=i.code,
        name=i.name,
        unit=i.unit,
        policy=i.policy.code,
        period_kind=i.period_kind,
        direction=i.direction,
        baseline=core.Baseline(
            i.baseline_year, restore(i.baseline_value, i.baseline_decimals), i.baseline_source
        ),
        targets=tuple(core.Target(t.year, restore(t.value, t.decimals)) for t in i.targets.all()),
        rule=rule,
        definition=i.definition,
        source=i.source,
        owner=i.owner.code if i.owner else None,
        note=i.note,
        series_breaks=tuple(core.SeriesBreak(**b) for b in i.series_breaks),
        minimum=_bound(i.minimum),
        maximum=_bound(i.maximum),
        translations=i.translations,
    )


def to_core(row: models.Plan) -> core.Plan:
    """A stored plan as core values, read in a fixed number of queries."""
    policies = row.policies.prefetch_related("measures")
    projects = row.projects.select_related("lead").prefetch_related("measures", "partners")
    indicators = row.indicators.select_related("policy", "owner").prefetch_related("targets")
    orgs = models.Organisation.objects.filter(
        Q(leads__plan=row) | Q(partnerships__plan=row) | Q(indicators__plan=row)
    ).distinct()
    span = core.YearSpan
    return core.Plan(
        slug=row.slug,
        municipality=row.municipality,
        municipality_code=row.municipality_code,
        title=row.title,
        edition=row.edition,
        period=span(row.period_start, row.period_end),
        vision_title=row.vision_title,
        vision_period=span(row.vision_start, row.vision_end),
        previous_period=(
            span(row.previous_start, row.previous_end) if row.previous_start else None
        ),
        philosophy=row.philosophy,
        translations=row.translations,
        organisations=tuple(
            core.Organisation(o.code, o.name, o.kind, o.translations) for o in orgs
        ),
        policies=tuple(
            core.Policy(
                p.code,
                p.title,
                p.summary,
                tuple(core.Measure(m.code, m.title, m.translations) for m in p.measures.all()),
                p.translations,
            )
            for p in policies
        ),
        projects=tuple(
            core.Project(
                pr.number,
                pr.title,
                tuple(m.code for m in sorted(pr.measures.all(), key=lambda m: m.code)),
                pr.summary,
                pr.lead.code if pr.lead else None,
                tuple(o.code for o in sorted(pr.partners.all(), key=lambda o: o.code)),
                pr.translations,
            )
            for pr in projects
        ),
        indicators=tuple(indicator_to_core(i) for i in indicators),
        structure=row.structure,
        thresholds=core.Thresholds(**row.thresholds),
    )


def load_builtin() -> models.Plan:
    """Load the built-in Tokorozawa plan."""
    from ..ingest.plan_file import read_plan_text  # pydantic: only when a file is read (#11)

    text = builtin.plan_text()
    plan = read_plan_text(text, builtin.PLAN_FILE)
    # Nothing is marked published: the years before the plan are public by rule
    # (Plan.is_published), and each round is published through plan.publication.
    return load_plan(plan, text)
