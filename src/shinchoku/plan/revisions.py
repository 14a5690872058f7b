"""Plan revisions: every version of the plan is kept; a year is evaluated with the version in
force that year; what changed between two versions is listed item by item (core.revisions).

A revision is a new plan file (the whole plan, as approved), the fiscal year from which it
applies, the reason and the meeting that approved it. The stored plan (policies, projects,
indicators, targets) is brought up to the newest version; items are never removed, since
values, requests and opinions hang on them: an ended project says so in its summary.

A version recorded by mistake is withdrawn (``withdraw``): it stays stored with the reason,
who and when, but is no longer in force; the stored plan goes back to the newest version
still in force, and the next revision is judged against the versions in force only.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError, QuerySet
from django.utils.timezone import localtime

from ..accounts.permissions import require
from ..audit.services import actor_name, log
from ..core import model as core
from ..core.messages import tr
from ..core.messages import year as fy
from ..core.revisions import Change, changes
from ..ingest.errors import InputError, Problem
from ..locks import lock_row
from . import models
from .services import require_plan_year, to_core


@lru_cache(maxsize=32)
def _read(version_id: int, text: str) -> core.Plan:
    return read_plan_text(text, f"version-{version_id}.yaml")


def read_plan_text(text: str, source: str) -> core.Plan:
    """A plan file's text as a core plan; pydantic and YAML are imported only here, when a
    plan file is read, so that commands that only evaluate start in under a second (#11)."""
    from ..ingest import plan_file

    return plan_file.read_plan_text(text, source)


def in_force(row: models.Plan) -> QuerySet:
    """The plan's versions that are not withdrawn."""
    return row.versions.filter(withdrawal__isnull=True)


def version_for(row: models.Plan, year: int) -> models.PlanVersion | None:
    """The version in force in ``year`` (the newest one not withdrawn that applies from then
    or before; a year before every version is judged by the first)."""
    versions = in_force(row)
    return (
        versions.filter(valid_from__lte=year).order_by("-number").first()
        or versions.order_by("number").first()
    )


def plan_for_year(row: models.Plan, year: int | None) -> core.Plan:
    """The plan as it stood for ``year``: the targets and texts a year is judged against."""
    version = version_for(row, year) if year else None
    latest = in_force(row).order_by("-number").first()
    if version is None or latest is None or version.pk == latest.pk or not version.source_text:
        return to_core(row)
    return _read(version.pk, version.source_text)


def version_plan(version: models.PlanVersion) -> core.Plan:
    """The plan of one version."""
    return _read(version.pk, version.source_text)


def differences(a: models.PlanVersion, b: models.PlanVersion) -> list[Change]:
    """What changed from version ``a`` to version ``b``."""
    return changes(version_plan(a), version_plan(b))


@transaction.atomic
def revise(
    row: models.Plan,
    text: str,
    valid_from: int,
    reason: str,
    meeting: str = "",
    actor: Any = None,
    source: str = "plan.yaml",
) -> models.PlanVersion:
    """Record a new version of the plan and bring the stored plan up to it."""
    require(actor, "shinchoku.revise_plan", what="計画を改定できるのは事務局だけです")
    new = read_plan_text(text, source)
    lock_row(row, f"計画「{row.title}」")  # two revisions take turns (version numbers)
    row.refresh_from_db()  # the caller's row, as the previous writer left it
    old = to_core(row)
    problems = []
    if new.slug != row.slug:
        problems.append(
            Problem(
                "slug",
                tr(
                    "別の計画（{other}）のファイルです: {slug} の版を出してください",
                    other=new.slug,
                    slug=row.slug,
                ),
            )
        )
    if not reason.strip():
        problems.append(Problem("reason", tr("改定の理由を書いてください")))
    try:
        require_plan_year(row, valid_from, "valid_from")
    except InputError as err:
        problems += err.problems
    last = in_force(row).order_by("-number").first()
    if last and valid_from < last.valid_from:
        problems.append(
            Problem(
                "valid_from",
                tr(
                    "第{number}版（{year}から）より前からは適用できません",
                    number=last.number,
                    year=fy(last.valid_from, style="western"),
                ),
            )
        )
    found = changes(old, new)
    problems += [
        Problem(
            c.item, tr("改定で項目を削除することはできません（終了した事業は概要にそう書きます）")
        )
        for c in found
        if c.kind == "removed"
    ]
    if not found:
        problems.append(Problem(source, tr("前の版と同じ内容です")))
    if problems:
        raise InputError(problems, source)
    apply_plan(row, new)
    version = models.PlanVersion.objects.create(
        plan=row,
        number=_next_number(row),
        valid_from=valid_from,
        reason=reason.strip(),
        meeting=meeting.strip(),
        source_text=text,
        created_by=actor_name(actor),
    )
    log(
        actor,
        "plan.revise",
        f"{row.title} 第{version.number}版",
        None,
        {
            "valid_from": valid_from,
            "reason": version.reason,
            "meeting": version.meeting,
            "changes": [f"{c.item} {c.field} {c.kind}".strip() for c in found],
        },
    )
    return version


def _next_number(row: models.Plan) -> int:
    """Numbers follow on after every version, withdrawn ones included (they keep theirs)."""
    last = row.versions.order_by("-number").first()
    return last.number + 1 if last else 1


@transaction.atomic
def withdraw(row: models.Plan, number: int, reason: str, actor: Any = None) -> models.PlanVersion:
    """Take version ``number`` out of force (kept, with the reason), and bring the stored plan
    back to the newest version still in force."""
    require(
        actor, "shinchoku.withdraw_plan_version", what="計画の版を取り下げられるのは事務局だけです"
    )
    lock_row(row, f"計画「{row.title}」")
    row.refresh_from_db()
    version = row.versions.filter(number=number).first()
    where = tr("第{number}版", number=number)
    if version is None:
        raise InputError([Problem(where, tr("その版はありません（shinchoku plan versions）"))])
    if number == 1:
        raise InputError(
            [
                Problem(
                    where,
                    tr("当初の計画（第1版）は取り下げられません: 改定で新しい版を出してください"),
                )
            ]
        )
    if hasattr(version, "withdrawal"):
        w = version.withdrawal
        message = tr(
            "すでに取り下げられています（{date}、理由: {reason}）",
            date=f"{localtime(w.withdrawn_at):%Y-%m-%d}",
            reason=w.reason,
        )
        raise InputError([Problem(where, message)])
    if not reason.strip():
        raise InputError([Problem("reason", tr("取り下げの理由を書いてください"))])
    w = models.PlanVersionWithdrawal.objects.create(
        version=version, reason=reason.strip(), withdrawn_by=actor_name(actor)
    )
    back = in_force(row).order_by("-number").first()
    before = to_core(row)
    plan = version_plan(back)
    apply_plan(row, plan)
    _drop_items_not_in(row, plan, where)
    log(
        actor,
        "plan.withdraw",
        f"{row.title} 第{number}版",
        {"version": number, "valid_from": version.valid_from, "reason": version.reason},
        {
            "reason": w.reason,
            "in_force": back.number,
            "changes": [f"{c.item} {c.field} {c.kind}".strip() for c in changes(before, plan)],
        },
    )
    return version


def _drop_items_not_in(row: models.Plan, plan: core.Plan, where: str) -> None:
    """Remove stored items the plan no longer has (added by a withdrawn version), unless
    something (a value, a request, an opinion) already hangs on them: then refuse."""
    indicators = row.indicators.exclude(code__in=[i.code for i in plan.indicators])
    projects = row.projects.exclude(number__in=[p.number for p in plan.projects])
    measures = models.Measure.objects.filter(policy__plan=row).exclude(
        code__in=[m.code for p in plan.policies for m in p.measures]
    )
    policies = row.policies.exclude(code__in=[p.code for p in plan.policies])
    blocked = []
    for item in [*indicators, *projects, *measures, *policies]:
        try:
            if isinstance(item, models.Indicator):
                item.targets.all().delete()  # the version's file keeps them
            item.delete()
        except ProtectedError:
            blocked.append(str(item))
    if blocked:
        raise InputError(
            [
                Problem(
                    where,
                    "この版で追加された項目にすでに値や依頼などが登録されているため取り下げられません"
                    f"（{'、'.join(blocked)}）: 項目を残したまま直す改定を出してください",
                )
            ]
        )


def apply_plan(row: models.Plan, new: core.Plan) -> None:
    """Bring the stored plan to ``new``: fields changed in place, new items added."""
    orgs = {}
    for o in new.organisations:
        orgs[o.code], _ = models.Organisation.objects.get_or_create(
            code=o.code, defaults={"name": o.name, "kind": o.kind, "translations": o.translations}
        )
        if o.translations and orgs[o.code].translations != o.translations:
            orgs[o.code].translations = o.translations  # a shared row: only its translations
            orgs[o.code].save(update_fields=["translations"])
    models.Plan.objects.filter(pk=row.pk).update(
        title=new.title,
        edition=new.edition,
        period_start=new.period.start,
        period_end=new.period.end,
        vision_title=new.vision_title,
        vision_start=new.vision_period.start,
        vision_end=new.vision_period.end,
        previous_start=new.previous_period.start if new.previous_period else None,
        previous_end=new.previous_period.end if new.previous_period else None,
        philosophy=new.philosophy,
        translations=new.translations,
        structure=new.structure,
        thresholds=vars(new.thresholds),
    )
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
