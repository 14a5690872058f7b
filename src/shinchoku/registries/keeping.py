"""The places, courses and signs the secretariat keeps: add, change, publish or stop publishing.

Nothing is deleted: stopping publication (掲載) keeps the row, and every save appends a
version (``history.keep``) and is audited before and after; the command line acts as ``SYSTEM``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from ..accounts.permissions import require
from ..audit.services import log
from . import rules
from .history import SIGN_FIELDS
from .history import course_state as _course_state
from .history import fields_of as _fields
from .history import keep as _keep
from .models import Course, CoursePoint, Place, Sign
from .rules import SECRETARIAT_ONLY


@transaction.atomic
def save_place(
    actor: Any, data: Mapping[str, Any], place: Place | None = None, *, sample: bool = False
) -> Place:
    """Add a direct-sales place, or change one; the audit log keeps before and after."""
    require(actor, "registries.save_place", what=SECRETARIAT_ONLY)
    before = None
    if place is None:
        place = Place(is_sample=sample)
    else:
        place = Place.objects.select_for_update().get(pk=place.pk)
        before = _fields(place, data)
    for key, value in data.items():
        setattr(place, key, value)
    place.full_clean()
    if "lat" in data or "lng" in data:
        rules.check_point(place.lat, place.lng)
    place.save()
    _keep(actor, place)
    log(actor, "registries.place.save", f"place {place.pk}", before=before,
        after=_fields(place, data))  # fmt: skip
    return place


@transaction.atomic
def set_listed(actor: Any, row: Place | Course | Sign, listed: bool) -> Place | Course | Sign:
    """Publish a place, course or sign again, or stop publishing it (never deleted)."""
    require(actor, "registries.set_listed", what=SECRETARIAT_ONLY)
    row = type(row).objects.select_for_update().get(pk=row.pk)
    before, row.listed = row.listed, listed
    row.save(update_fields=["listed"])
    _keep(actor, row)
    kind = type(row).__name__.lower()
    target = f"course {row.slug}" if isinstance(row, Course) else f"{kind} {row.pk}"
    log(actor, f"registries.{kind}.listed", target, before={"listed": before},
        after={"listed": listed})  # fmt: skip
    return row


@transaction.atomic
def save_course(
    actor: Any,
    slug: str,
    texts: Mapping[str, str],
    route: str | dict[str, Any],
    points: Iterable[Mapping[str, Any]] = (),
    *,
    sample: bool = False,
) -> Course:
    """Add or replace a course: names and descriptions per language, route, points of interest.

    Errors name their field (``rules.FieldError``); a point keeps the languages the
    input does not carry (zh, ko) from the point of the same Japanese name.
    """
    require(actor, "registries.save_course", what=SECRETARIAT_ONLY)
    if not texts.get("name_ja", "").strip():
        raise rules.FieldError("name_ja", "コース名（日本語）を入力してください")
    try:
        parsed = rules.parse_route(route)
        for i, line in enumerate(parsed.lines, 1):
            for j, (lat, lng) in enumerate(line, 1):
                try:
                    rules.check_point(lat, lng, "route")
                except rules.RuleError as err:
                    raise rules.RuleError(f"線{i} 点{j}（{lat:.5f}, {lng:.5f}）: {err}") from None
    except rules.RuleError as err:
        raise rules.FieldError("route", str(err)) from None
    course = Course.objects.select_for_update().filter(slug=slug).first()
    before = None if course is None else _course_state(course)
    if course is None:
        course = Course(slug=slug, is_sample=sample)
    for key, value in texts.items():
        setattr(course, key, value)
    course.route = parsed.geojson()
    course.length_km = Decimal(f"{parsed.length_km():.2f}")
    course.full_clean()
    course.save()
    old = {p.name_ja: p for p in course.points.all()}
    course.points.all().delete()  # points of interest are part of the course's description
    rows = []
    for i, point in enumerate(points):
        kept = old.get(point.get("name_ja", ""))
        extra = {} if kept is None else {
            k: getattr(kept, k) for k in ("name_zh", "name_ko", "description_zh", "description_ko")
        }  # fmt: skip
        rows.append(CoursePoint(course=course, position=i, **{**extra, **point}))
    CoursePoint.objects.bulk_create(rows)
    _keep(actor, course)
    log(actor, "registries.course.save", f"course {slug}", before=before,
        after=_course_state(course))  # fmt: skip
    return course


@transaction.atomic
def save_sign(
    actor: Any, data: Mapping[str, Any], sign: Sign | None = None, *, sample: bool = False
) -> Sign:
    """Record a sign or guide board along a course, or change one (audited before/after)."""
    require(actor, "registries.save_sign", what=SECRETARIAT_ONLY)
    data = dict(data)
    if "languages" in data:
        try:
            data["languages"] = ",".join(rules.parse_languages(data["languages"]))
        except rules.RuleError as err:
            raise rules.FieldError("languages", str(err)) from None
    if "installed_year" in data:
        data["installed_year"] = rules.check_year(data["installed_year"], timezone.localdate())
    before = None
    if sign is None:
        sign = Sign(is_sample=sample)
    else:
        sign = Sign.objects.select_for_update().get(pk=sign.pk)
        before = _fields(sign, SIGN_FIELDS)
    for key, value in data.items():
        setattr(sign, key, value)
    sign.full_clean()
    rules.check_point(sign.lat, sign.lng)
    sign.save()
    _keep(actor, sign)
    log(actor, "registries.sign.save", f"sign {sign.pk}", before=before,
        after=_fields(sign, SIGN_FIELDS))  # fmt: skip
    return sign


def add_sign(
    actor: Any,
    course: Course,
    kind: str,
    labels: Mapping[str, str],
    lat: float,
    lng: float,
    installed_year: int,
    languages: str,
    *,
    sample: bool = False,
) -> Sign:
    """Record a sign or guide board installed along ``course`` (see ``save_sign``)."""
    data = {"course": course, "kind": kind, "lat": lat, "lng": lng, **labels,
            "installed_year": installed_year, "languages": languages}  # fmt: skip
    return save_sign(actor, data, sample=sample)
