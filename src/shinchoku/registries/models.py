"""The registries projects 8, 10, 11 and 12 keep: brand products, shops, places, courses.

Applications (products, shops) carry their current state, changed only by the transitions
of their state machine (``Application``); every change of state is an append-only
``ReviewEvent`` row, written only by ``services.review``. Records marked
``is_sample`` are the clearly labelled sample data set, never real facts.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from ..accounts.permissions import NotAllowed, require
from ..appendonly import AppendOnlyModel
from . import rules

STATES = [
    (rules.APPLIED, _("申請")),
    (rules.REVIEWING, _("審査中")),
    (rules.APPROVED, _("認定")),
    (rules.REJECTED, _("不認定")),
    (rules.SUSPENDED, _("停止中")),
    (rules.ENDED, _("終了")),
    (rules.WITHDRAWN, _("取下げ")),
]
CATEGORIES = [
    ("produce", _("農産物")),
    ("processed", _("加工食品")),
    ("sweets", _("菓子")),
    ("drinks", _("飲料")),
    ("crafts", _("工芸品・雑貨")),
    ("other", _("その他")),
]
GOODS = [("flag", _("のぼり旗")), ("pamphlet", _("パンフレット")), ("poster", _("ポスター")),
         ("other", _("その他"))]  # fmt: skip
SEASONS = ("spring", "summer", "autumn", "winter")
SIGN_KINDS = [
    ("waymark", _("道標")),
    ("guide_board", _("観光案内板")),
    ("direction", _("誘導サイン")),
    ("interpretive", _("解説板")),
]
USER = settings.AUTH_USER_MODEL


def _multilingual(field: str, label: str, *, text: bool = False) -> dict[str, models.Field]:
    """``field_ja`` (required), ``field_en`` and optional ``field_zh``, ``field_ko``."""
    make = models.TextField if text else models.CharField
    extra = {} if text else {"max_length": 200}
    return {
        f"{field}_ja": make(f"{label}（日本語）", blank=text, **extra),
        f"{field}_en": make(f"{label}（English）", blank=True, **extra),
        f"{field}_zh": make(f"{label}（中文）", blank=True, **extra),
        f"{field}_ko": make(f"{label}（한국어）", blank=True, **extra),
    }


def _reviewer(application: Any, user: Any) -> bool:
    """Only the secretariat reviews (the one permission rule, ``require``)."""
    try:
        require(user, "review")
    except NotAllowed:
        return False
    return True


def _applicant(application: Any, user: Any) -> bool:
    """Only the applicant acts on their own application this way."""
    return user is not None and getattr(user, "pk", None) == application.applicant_id


def _reason(reason: str) -> None:
    if not reason.strip():
        raise rules.RuleError("理由を入力してください")


class Application(FSMModelMixin, models.Model):
    """An application's state machine (django-fsm-2), the same for products and shops.

    ``state`` is protected: only these transitions change it, and ``services.review`` is
    their one caller (it writes the ``ReviewEvent`` row and the audit entry).

    ==========  ======================  ==========  ============  ===============
    action      from                    to          who           reason needed
    ==========  ======================  ==========  ============  ===============
    apply       —                       申請         applicant     no (creation)
    review      申請                     審査中       secretariat   no
    approve     審査中                   認定/登録     secretariat   no
    reject      審査中                   不認定/不登録  secretariat   yes
    suspend     認定/登録                 停止         secretariat   yes
    reinstate   停止                     認定/登録     secretariat   no
    end         認定/登録, 停止            終了         secretariat   yes
    withdraw    申請                     取下げ       applicant     no
    ==========  ======================  ==========  ============  ===============
    """

    state = FSMField(
        _("状態"), max_length=16, choices=STATES, default=rules.APPLIED, protected=True
    )

    class Meta:
        abstract = True

    @transition("state", rules.APPLIED, rules.REVIEWING, permission=_reviewer,
                custom={"label": _("審査を始める")})  # fmt: skip
    def review(self, reason: str = "") -> None:
        """The secretariat starts reviewing."""

    @transition("state", rules.REVIEWING, rules.APPROVED, permission=_reviewer,
                custom={"label": _("認定・登録する")})  # fmt: skip
    def approve(self, reason: str = "") -> None:
        """Certified (a product) or registered (a shop)."""

    @transition("state", rules.REVIEWING, rules.REJECTED, permission=_reviewer,
                custom={"label": _("認定・登録しない"), "reason": True})  # fmt: skip
    def reject(self, reason: str = "") -> None:
        """Not certified or registered, saying why."""
        _reason(reason)

    @transition("state", rules.APPROVED, rules.SUSPENDED, permission=_reviewer,
                custom={"label": _("停止する"), "reason": True})  # fmt: skip
    def suspend(self, reason: str = "") -> None:
        """Off the public catalogue for a while, saying why."""
        _reason(reason)

    @transition("state", rules.SUSPENDED, rules.APPROVED, permission=_reviewer,
                custom={"label": _("再開する")})  # fmt: skip
    def reinstate(self, reason: str = "") -> None:
        """Back in the catalogue after a suspension."""

    @transition("state", [rules.APPROVED, rules.SUSPENDED], rules.ENDED, permission=_reviewer,
                custom={"label": _("終了する"), "reason": True})  # fmt: skip
    def end(self, reason: str = "") -> None:
        """Certification or registration ended for good, saying why."""
        _reason(reason)

    @transition("state", rules.APPLIED, rules.WITHDRAWN, permission=_applicant,
                custom={"label": _("取り下げる"), "by": "applicant"})  # fmt: skip
    def withdraw(self, reason: str = "") -> None:
        """The applicant takes the application back before its review starts."""


class Product(Application):
    """An application for, and then the certification of, a 所沢ブランド特産品."""

    applicant = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="brand_products")
    name = models.CharField(_("商品名"), max_length=200)
    name_en = models.CharField(_("商品名（英語）"), max_length=200, blank=True)
    maker = models.CharField(_("製造・販売事業者"), max_length=200)
    category = models.CharField(_("分類"), max_length=16, choices=CATEGORIES)
    story = models.TextField(_("所沢らしさ（地域資源・文化・伝統との関わり）"))
    description_en = models.TextField(_("説明（英語）"), blank=True)
    contact = models.CharField(_("連絡先"), max_length=200, blank=True)
    number = models.CharField(_("認定番号"), max_length=32, blank=True)
    certified_on = models.DateField(_("認定日"), null=True, blank=True)
    applied_at = models.DateTimeField(auto_now_add=True)
    # the page language the applicant applied in: decisions are e-mailed in Japanese, with
    # English too when this is "en"
    language = models.CharField(max_length=8, default="ja")
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["-applied_at", "-id"]
        verbose_name = _("所沢ブランド特産品")
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~models.Q(number=""), name="product_unique_number",
                violation_error_message=_("この認定番号はすでに使われています"),
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name


class Photo(AppendOnlyModel):
    """A photo sent with a product application (JPEG or PNG, kept in the database)."""

    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="photos")
    content_type = models.CharField(max_length=32)
    data = models.BinaryField()
    alt = models.CharField(_("写真の説明"), max_length=200)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["product", "id"]


class Shop(Application):
    """A shop applying for, and then registered as, a 販売協力店."""

    applicant = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="brand_shops")
    name = models.CharField(_("店舗名"), max_length=200)
    address = models.CharField(_("所在地"), max_length=300)
    hours = models.CharField(_("営業時間・定休日"), max_length=300)
    phone = models.CharField(_("電話番号"), max_length=32, blank=True)
    lat = models.FloatField(_("緯度"), null=True, blank=True)
    lng = models.FloatField(_("経度"), null=True, blank=True)
    products = models.ManyToManyField(
        Product, related_name="shops", blank=True, verbose_name=_("取り扱う特産品")
    )
    number = models.CharField(_("登録番号"), max_length=32, blank=True)
    registered_on = models.DateField(_("登録日"), null=True, blank=True)
    applied_at = models.DateTimeField(auto_now_add=True)
    # the page language the applicant applied in: decisions are e-mailed in Japanese, with
    # English too when this is "en"
    language = models.CharField(max_length=8, default="ja")
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["-applied_at", "-id"]
        verbose_name = _("販売協力店")
        constraints = [
            models.UniqueConstraint(
                fields=["number"], condition=~models.Q(number=""), name="shop_unique_number",
                violation_error_message=_("この登録番号はすでに使われています"),
            )
        ]  # fmt: skip

    def __str__(self) -> str:
        return self.name


class ReviewEvent(AppendOnlyModel):
    """A change of an application's state: who, when, from, to and why."""

    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    shop = models.ForeignKey(
        Shop, on_delete=models.PROTECT, null=True, blank=True, related_name="events"
    )
    action = models.CharField(max_length=16)
    before = models.CharField(max_length=16, blank=True)
    after = models.CharField(max_length=16)
    reason = models.TextField(blank=True)
    effective_on = models.DateField()
    actor = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_on", "at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(product__isnull=True) ^ models.Q(shop__isnull=True),
                name="review_event_is_for_one_application",
            )
        ]


class GoodsHandout(AppendOnlyModel):
    """PR goods (のぼり旗, パンフレット …) handed to a shop."""

    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="goods")
    item = models.CharField(_("品目"), max_length=16, choices=GOODS)
    quantity = models.PositiveIntegerField(_("数量"))
    handed_on = models.DateField(_("提供日"))
    note = models.CharField(_("備考"), max_length=300, blank=True)
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["shop", "-handed_on", "-id"]


class Place(models.Model):
    """A farm direct-sales place (直売所) of the guide map."""

    name = models.CharField(_("名称"), max_length=200)
    name_en = models.CharField(_("名称（英語）"), max_length=200, blank=True)
    address = models.CharField(_("所在地"), max_length=300)
    lat = models.FloatField(_("緯度"))
    lng = models.FloatField(_("経度"))
    opening = models.CharField(_("営業日・時間"), max_length=300)
    contact = models.CharField(_("連絡先"), max_length=200, blank=True)
    produce_spring = models.CharField(_("春（3〜5月）"), max_length=300, blank=True)
    produce_summer = models.CharField(_("夏（6〜8月）"), max_length=300, blank=True)
    produce_autumn = models.CharField(_("秋（9〜11月）"), max_length=300, blank=True)
    produce_winter = models.CharField(_("冬（12〜2月）"), max_length=300, blank=True)
    listed = models.BooleanField(_("掲載中"), default=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("農産物直売所")

    def __str__(self) -> str:
        return self.name


class GuideMapIssue(AppendOnlyModel):
    """Copies of the 直売所ガイドマップ printed and distributed in a fiscal year."""

    year = models.PositiveSmallIntegerField(_("年度"))
    edition = models.CharField(_("版"), max_length=100)
    printed = models.PositiveIntegerField(_("印刷部数"))
    distributed = models.PositiveIntegerField(_("配布部数"))
    note = models.CharField(_("備考"), max_length=300, blank=True)
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "recorded_at", "id"]


class SchoolLunchFigure(AppendOnlyModel):
    """Local produce in school lunches for a fiscal year; a later row is a revision."""

    year = models.PositiveSmallIntegerField(_("年度"))
    items = models.PositiveIntegerField(_("市内産農産物の品目数"))
    usage_kg = models.DecimalField(_("使用量（kg）"), max_digits=12, decimal_places=1, null=True,
                                   blank=True)  # fmt: skip
    share_percent = models.DecimalField(_("使用割合（%）"), max_digits=5, decimal_places=1,
                                        null=True, blank=True)  # fmt: skip
    source = models.CharField(_("出典"), max_length=300)
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "recorded_at", "id"]


class Course(models.Model):
    """A 「まち」×「みどり」 walking course with its route (GeoJSON, [lng, lat])."""

    slug = models.SlugField(unique=True)
    locals().update(_multilingual("name", "コース名"))
    locals().update(_multilingual("description", "紹介文", text=True))
    route = models.JSONField(_("ルート（GeoJSON）"))
    length_km = models.DecimalField(_("距離（km）"), max_digits=6, decimal_places=2)
    listed = models.BooleanField(_("掲載中"), default=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("おさんぽコース")

    def __str__(self) -> str:
        return self.name_ja


class CoursePoint(models.Model):
    """A point of interest along a course."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="points")
    position = models.PositiveSmallIntegerField(default=0)
    locals().update(_multilingual("name", "名称"))
    locals().update(_multilingual("description", "説明", text=True))
    lat = models.FloatField(_("緯度"))
    lng = models.FloatField(_("経度"))

    class Meta:
        ordering = ["course", "position", "id"]


class Sign(models.Model):
    """A sign or guide board along a course, with the languages it is written in."""

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="signs")
    kind = models.CharField(_("種類"), max_length=16, choices=SIGN_KINDS)
    locals().update(_multilingual("label", "表示名"))
    lat = models.FloatField(_("緯度"))
    lng = models.FloatField(_("経度"))
    installed_year = models.PositiveSmallIntegerField(_("設置年度"))
    languages = models.CharField(_("表示言語"), max_length=32, default="ja")
    listed = models.BooleanField(_("掲載中"), default=True)
    is_sample = models.BooleanField(default=False)

    class Meta:
        ordering = ["course", "installed_year", "id"]
        verbose_name = _("道標・案内板")

    @property
    def language_codes(self) -> tuple[str, ...]:
        return tuple(c for c in self.languages.split(",") if c)


class KeptVersion(AppendOnlyModel):
    """A direct-sales place, course or sign as one save (or change of 掲載) left it.

    Written by ``services`` with every save; the row's page shows its history from these
    (each version against the one before), not from the audit log.
    """

    place = models.ForeignKey(
        Place, on_delete=models.PROTECT, null=True, blank=True, related_name="versions"
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, null=True, blank=True, related_name="versions"
    )
    sign = models.ForeignKey(
        Sign, on_delete=models.PROTECT, null=True, blank=True, related_name="versions"
    )
    fields = models.JSONField()  # the kept fields as saved (related rows by their key)
    actor = models.CharField(max_length=150)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(place__isnull=False, course__isnull=True, sign__isnull=True)
                | models.Q(place__isnull=True, course__isnull=False, sign__isnull=True)
                | models.Q(place__isnull=True, course__isnull=True, sign__isnull=False),
                name="kept_version_is_of_one_record",
            )
        ]
