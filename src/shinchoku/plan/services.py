"""The plan app's verbs: load a plan, read it back as core values."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ..accounts.permissions import SYSTEM, require
from ..audit.services import actor_name, log
from ..core import model as core
from ..core.localgov import CodeError, full_code
from ..core.messages import local, tr
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


def header_fields(plan: core.Plan) -> dict[str, Any]:
    """The plan row's fields a plan file decides (a new plan and each revision write them)."""
    previous = plan.previous_period
    return {
        "title": plan.title,
        "edition": plan.edition,
        "period_start": plan.period.start,
        "period_end": plan.period.end,
        "vision_title": plan.vision_title,
        "vision_start": plan.vision_period.start,
        "vision_end": plan.vision_period.end,
        "previous_start": previous.start if previous else None,
        "previous_end": previous.end if previous else None,
        "philosophy": plan.philosophy,
        "translations": plan.translations,
        "structure": plan.structure,
        "thresholds": vars(plan.thresholds),
    }


@transaction.atomic
def load_plan(plan: core.Plan, source_text: str = "", actor: Any = None) -> models.Plan:
    """Store a validated plan; a plan with the same slug must not exist yet. The first plan
    in the store becomes the default (plan/selection.py); later ones never change it."""
    require(actor, "shinchoku.load_plan", what="計画を登録できるのは事務局だけです")
    if models.Plan.objects.filter(slug=plan.slug).exists():
        raise PlanError(tr("計画「{slug}」はすでに登録されています", slug=plan.slug))
    if plan.slug in RESERVED_SLUGS:
        raise PlanError(
            tr("「{slug}」は計画の slug に使えません（ページの名前です）", slug=plan.slug)
        )
    row = models.Plan.objects.create(
        owner=owner_for(plan),
        is_default=not models.Plan.objects.filter(is_default=True).exists(),
        slug=plan.slug,
        municipality=plan.municipality,
        municipality_code=plan.municipality_code,
        source_text=source_text,
        **header_fields(plan),
    )
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
def make_default(row: models.Plan, actor: Any = None) -> models.Plan | None:
    """Make ``row`` the default plan (served at ``/``, used without ``--plan``); audited.
    Returns the plan that was the default before (None when ``row`` already is)."""
    require(actor, "shinchoku.load_plan", what=tr("既定の計画を変えられるのは事務局だけです"))
    plans = models.Plan.objects.select_for_update()
    before = plans.filter(is_default=True).first()
    if before is not None and before.pk == row.pk:
        return None
    plans.filter(is_default=True).update(is_default=False)  # one default (plan_one_default)
    plans.filter(pk=row.pk).update(is_default=True)
    row.is_default = True
    log(
        actor,
        "plan.default",
        row.title,
        {"slug": before.slug} if before else None,
        {"slug": row.slug},
    )
    return before


@transaction.atomic
def write_commentary(
    indicator: models.Indicator, year: int, text: str, actor: Any = None
) -> models.Commentary:
    """Add the secretariat's commentary for an indicator and year; earlier ones stay."""
    require(actor, "shinchoku.comment", what="所見を書けるのは事務局だけです")
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
    if why := plan_year_problem(vision, year, local(row, "vision_title")):
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


_INDICATOR_COLUMNS = (
    "id", "code", "name", "unit", "policy__code", "period_kind", "direction", "baseline_year",
    "baseline_value", "baseline_decimals", "baseline_source", "rule_text", "rule_step",
    "rule_unit", "definition", "source", "owner__code", "note", "series_breaks", "minimum",
    "maximum", "translations",
)  # fmt: skip


def indicators_to_core(row: models.Plan) -> tuple[core.Indicator, ...]:
    """The plan's indicators as core values, in plan order, from two queries of plain
    values: no model object per row (87,000 indicators and 435,000 targets took 200 s as
    objects, most of it Django building and prefetching them)."""
    targets: dict[int, list[core.Target]] = {}
    stored = models.Target.objects.filter(indicator__plan=row).order_by("indicator", "year")
    for ind, year, value, decimals in stored.values_list("indicator", "year", "value", "decimals"):
        targets.setdefault(ind, []).append(core.Target(year, restore(value, decimals)))
    found = []
    for v in row.indicators.order_by("position").values_list(*_INDICATOR_COLUMNS):
        i = dict(zip(_INDICATOR_COLUMNS, v, strict=True))
        rule = None
        if i["rule_text"]:
            rule = core.YearlyRule(i["rule_text"], i["rule_step"].normalize(), i["rule_unit"])
        found.append(
            core.Indicator(
                code=i["code"],
                name=i["name"],
                unit=i["unit"],
                policy=i["policy__code"],
                period_kind=i["period_kind"],
                direction=i["direction"],
                baseline=core.Baseline(
                    i["baseline_year"],
                    restore(i["baseline_value"], i["baseline_decimals"]),
                    i["baseline_source"],
                ),
                targets=tuple(targets.get(i["id"], ())),
                rule=rule,
                definition=i["definition"],
                source=i["source"],
                owner=i["owner__code"],
                note=i["note"],
                series_breaks=tuple(core.SeriesBreak(**b) for b in i["series_breaks"]),
                minimum=_bound(i["minimum"]),
                maximum=_bound(i["maximum"]),
                translations=i["translations"],
            )
        )
    return tuple(found)


def to_core(row: models.Plan) -> core.Plan:
    """A stored plan as core values, read in a fixed number of queries."""
    policies = row.policies.prefetch_related("measures")
    projects = row.projects.select_related("lead").prefetch_related("measures", "partners")
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
        indicators=indicators_to_core(row),
        structure=row.structure,
        thresholds=core.Thresholds(**row.thresholds),
    )


def load_builtin() -> models.Plan:
    """Load the built-in Tokorozawa plan."""
    from ..ingest.plan_file import read_plan_text  # pydantic: only when a file is read (#11)

    text = builtin.plan_text()
    plan = read_plan_text(text, builtin.PLAN_FILE)
    # Nothing is marked published: the years before the plan are public by rule
    # (Plan.is_published), and each round is published through cycle.publication.
    return load_plan(plan, text, SYSTEM)


def apply_plan(row: models.Plan, new: core.Plan) -> None:
    """Bring the stored plan to ``new``: fields changed in place, new items added (loading
    a plan and recording a revision both write through here; ``to_core`` reads back)."""
    orgs = {}
    for o in new.organisations:
        orgs[o.code], _ = models.Organisation.objects.get_or_create(
            code=o.code, defaults={"name": o.name, "kind": o.kind, "translations": o.translations}
        )
        if o.translations and orgs[o.code].translations != o.translations:
            orgs[o.code].translations = o.translations  # a shared row: only its translations
            orgs[o.code].save(update_fields=["translations"])
    models.Plan.objects.filter(pk=row.pk).update(**header_fields(new))
    row.refresh_from_db()  # callers go on with this row: it must be the new version
    measures = {}
    for n, p in enumerate(new.policies):
        policy, _ = models.Policy.objects.update_or_create(
            plan=row,
            code=p.code,
            defaults={
                "title": p.title,
                "summary": p.summary,
                "position": n,
                "translations": p.translations,
            },
        )
        for m, mea in enumerate(p.measures):
            measures[mea.code], _ = models.Measure.objects.update_or_create(
                policy=policy,
                code=mea.code,
                defaults={"title": mea.title, "position": m, "translations": mea.translations},
            )
    for pr in new.projects:
        project, _ = models.Project.objects.update_or_create(
            plan=row,
            number=pr.number,
            defaults={
                "title": pr.title,
                "summary": pr.summary,
                "lead": orgs.get(pr.lead),
                "translations": pr.translations,
            },
        )
        project.measures.set([measures[c] for c in pr.measures])
        project.partners.set([orgs[c] for c in pr.partners])
    policies = {p.code: p for p in row.policies.all()}
    stored = {i.code: i for i in row.indicators.all()}
    fields: dict[str, Any] = {}
    added: list[models.Indicator] = []
    changed: list[models.Indicator] = []
    for n, ind in enumerate(new.indicators):
        fields = {
            "policy": policies[ind.policy],
            "name": ind.name,
            "unit": ind.unit,
            "definition": ind.definition,
            "source": ind.source,
            "period_kind": ind.period_kind,
            "direction": ind.direction,
            "baseline_year": ind.baseline.year,
            "baseline_value": ind.baseline.value,
            "baseline_decimals": core.decimals_of(ind.baseline.value),
            "baseline_source": ind.baseline.source,
            "rule_text": ind.rule.text if ind.rule else "",
            "rule_step": ind.rule.step if ind.rule else None,
            "rule_unit": ind.rule.unit if ind.rule else "",
            "owner": orgs.get(ind.owner),
            "note": ind.note,
            "position": n,
            "series_breaks": [vars(b) for b in ind.series_breaks],
            "minimum": ind.minimum,
            "maximum": ind.maximum,
            "translations": ind.translations,
        }
        if ind.code in stored:
            indicator = stored[ind.code]
            for name, value in fields.items():
                setattr(indicator, name, value)
            changed.append(indicator)
        else:
            added.append(models.Indicator(plan=row, code=ind.code, **fields))
    # In bulk: a national plan has 87,050 indicators (a query per row took minutes). The
    # targets are replaced (every earlier set stays in its version's file), in one insert.
    models.Indicator.objects.bulk_update(changed, list(fields), batch_size=1000)
    codes = {i.code for i in new.indicators}
    kept = [code for code in stored if code not in codes]  # items are never removed
    models.Target.objects.filter(indicator__plan=row).exclude(indicator__code__in=kept).delete()
    models.Indicator.objects.bulk_create(added, batch_size=2000)
    ids = dict(row.indicators.values_list("code", "id"))
    models.Target.objects.bulk_create(
        (
            models.Target(
                indicator_id=ids[ind.code], year=t.year, value=t.value, decimals=t.decimals
            )
            for ind in new.indicators
            for t in ind.targets
        ),
        batch_size=2000,
    )
