"""Brand-product and shop applications: apply, edit, withdraw, and the secretariat's review.

Applicants are signed-in users without a staff role: they apply (with photos), change or
withdraw their own applications while they are 申請, and see only their own. The secretariat
moves them through the review states of ``models.Application`` (審査, 認定, 不認定, 停止, 終了).
Each verb is one transaction, a ``ReviewEvent`` in the application's history and one audit entry.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .. import machines
from ..accounts.permissions import NotAllowed, allowed, require, restrict
from ..audit.services import actor_name, log
from ..core.messages import tr
from ..ingest.limits import size_text
from ..locks import lock_row
from ..uploads import limits as upload_limits
from . import mail, rules
from .history import fields_of as _fields
from .models import Photo, Product, ReviewEvent, Shop

PHOTO_TYPES = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def is_reviewer(user: Any) -> bool:
    """May ``user`` review applications and keep the registries (the secretariat)?"""
    return allowed(user, "registries.view_applications")


def visible(user: Any, queryset: QuerySet) -> QuerySet:
    """The applications ``user`` may see: all for the secretariat, else only their own."""
    return restrict(user, queryset, "registries.view_application")


def _today() -> datetime.date:
    return timezone.localdate()


def _applicant(user: Any) -> None:
    require(user, "registries.apply", what=tr("申請にはログインが必要です"))


def photo_type(data: bytes) -> str:
    """The photo's content type from its first bytes, or RuleError (JPEG and PNG only)."""
    limit = upload_limits().max_photo_bytes
    if len(data) > limit:
        raise rules.RuleError(tr("写真は1枚{limit}までです", limit=size_text(limit)))
    for magic, kind in PHOTO_TYPES.items():
        if data.startswith(magic):
            return kind
    raise rules.RuleError(tr("写真は JPEG か PNG で送ってください"))


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
        raise rules.RuleError(tr("取り扱う商品は認定中の特産品から選んでください"))
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
    require(actor, "registries.decide_application", what=tr("審査できるのは事務局だけです"))
    model = type(application)
    declared = machines.declared(model).get(action)
    if declared is None or declared.custom.get("by") == "applicant":
        raise rules.RuleError(tr("この操作は審査ではできません"))
    row = lock_row(application, tr("申請 {number}", number=application.pk))
    try:
        before = machines.fire(row, action, actor, reason)
    except machines.Refused as err:
        if err.why == "permission":
            raise NotAllowed(tr("審査できるのは事務局だけです")) from None
        raise rules.RuleError(
            tr(
                "{state}の申請には「{action}」はできません",
                state=row.get_state_display(),
                action=machines.label(model, action),
            )
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
    require(user, "registries.change_application", what=tr("申請の変更にはログインが必要です"))
    row = type(application).objects.select_for_update().get(pk=application.pk)
    require(user, "registries.change_application", row, tr("自分の申請だけを変更できます"))
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
            raise rules.FieldError("photo1", tr("写真は1件の申請に2枚までです"))
        for raw, content_type, alt in checked:
            Photo.objects.create(product=row, data=raw, content_type=content_type,
                                 alt=alt or row.name)  # fmt: skip
        if checked:
            changed.append("写真")
    if products is not None:
        carried = list(products)
        if any(p.state != rules.APPROVED for p in carried):
            raise rules.FieldError("products", tr("取り扱う商品は認定中の特産品から選んでください"))
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
