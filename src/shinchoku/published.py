"""What the public sees, reduced to a fingerprint: the key of public pages and report files.

A sign-up, a draft value, a draft commentary or an application in progress must not throw
away the public caches (the public PDF costs seconds to build). So the public caches are keyed
by this fingerprint of the *published* data only: the organisations (their names are shown
as 担当 and 所管, and the admin may rename them); each plan's published year and versions
(and their withdrawals); observations (and their withdrawals), commentary, council opinions
and responses, project sheets and output values of published years; and the registries'
certified, registered and listed records.

Append-only tables count by (rows, newest id); the small tables that change in place are
hashed whole. ``public_data_version`` (versions.py) computes it once per data version.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any

from django.db.models import Count, Max, QuerySet


def _appended(qs: QuerySet) -> tuple[int, int | None]:
    """An append-only set: its size and newest id tell every change."""
    found = qs.aggregate(n=Count("pk"), last=Max("pk"))
    return found["n"], found["last"]


def _whole(qs: QuerySet, *fields: str) -> list[tuple[Any, ...]]:
    """A small set that changes in place: every row, every field (or the ones named)."""
    return list(qs.order_by("pk").values_list(*fields))


def _plan_parts() -> Iterator[Any]:
    from .council.models import Meeting, Opinion, Response
    from .cycle.models import OutputIndicator, OutputValue, Request, SelfEvaluation
    from .observations.models import Observation, ObservationWithdrawal
    from .plan.models import (
        Commentary,
        Organisation,
        Owner,
        Plan,
        PlanVersion,
        PlanVersionWithdrawal,
    )

    yield _whole(Organisation.objects.all())
    yield _whole(Owner.objects.all())  # names on the cross-plan pages
    for plan in Plan.objects.order_by("pk"):
        public = plan.published_only  # the one publication rule (Plan.is_published)
        yield _whole(Plan.objects.filter(pk=plan.pk))
        yield _appended(PlanVersion.objects.filter(plan=plan))
        yield _appended(PlanVersionWithdrawal.objects.filter(version__plan=plan))
        yield _appended(public(Observation.objects.filter(indicator__plan=plan)))
        yield _appended(
            public(
                ObservationWithdrawal.objects.filter(observation__indicator__plan=plan),
                "observation__year",
            )
        )
        yield _whole(public(Commentary.objects.filter(indicator__plan=plan)))
        yield _whole(Meeting.objects.filter(plan=plan))
        opinions = public(Opinion.objects.filter(plan=plan))
        yield _whole(opinions)
        yield _appended(Response.objects.filter(opinion__in=opinions))
        yield _whole(public(Request.objects.filter(round__plan=plan), "round__year"), "id", "state")
        yield _appended(public(SelfEvaluation.objects.filter(project__plan=plan)))
        yield _whole(OutputIndicator.objects.filter(project__plan=plan))
        yield _appended(public(OutputValue.objects.filter(output__project__plan=plan)))


def _registry_parts() -> Iterator[Any]:
    from .registries import rules
    from .registries.models import Course, CoursePoint, Photo, Place, Product, Shop, Sign

    products = Product.objects.filter(state=rules.APPROVED)
    shops = Shop.objects.filter(state=rules.APPROVED)
    yield _whole(products)
    yield _whole(Photo.objects.filter(product__in=products), "id", "product_id", "alt")
    yield _whole(shops)
    yield _whole(Shop.products.through.objects.filter(shop__in=shops))
    yield _whole(Place.objects.filter(listed=True))
    yield _whole(Course.objects.filter(listed=True))
    yield _whole(CoursePoint.objects.filter(course__listed=True))
    yield _whole(Sign.objects.filter(listed=True))


def public_fingerprint() -> str:
    """A short hash that changes exactly when something the public can see changes."""
    digest = hashlib.sha256()
    for part in (*_plan_parts(), *_registry_parts()):
        digest.update(repr(part).encode())
    return digest.hexdigest()[:20]
