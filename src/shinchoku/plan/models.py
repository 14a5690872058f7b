"""The plan as stored: organisations, policies, measures, projects, indicators, targets."""

from __future__ import annotations

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from ..appendonly import AppendOnlyModel
from ..core.localgov import CodeError, full_code, kind_of

DIGITS = {"max_digits": 24, "decimal_places": 6}


class Organisation(models.Model):
    """A division of the city or a partner organisation that owns plan items."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=[("department", _("庁内部署")), ("partner", _("連携機関"))],
    )
    # The item's text in other languages, {lang: {field: text}} (core/i18n.py; plan file
    # ``title_en: …``); the Japanese stays in the fields above.
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("組織")

    def __str__(self) -> str:
        return self.name


def validate_owner_code(value: str) -> None:
    """A six-digit 地方公共団体コード whose check digit is right (core/localgov.py)."""
    from django.core.exceptions import ValidationError

    try:
        if full_code(value) != value:
            raise CodeError(f"地方公共団体コードは6桁で書いてください（{full_code(value)}）")
    except CodeError as err:
        raise ValidationError(str(err)) from None


class Owner(models.Model):
    """Who a plan belongs to: a municipality or prefecture (with its 地方公共団体コード, six
    digits with the check digit, core/localgov.py) or an organisation without a code.

    One owner holds several plans (a city's 総合計画, 総合戦略 and sector plans); the
    cross-plan pages group and filter plans by it."""

    name = models.CharField(_("name"), max_length=100)
    code = models.CharField(
        _("local government code"), max_length=6, blank=True, validators=[validate_owner_code]
    )
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["code", "name"]
        verbose_name = _("計画の所有者")
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~Q(code=""), name="owner_unique_code"
            ),
            models.UniqueConstraint(
                fields=["name"], condition=Q(code=""), name="owner_unique_name_without_code"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def kind(self) -> str:
        """``municipality``, ``prefecture`` or ``organisation`` (from the code)."""
        return kind_of(self.code)


class Plan(models.Model):
    """A municipal plan (action plan) with its period, vision and promotion structure."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    municipality = models.CharField(_("municipality"), max_length=100)
    municipality_code = models.CharField(_("municipality code"), max_length=10, blank=True)
    title = models.CharField(_("title"), max_length=300)
    edition = models.CharField(_("edition"), max_length=200, blank=True)
    period_start = models.PositiveSmallIntegerField(_("first year"))
    period_end = models.PositiveSmallIntegerField(_("last year"))
    vision_title = models.CharField(_("vision title"), max_length=300)
    vision_start = models.PositiveSmallIntegerField(_("vision first year"))
    vision_end = models.PositiveSmallIntegerField(_("vision last year"))
    previous_start = models.PositiveSmallIntegerField(null=True, blank=True)
    previous_end = models.PositiveSmallIntegerField(null=True, blank=True)
    philosophy = models.TextField(_("philosophy"))
    # The item's text in other languages, {lang: {field: text}} (core/i18n.py; plan file
    # ``title_en: …``); the Japanese stays in the fields above.
    translations = models.JSONField(_("translations"), default=dict, blank=True)
    structure = models.JSONField(_("promotion structure"), default=dict, blank=True)
    thresholds = models.JSONField(_("evaluation thresholds"), default=dict, blank=True)
    source_text = models.TextField(_("plan file as loaded"), blank=True)
    published_year = models.PositiveSmallIntegerField(
        _("published through year"),
        null=True,
        blank=True,
        help_text=_("Data for this year and earlier is public; newer data stays in the workspace."),
    )
    loaded_at = models.DateTimeField(auto_now_add=True)
    owner = models.ForeignKey(
        Owner, on_delete=models.PROTECT, related_name="plans", null=True, blank=True
    )
    # The plan the site serves at its root URLs and commands use without --plan
    # (plan/selection.py): the first plan loaded into the store; loading another never moves it.
    is_default = models.BooleanField(_("default plan"), default=False)

    class Meta:
        ordering = ["-loaded_at"]
        verbose_name = _("計画")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="plan_one_default"
            )
        ]

    def __str__(self) -> str:
        return self.title

    # The one publication rule. Nothing else decides what the public sees.
    def is_published(self, year: int | None) -> bool:
        """Whether figures and evaluation for ``year`` are public: every year before the
        plan's first year (official statistics from before the plan; no round to publish)
        and every year up to the last round the secretariat published."""
        if year is None:
            return False
        return year < self.period_start or (
            self.published_year is not None and year <= self.published_year
        )

    def year_shown(self, year: int | None) -> int:
        """The last year a view of ``year`` shows values of, and whose plan version it uses:
        ``year`` itself, or with no year (no round published yet) the plan's eve."""
        return year if year is not None else self.period_start - 1

    def published_q(self, field: str = "year") -> Q:
        """``is_published`` as a filter on a year column (``year``, ``round__year`` …)."""
        rule = Q(**{f"{field}__lt": self.period_start})
        if self.published_year is not None:
            rule |= Q(**{f"{field}__lte": self.published_year})
        return rule

    def published_only(self, rows: QuerySet, field: str = "year") -> QuerySet:
        """The rows of ``rows`` whose year (``field``) the public may see."""
        return rows.filter(self.published_q(field))


class Policy(models.Model):
    """基本方針."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="policies")
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    position = models.PositiveIntegerField(default=0)
    # The item's text in other languages, {lang: {field: text}} (core/i18n.py; plan file
    # ``title_en: …``); the Japanese stays in the fields above.
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("基本方針")
        constraints = [models.UniqueConstraint(fields=["plan", "code"], name="policy_unique_code")]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Measure(models.Model):
    """施策の柱."""

    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="measures")
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("title"), max_length=300)
    position = models.PositiveIntegerField(default=0)
    # The item's text in other languages, {lang: {field: text}} (core/i18n.py; plan file
    # ``title_en: …``); the Japanese stays in the fields above.
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["policy", "position"]
        verbose_name = _("施策の柱")

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Project(models.Model):
    """重点推進事業."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="projects")
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"))
    measures = models.ManyToManyField(Measure, related_name="projects")
    lead = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="leads"
    )
    partners = models.ManyToManyField(Organisation, blank=True, related_name="partnerships")
    # The item's text in other languages, {lang: {field: text}} (core/i18n.py; plan file
    # ``title_en: …``); the Japanese stays in the fields above.
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("重点推進事業")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="project_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Indicator(models.Model):
    """評価指標 with its baseline and yearly rule."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="indicators")
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="indicators")
    code = models.SlugField(_("code"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=32)
    definition = models.TextField(_("definition"), blank=True)
    source = models.CharField(_("source statistic"), max_length=300)
    period_kind = models.CharField(
        _("period kind"), max_length=8, choices=[("fiscal", _("年度")), ("calendar", _("年"))]
    )
    direction = models.CharField(
        _("direction"),
        max_length=8,
        choices=[("increase", _("増加が望ましい")), ("decrease", _("減少が望ましい"))],
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    baseline_value = models.DecimalField(_("baseline"), **DIGITS)
    baseline_decimals = models.PositiveSmallIntegerField(default=0)
    baseline_source = models.CharField(_("baseline source"), max_length=300, blank=True)
    rule_text = models.CharField(_("yearly rule"), max_length=200, blank=True)
    rule_step = models.DecimalField(null=True, blank=True, **DIGITS)
    rule_unit = models.CharField(max_length=8, blank=True)
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="indicators"
    )
    note = models.TextField(blank=True)
    series_breaks = models.JSONField(
        _("series breaks"),
        default=list,
        blank=True,
        help_text=_("[{year, label, previous, comparable, reason}], as in the plan file."),
    )
    # The admissible range of a value, from the plan file's min / max (null: unbounded).
    minimum = models.DecimalField(_("minimum"), null=True, blank=True, **DIGITS)
    maximum = models.DecimalField(_("maximum"), null=True, blank=True, **DIGITS)
    position = models.PositiveIntegerField(default=0)
    # The item's text in other languages, {lang: {field: text}} (core/i18n.py; plan file
    # ``title_en: …``); the Japanese stays in the fields above.
    translations = models.JSONField(_("translations"), default=dict, blank=True)

    class Meta:
        ordering = ["plan", "position"]
        verbose_name = _("評価指標")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_unique_code")
        ]

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    """A published target (目標値) of an indicator for one year."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("target"), **DIGITS)
    decimals = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["indicator", "year"]
        verbose_name = _("目標値")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_unique_year")
        ]


class Commentary(models.Model):
    """The secretariat's commentary on an indicator for an evaluated year; the latest counts."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="commentaries")
    year = models.PositiveSmallIntegerField(_("evaluated year"))
    text = models.TextField(_("commentary"))
    written_by = models.CharField(_("written by"), max_length=150, blank=True)
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        ordering = ["indicator", "year", "-written_at", "-id"]
        verbose_name = _("所見")


class PlanVersion(AppendOnlyModel):
    """A version of the plan: its file as approved, from which year it applies, and why."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    valid_from = models.PositiveSmallIntegerField(_("in force from (fiscal year)"))
    reason = models.TextField(_("reason"), blank=True)
    meeting = models.CharField(_("approved at"), max_length=200, blank=True)
    source_text = models.TextField(_("plan file"))
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("計画の版")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number")
        ]


class Publication(AppendOnlyModel):
    """One act of publishing a fiscal year's results, or of taking them back (with a reason).

    ``Plan.published_year`` holds the state; these rows are its history, read by the feed.
    """

    PUBLISH, UNPUBLISH = "publish", "unpublish"

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="publications")
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    action = models.CharField(
        _("action"), max_length=16, choices=[(PUBLISH, _("公表")), (UNPUBLISH, _("公表の取消し"))]
    )
    reason = models.TextField(_("reason"), blank=True)
    confirmation = models.CharField(_("confirmation"), max_length=200, blank=True)
    unapproved = models.PositiveIntegerField(_("items not approved"), default=0)
    missing = models.PositiveIntegerField(_("indicators without a value"), default=0)
    actor = models.CharField(_("who"), max_length=150, blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["plan", "at", "id"]
        verbose_name = _("公表の記録")

    def __str__(self) -> str:
        return f"{self.plan} {self.year} {self.action}"


class PlanVersionWithdrawal(AppendOnlyModel):
    """A version recorded by mistake, taken out of force: the version itself stays as it was.

    A row of its own (append-only, one per version) rather than fields on the version, so
    versions stay write-once under their database triggers and a withdrawal is never undone
    or rewritten; the one-to-one key makes a second withdrawal of a version impossible.
    """

    version = models.OneToOneField(PlanVersion, on_delete=models.PROTECT, related_name="withdrawal")
    reason = models.TextField(_("reason"))
    withdrawn_by = models.CharField(_("withdrawn by"), max_length=150, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), auto_now_add=True)

    class Meta:
        ordering = ["version"]
        verbose_name = _("計画の版の取り下げ")
