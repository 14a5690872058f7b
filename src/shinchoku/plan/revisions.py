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
from ..core.calendar import year_text as fy
from ..core.messages import local, quoted, tr
from ..core.revisions import Change, changes
from ..ingest.errors import InputError, Problem
from ..locks import lock_row
from . import models
from .services import apply_plan, require_plan_year, to_core


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


def _lock_plan(row: models.Plan) -> None:
    """Lock the plan row, named in the language of the run: two writers take turns."""
    lock_row(row, tr("計画{title}", title=quoted(local(row, "title"))))


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
    _lock_plan(row)  # two revisions take turns (version numbers)
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
    _lock_plan(row)
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
