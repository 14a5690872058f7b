"""The secretariat's counted records and the output figures written from them.

PR goods handed to shops, guide-map copies and school-lunch figures are recorded here (each
audited); ``record_outputs`` writes the figures the registries compute (``figures``,
``outputs``) into the cycle's 活動指標, so nobody types a count the registries already know.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from ..accounts.permissions import require
from ..audit.services import actor_name, log
from ..cycle.models import OutputIndicator, OutputValue
from ..plan.services import require_plan_year
from . import figures, outputs, rules
from .models import GoodsHandout, GuideMapIssue, SchoolLunchFigure, Shop
from .rules import SECRETARIAT_ONLY


@transaction.atomic
def hand_out_goods(
    actor: Any, shop: Shop, item: str, quantity: int, handed_on: datetime.date, note: str = ""
) -> GoodsHandout:
    """Record PR goods (のぼり旗, パンフレット …) handed to a registered shop."""
    require(actor, "registries.hand_out_goods", what=SECRETARIAT_ONLY)
    if quantity < 1:
        raise rules.RuleError("数量は1以上にしてください")
    row = GoodsHandout.objects.create(
        shop=shop,
        item=item,
        quantity=quantity,
        handed_on=handed_on,
        note=note,
        recorded_by=actor_name(actor),
    )
    log(
        actor,
        "registries.goods",
        f"shop {shop.pk}",
        after={"item": item, "quantity": quantity, "handed_on": handed_on.isoformat()},
    )
    return row


@transaction.atomic
def record_guide_maps(
    actor: Any, year: int, edition: str, printed: int, distributed: int, note: str = ""
) -> GuideMapIssue:
    """Record the guide map copies printed and distributed in fiscal ``year``."""
    require(actor, "registries.record_guide_maps", what=SECRETARIAT_ONLY)
    if distributed > printed:
        raise rules.RuleError("配布部数が印刷部数を超えています")
    row = GuideMapIssue.objects.create(
        year=year,
        edition=edition,
        printed=printed,
        distributed=distributed,
        note=note,
        recorded_by=actor_name(actor),
    )
    log(
        actor,
        "registries.guide_maps",
        f"guide map {year}",
        after={"edition": edition, "printed": printed, "distributed": distributed},
    )
    return row


@transaction.atomic
def record_school_lunch(
    actor: Any,
    year: int,
    items: int,
    source: str,
    usage_kg: Decimal | None = None,
    share_percent: Decimal | None = None,
) -> SchoolLunchFigure:
    """Record local produce in school lunches for fiscal ``year`` (a later row revises)."""
    require(actor, "registries.record_school_lunch", what=SECRETARIAT_ONLY)
    if not source.strip():
        raise rules.RuleError("出典を入力してください")
    row = SchoolLunchFigure.objects.create(
        year=year,
        items=items,
        usage_kg=usage_kg,
        share_percent=share_percent,
        source=source,
        recorded_by=actor_name(actor),
    )
    log(
        actor,
        "registries.school_lunch",
        f"school lunch {year}",
        after={
            "items": items,
            "usage_kg": str(usage_kg) if usage_kg is not None else None,
            "share_percent": str(share_percent) if share_percent is not None else None,
        },
    )
    return row


@transaction.atomic
def record_outputs(plan: Any, year: int, actor: Any = None) -> list[Any]:
    """Write the computed figures into the cycle's 活動指標 (OutputIndicator / OutputValue).

    Each definition becomes (once) an output indicator of its project, matched by name;
    a value is appended only when it differs from the latest recorded actual, so running
    this again changes nothing. Returns the values written.
    """
    require(actor, "registries.record_outputs", what=SECRETARIAT_ONLY)
    require_plan_year(plan, year)
    projects = {p.number: p for p in plan.projects.all()}
    written = []
    for figure in figures.output_figures(year):
        d, project = figure.definition, projects.get(figure.definition.project)
        if figure.value is None or project is None:
            continue
        output, _created = OutputIndicator.objects.get_or_create(
            project=project,
            name=d.name,
            defaults={
                "unit": d.unit,
                "definition": f"{d.definition}（登録簿から自動集計）",
                "position": [x.key for x in outputs.DEFINITIONS].index(d.key),
            },
        )
        latest = output.values.filter(year=year, kind="actual").order_by("-recorded_at", "-id")
        last = latest.first()
        if last is not None and last.value == figure.value:
            continue
        user = actor if getattr(actor, "is_authenticated", False) else None
        written.append(
            OutputValue.objects.create(
                output=output,
                year=year,
                kind="actual",
                value=figure.value,
                note="登録簿から自動集計",
                recorded_by=actor_name(actor),
                user=user,
            )
        )
        log(
            actor,
            "registries.outputs",
            f"{year} {output.name}",  # in words, like the outputs typed on a sheet
            before={"value": str(last.value)} if last else None,
            after={"value": str(figure.value)},
        )
    return written
