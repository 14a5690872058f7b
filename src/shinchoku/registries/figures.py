"""Reading the registries for their output indicators (活動指標): facts in, figures out.

Sample records (``is_sample``) never count unless asked for by name: the sample data
set must not reach a 事業評価シート or a council report.
"""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db.models import Q

from . import outputs
from .models import GoodsHandout, GuideMapIssue, ReviewEvent, SchoolLunchFigure, Sign


def facts(include_sample: bool = False) -> outputs.Facts:
    """The registries as plain values for ``outputs.compute`` (a fixed number of queries)."""
    real = Q() if include_sample else Q(product__is_sample=False) | Q(shop__is_sample=False)
    products: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    shops: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for e in ReviewEvent.objects.filter(real).order_by("effective_on", "at", "id"):
        target = products if e.product_id else shops
        target[e.product_id or e.shop_id].append((e.effective_on, e.after))
    goods = (
        GoodsHandout.objects.all()
        if include_sample
        else GoodsHandout.objects.filter(shop__is_sample=False)
    )
    signs = Sign.objects.all() if include_sample else Sign.objects.filter(is_sample=False)
    lunch = SchoolLunchFigure.objects.order_by("recorded_at", "id")
    return outputs.Facts(
        product_events=dict(products),
        shop_events=dict(shops),
        goods=list(goods.values_list("handed_on", "quantity")),
        guide_maps=list(GuideMapIssue.objects.values_list("year", "distributed")),
        lunch=list(lunch.values_list("year", "items", "usage_kg")),
        signs=[
            (y, tuple(c for c in langs.split(",") if c))
            for y, langs in signs.values_list("installed_year", "languages")
        ],
    )


def output_figures(
    year: int, project: int | None = None, include_sample: bool = False
) -> list[outputs.Figure]:
    """The registry output indicators for fiscal ``year`` (of one priority project, if given)."""
    figures = outputs.compute(facts(include_sample), year)
    return outputs.for_project(figures, project) if project is not None else figures
