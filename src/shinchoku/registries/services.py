"""The registries' verbs: the only writers, one transaction and one audit entry each.

Applicants are signed-in users without a staff role: they apply and see only their own
applications. The secretariat (``allowed(user, "review")``) reviews, certifies, keeps
the places, courses and signs. ``actor=None`` is the command line (the operator).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .. import machines
from ..accounts.permissions import NotAllowed, allowed, require
from ..audit.services import actor_name, log
from ..ingest.limits import size_text
from ..plan.services import require_plan_year
from ..uploads import limits as upload_limits
from . import figures, mail, outputs, rules
from .history import SIGN_FIELDS
from .history import course_state as _course_state
from .history import fields_of as _fields
from .history import keep as _keep
from .models import (
    Course,
    CoursePoint,
    GoodsHandout,
    GuideMapIssue,
    Photo,
    Place,
    Product,
    ReviewEvent,
    SchoolLunchFigure,
    Shop,
    Sign,
)

SECRETARIAT_ONLY = "登録簿を変更できるのは事務局だけです"
PHOTO_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def is_reviewer(user: Any) -> bool:
    """May ``user`` review applications and keep the registries (the secretariat)?"""
    return allowed(user, "review")


def visible(user: Any, queryset: QuerySet) -> QuerySet:
    """The applications ``user`` may see: all for the secretariat, else only their own."""
    if is_reviewer(user):
        return queryset
    if user is None or not getattr(user, "is_authenticated", False):
        return queryset.none()
    return queryset.filter(applicant=user)


def _today() -> datetime.date:
    return timezone.localdate()


def _applicant(user: Any) -> None:
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotAllowed("申請にはログインが必要です")


def photo_type(data: bytes) -> str:
    """The photo's content type from its first bytes, or RuleError (JPEG and PNG only)."""
    limit = upload_limits().max_photo_bytes
    if len(data) > limit:
        raise rules.RuleError(f"写真は1枚{size_text(limit)}までです")
    for magic, kind in PHOTO_TYPES.items():
        if data.startswith(magic):
            return kind
    raise rules.RuleError("写真は JPEG か PNG で送ってください")


@transaction.atomic
def register_applicant(username: str, password: str, email: str = "") -> Any:
    """A plain user (no staff role) who may apply for certification or registration."""
    user = get_user_model().objects.create_user(username=username, password=password, email=email)
    log(user, "registries.signup", f"user {username}", after={"email": email})
    return user


def _product_data(p: Product) -> dict[str, Any]:
    return {
        "name": p.name,
        "maker": p.maker,
        "category": p.category,
        "state": p.state,
        "number": p.number,
    }


@transaction.atomic
def apply_product(
    user: Any,
    data: Mapping[str, Any],
    photos: Iterable[tuple[bytes, str]] = (),
    *,
    sample: bool = False,
    on: datetime.date | None = None,
    language: str = "ja",
) -> Product:
    """A business applies for a product's certification (申請), with photos (bytes, alt)."""
    _applicant(user)
    checked = [(data_, photo_type(data_), alt) for data_, alt in photos]
    product = Product.objects.create(applicant=user, is_sample=sample, language=language, **data)
    for raw, kind, alt in checked:
        Photo.objects.create(product=product, data=raw, content_type=kind, alt=alt or product.name)
    ReviewEvent.objects.create(
        product=product,
        action="apply",
        after=rules.APPLIED,
        effective_on=on or _today(),
        actor=actor_name(user),
    )
    log(user, "registries.product.apply", f"product {product.pk}", after=_product_data(product))
    return product


@transaction.atomic
def apply_shop(
    user: Any,
    data: Mapping[str, Any],
    products: Iterable[Product] = (),
    *,
    sample: bool = False,
    on: datetime.date | None = None,
    language: str = "ja",
) -> Shop:
    """A shop applies to be registered as a 販売協力店, naming the certified products it sells."""
    _applicant(user)
    carried = list(products)
    if any(p.state != rules.APPROVED for p in carried):
        raise rules.RuleError("取り扱う商品は認定中の特産品から選んでください")
    shop = Shop.objects.create(applicant=user, is_sample=sample, language=language, **data)
    shop.products.set(carried)
    ReviewEvent.objects.create(
        shop=shop,
        action="apply",
        after=rules.APPLIED,
        effective_on=on or _today(),
        actor=actor_name(user),
    )
    log(
        user,
        "registries.shop.apply",
        f"shop {shop.pk}",
        after={"name": shop.name, "products": [p.pk for p in carried]},
    )
    return shop


def _next_number(model: type[Product] | type[Shop], prefix: str, year: int) -> str:
    stem = f"{prefix}{year}-"
    used = model.objects.filter(number__startswith=stem).values_list("number", flat=True)
    last = max(
        (int(n.removeprefix(stem)) for n in used if n.removeprefix(stem).isdigit()), default=0
    )
    return f"{stem}{last + 1:03d}"


@transaction.atomic
def review(
    actor: Any,
    application: Product | Shop,
    action: str,
    reason: str = "",
    on: datetime.date | None = None,
    base_url: str = "",
) -> Product | Shop:
    """Move an application by one review transition of its state machine
    (``models.Application``), recorded as a ``ReviewEvent`` and audited; a decision
    (認定 / 不認定) is e-mailed to the applicant with a link under ``base_url``."""
    model = type(application)
    declared = machines.declared(model).get(action)
    if declared is None or declared.custom.get("by") == "applicant":
        raise rules.RuleError("この操作は審査ではできません")
    row = model.objects.select_for_update().get(pk=application.pk)
    try:
        before = machines.fire(row, action, actor, reason)
    except machines.Refused as err:
        if err.why == "permission":
            raise NotAllowed("審査できるのは事務局だけです") from None
        raise rules.RuleError(
            f"{row.get_state_display()}の申請には「{machines.label(model, action)}」はできません"
        ) from None
    day = on or _today()
    if action == "approve" and not row.number:
        is_product = isinstance(row, Product)
        row.number = _next_number(model, "B" if is_product else "S", rules.fiscal_year(day))
        setattr(row, "certified_on" if is_product else "registered_on", day)
    row.save()
    kind = "product" if isinstance(row, Product) else "shop"
    event = ReviewEvent.objects.create(
        **{kind: row},
        action=action,
        before=before,
        after=row.state,
        reason=reason.strip(),
        effective_on=day,
        actor=actor_name(actor),
    )
    after = {"state": row.state, "number": row.number, "reason": reason.strip()}
    if action in rules.DECISIONS:
        after["mailed_to"] = mail.send_decision(row, event, base_url)
    log(actor, f"registries.{kind}.{action}", f"{kind} {row.pk}", before={"state": before},
        after=after)  # fmt: skip
    return row


def _own_open(user: Any, application: Product | Shop) -> Product | Shop:
    """The applicant's own application, locked for change, while it is still 申請."""
    _applicant(user)
    row = type(application).objects.select_for_update().get(pk=application.pk)
    if row.applicant_id != user.pk:
        raise NotAllowed("自分の申請だけを変更できます")
    if not rules.editable(row.state):
        raise rules.RuleError(rules.LOCKED)
    return row


@transaction.atomic
def edit_application(
    user: Any,
    application: Product | Shop,
    data: Mapping[str, Any],
    photos: Iterable[tuple[bytes, str]] = (),
    products: Iterable[Product] | None = None,
) -> Product | Shop:
    """The applicant changes an application before its review starts (申請 only); the change
    is a step of its history (``edit``, naming the fields) and audited before and after."""
    row = _own_open(user, application)
    kind = "product" if isinstance(row, Product) else "shop"
    before = _fields(row, data)
    for key, value in data.items():
        setattr(row, key, value)
    changed = [str(row._meta.get_field(k).verbose_name) for k in data if before[k] != data[k]]
    checked = [(raw, photo_type(raw), alt) for raw, alt in photos]
    if kind == "product":
        if row.photos.count() + len(checked) > 2:
            raise rules.FieldError("photo1", "写真は1件の申請に2枚までです")
        for raw, content_type, alt in checked:
            Photo.objects.create(product=row, data=raw, content_type=content_type,
                                 alt=alt or row.name)  # fmt: skip
        if checked:
            changed.append("写真")
    if products is not None:
        carried = list(products)
        if any(p.state != rules.APPROVED for p in carried):
            raise rules.FieldError("products", "取り扱う商品は認定中の特産品から選んでください")
        if {p.pk for p in carried} != set(row.products.values_list("pk", flat=True)):
            changed.append("取り扱う特産品")
        row.products.set(carried)
    row.save()
    ReviewEvent.objects.create(**{kind: row}, action="edit", before=row.state, after=row.state,
                               reason="変更: " + "、".join(changed or ["なし"]),
                               effective_on=_today(), actor=actor_name(user))  # fmt: skip
    log(user, f"registries.{kind}.edit", f"{kind} {row.pk}", before=before,
        after=_fields(row, data))  # fmt: skip
    return row


@transaction.atomic
def withdraw_application(
    user: Any, application: Product | Shop, reason: str = ""
) -> Product | Shop:
    """The applicant withdraws an application before its review starts: its state becomes
    取下げ and the step is kept in its history (nothing is deleted)."""
    row = _own_open(user, application)
    kind = "product" if isinstance(row, Product) else "shop"
    try:
        before = machines.fire(row, "withdraw", user)
    except machines.Refused:
        raise rules.RuleError(rules.LOCKED) from None
    row.save(update_fields=["state"])
    ReviewEvent.objects.create(**{kind: row}, action="withdraw", before=before, after=row.state,
                               reason=reason.strip(), effective_on=_today(),
                               actor=actor_name(user))  # fmt: skip
    log(user, f"registries.{kind}.withdraw", f"{kind} {row.pk}", before={"state": before},
        after={"state": row.state, "reason": reason.strip()})  # fmt: skip
    return row


@transaction.atomic
def hand_out_goods(
    actor: Any, shop: Shop, item: str, quantity: int, handed_on: datetime.date, note: str = ""
) -> GoodsHandout:
    """Record PR goods (のぼり旗, パンフレット …) handed to a registered shop."""
    require(actor, "review", what=SECRETARIAT_ONLY)
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
def save_place(
    actor: Any, data: Mapping[str, Any], place: Place | None = None, *, sample: bool = False
) -> Place:
    """Add a direct-sales place, or change one; the audit log keeps before and after."""
    require(actor, "review", what=SECRETARIAT_ONLY)
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
    require(actor, "review", what=SECRETARIAT_ONLY)
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
def record_guide_maps(
    actor: Any, year: int, edition: str, printed: int, distributed: int, note: str = ""
) -> GuideMapIssue:
    """Record the guide map copies printed and distributed in fiscal ``year``."""
    require(actor, "review", what=SECRETARIAT_ONLY)
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
    require(actor, "review", what=SECRETARIAT_ONLY)
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
    require(actor, "review", what=SECRETARIAT_ONLY)
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
    require(actor, "review", what=SECRETARIAT_ONLY)
    data = dict(data)
    if "languages" in data:
        try:
            data["languages"] = ",".join(rules.parse_languages(data["languages"]))
        except rules.RuleError as err:
            raise rules.FieldError("languages", str(err)) from None
    if "installed_year" in data:
        data["installed_year"] = rules.check_year(data["installed_year"], _today())
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


@transaction.atomic
def record_outputs(plan: Any, year: int, actor: Any = None) -> list[Any]:
    """Write the computed figures into the cycle's 活動指標 (OutputIndicator / OutputValue).

    Each definition becomes (once) an output indicator of its project, matched by name;
    a value is appended only when it differs from the latest recorded actual, so running
    this again changes nothing. Returns the values written.
    """
    from ..cycle.models import OutputIndicator, OutputValue

    require(actor, "review", what=SECRETARIAT_ONLY)
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
            f"output {output.pk} {year}",
            before={"value": str(last.value)} if last else None,
            after={"value": str(figure.value)},
        )
    return written
