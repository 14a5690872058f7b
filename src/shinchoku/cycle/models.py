"""The yearly round: requests to owners, their states, and project self-evaluations."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, FSMModelMixin, transition

from ..accounts.permissions import NotAllowed, require
from ..appendonly import AppendOnlyModel
from ..core.i18n import plain
from ..ingest.errors import InputError, Problem
from ..plan.models import DIGITS, Indicator, Organisation, Plan, Project

NOT_STARTED, DRAFTING, SUBMITTED, APPROVED = "not_started", "drafting", "submitted", "approved"
STATES = [
    (NOT_STARTED, _("未着手")),
    (DRAFTING, _("作成中")),
    (SUBMITTED, _("提出済")),
    (APPROVED, _("承認")),
]
RATINGS = [("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]
DIRECTIONS = [
    ("expand", _("拡充")),
    ("continue", _("継続")),
    ("improve", _("改善・見直し")),
    ("reduce", _("縮小")),
    ("stop", _("休止・廃止")),
]


class Round(models.Model):
    """One year's collection round (Do → Check), opened by the secretariat with a deadline."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="rounds")
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    due = models.DateField(_("due date"))
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("進捗管理の回")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "year"],
                name="one_round_per_year",
                violation_error_message=_("この年度の回はすでにあります"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} {self.year}"


def _may(permission: str) -> Any:
    """A transition's permission, decided by the one permission rule (``require``)."""

    def check(request: Request, user: Any) -> bool:
        try:
            require(user, permission, request)
        except NotAllowed:
            return False
        return True

    return check


class Request(FSMModelMixin, models.Model):
    """What one owner owes for one item (an indicator or a priority project) this round.

    Its state machine (django-fsm-2; ``state`` is protected: only these transitions change
    it, and ``cycle.services.move`` is the one caller, which writes the ``Transition`` row
    and the audit entry):

    =========  ===========================  =========  =============  ===============
    action     from                         to         who            reason needed
    =========  ===========================  =========  =============  ===============
    draft      未着手                        作成中      owner          no
    submit     未着手, 作成中                 提出済      owner          no
    approve    提出済                        承認        secretariat    no
    return     提出済, 承認                   作成中      secretariat    yes (差戻し)
    =========  ===========================  =========  =============  ===============
    """

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="requests")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, null=True, blank=True, related_name="requests"
    )
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="requests")
    state = FSMField(_("state"), max_length=16, choices=STATES, default=NOT_STARTED, protected=True)
    returned = models.BooleanField(_("returned"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # Indicators first, then projects by number, on SQLite and PostgreSQL alike (they
        # sort NULL differently unless told).
        ordering = [
            "round",
            models.F("project__number").asc(nulls_first=True),
            "indicator__position",
        ]
        verbose_name = _("依頼")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(indicator__isnull=True) ^ models.Q(project__isnull=True),
                name="request_is_for_one_item",
            )
        ]

    @property
    def item(self) -> Indicator | Project:
        return self.indicator or self.project

    def __str__(self) -> str:
        return str(self.item)

    @property
    def label(self) -> str:
        """How people name the item, in the active language: 重点推進事業3 農商工連携推進事業
        (Priority project 3: …), or 評価指標 総生産額 (Indicator: Gross product)."""
        lang = "en" if (get_language() or "ja").startswith("en") else "ja"
        if self.project:
            return gettext("重点推進事業%(number)s %(title)s") % {
                "number": self.project.number,
                "title": plain(self.project, "title", lang),
            }
        return gettext("評価指標 %(name)s") % {"name": plain(self.indicator, "name", lang)}

    @transition(state, NOT_STARTED, DRAFTING, permission=_may("submit"),
                custom={"label": _("作成開始")})  # fmt: skip
    def draft(self, reason: str = "") -> None:
        """The owner starts: a draft or a sheet was saved."""
        self.returned = False

    @transition(state, [NOT_STARTED, DRAFTING], SUBMITTED, permission=_may("submit"),
                custom={"label": _("提出")})  # fmt: skip
    def submit(self, reason: str = "") -> None:
        """The owner submits; a project needs this year's 事業評価シート first."""
        if self.project_id and not self.project.evaluations.filter(year=self.round.year).exists():
            raise InputError([Problem(self.label, "事業評価シートを保存してから提出してください")])
        self.returned = False

    @transition(state, SUBMITTED, APPROVED, permission=_may("review"),
                custom={"label": _("承認")})  # fmt: skip
    def approve(self, reason: str = "") -> None:
        """The secretariat approves what was submitted."""
        self.returned = False

    @transition(state, [SUBMITTED, APPROVED], DRAFTING, permission=_may("review"),
                custom={"label": _("差戻し"), "action": "return", "reason": True})  # fmt: skip
    def send_back(self, reason: str = "") -> None:
        """差戻し: the secretariat reopens the item for the owner, saying why."""
        if not reason.strip():
            raise InputError([Problem("reason", "差戻しの理由を書いてください")])
        self.returned = True


class Transition(AppendOnlyModel):
    """A change of a request's state, with who, when and (for a return) why."""

    request = models.ForeignKey(Request, on_delete=models.PROTECT, related_name="transitions")
    action = models.CharField(max_length=16)
    before = models.CharField(max_length=16)
    after = models.CharField(max_length=16)
    reason = models.TextField(blank=True)
    actor = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["request", "at", "id"]


# The fields of a 事業評価シート a department fills in, in the order the page shows them.
SHEET_FIELDS = (
    "purpose",
    "activities",
    "results",
    "budget",
    "settled",
    "rating",
    "reason",
    "issues",
    "direction",
    "direction_reason",
)


class SelfEvaluation(AppendOnlyModel):
    """事業評価シート for a project and year; every save is a new version, the latest counts."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    purpose = models.TextField(_("目的（対象・意図）"), blank=True)
    activities = models.TextField(_("取組内容"))
    budget = models.DecimalField(_("予算額（千円）"), null=True, blank=True, **DIGITS)
    settled = models.DecimalField(_("決算額（千円）"), null=True, blank=True, **DIGITS)
    rating = models.CharField(_("自己評価"), max_length=1, choices=RATINGS)
    reason = models.TextField(_("評価の理由"), blank=True)
    results = models.TextField(_("成果"), blank=True)
    issues = models.TextField(_("課題"), blank=True)
    direction = models.CharField(_("今後の方向性"), max_length=16, choices=DIRECTIONS)
    direction_reason = models.TextField(_("方向性の理由"), blank=True)
    written_by = models.CharField(max_length=150)
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "year", "-written_at", "-id"]
        verbose_name = _("事業評価シート")


class OutputIndicator(models.Model):
    """活動指標: an output indicator of a project, defined by the secretariat."""

    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="outputs")
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=32)
    definition = models.TextField(_("definition"), blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["project", "position", "id"]
        verbose_name = _("活動指標")

    def __str__(self) -> str:
        return self.name


class OutputValue(AppendOnlyModel):
    """A target or actual of an output indicator for a year; later rows are revisions."""

    output = models.ForeignKey(OutputIndicator, on_delete=models.PROTECT, related_name="values")
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    kind = models.CharField(max_length=8, choices=[("target", _("目標")), ("actual", _("実績"))])
    value = models.DecimalField(_("value"), **DIGITS)
    note = models.TextField(blank=True)
    recorded_by = models.CharField(max_length=150)
    recorded_at = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["output", "year", "kind", "recorded_at", "id"]


class MeasureReview(AppendOnlyModel):
    """The secretariat's 評価・課題・方向性 for a measure (施策の柱) and year; every save is a
    new version, the latest counts."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="measure_reviews")
    measure = models.CharField(_("施策の柱"), max_length=16)
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    evaluation = models.TextField(_("評価"), blank=True)
    issues = models.TextField(_("課題"), blank=True)
    direction = models.TextField(_("方向性"), blank=True)
    written_by = models.CharField(max_length=150)
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "year", "measure", "-written_at", "-id"]
        verbose_name = _("施策の柱の評価")


class Overview(AppendOnlyModel):
    """総括: the secretariat's overall narrative of a plan year (versions, the latest counts)."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="overviews")
    year = models.PositiveSmallIntegerField(_("fiscal year"))
    text = models.TextField(_("総括"), blank=True)
    written_by = models.CharField(max_length=150)
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "year", "-written_at", "-id"]
        verbose_name = _("総括")


class Draft(models.Model):
    """What one user typed on a round item's page and has not submitted yet.

    One row per request and user, replaced by every autosave and 「下書きを保存」: typing
    never adds a version. The versioned rows (``SelfEvaluation``, ``OutputValue``,
    observations) are written only when the item is submitted, all at once.
    """

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="drafts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("下書き")
        constraints = [
            models.UniqueConstraint(fields=["request", "user"], name="one_draft_per_request_user")
        ]
