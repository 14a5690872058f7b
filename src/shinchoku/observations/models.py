"""Observations: append-only revisions of indicator values, with their provenance."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..appendonly import AppendOnlyError, AppendOnlyModel
from ..plan.models import DIGITS, Indicator, Plan

__all__ = [
    "AppendOnlyError",
    "CountingRevision",
    "ImportJob",
    "ImportRun",
    "Observation",
    "ObservationWithdrawal",
]


class ImportRun(models.Model):
    """One act of recording values: a file import, a typed entry, the built-in history."""

    kind = models.CharField(
        _("kind"),
        max_length=16,
        choices=[
            ("entry", _("入力")),
            ("csv", "CSV"),
            ("xlsx", "XLSX"),
            ("builtin", _("初期データ")),
            ("template", _("記入様式")),
            ("table", _("県の統計表")),
            ("estat", "e-Stat"),
        ],
    )
    file_name = models.CharField(_("file name"), max_length=300, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    user = models.CharField(_("recorded by"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    added = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("取込み")


class Observation(AppendOnlyModel):
    """実績値: one revision of an indicator's value for a reference year.

    A later row for the same indicator and year is a revision; which one wins is
    decided in core (dated above undated, newer publication, then later record).
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="observations")
    year = models.PositiveSmallIntegerField(_("reference year"))
    value = models.DecimalField(_("value"), **DIGITS)
    decimals = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(_("source"), max_length=500)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    edition = models.CharField(_("edition"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)
    # What the statistic published, when the value was converted or read from a table.
    source_value = models.DecimalField(_("published value"), null=True, blank=True, **DIGITS)
    source_unit = models.CharField(_("published unit"), max_length=20, blank=True)
    conversion = models.CharField(_("conversion"), max_length=200, blank=True)
    source_ref = models.CharField(_("cell or table"), max_length=300, blank=True)
    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, related_name="observations")
    # The large change the person recording confirmed (「5,580 は前年 558 の 10.0 倍です」).
    confirmed_change = models.CharField(_("confirmed change"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["indicator", "year", "id"]
        verbose_name = _("実績値")
        # Covering the counting query (observations.store.counting): the revisions of an
        # indicator and year, read from the index alone.
        indexes = [
            models.Index(
                fields=["indicator", "year", "published_on", "id", "value"],
                name="observation_counting",
            )
        ]


class ObservationWithdrawal(AppendOnlyModel):
    """An observation entered by mistake, withdrawn: it stays stored and listed, never counts.

    A new append-only row, never a change to the observation; one per observation (a
    withdrawal is final: a value withdrawn by mistake is entered again as a new row).
    """

    observation = models.OneToOneField(
        Observation, on_delete=models.PROTECT, related_name="withdrawal"
    )
    reason = models.TextField(_("reason"))
    withdrawn_by = models.CharField(_("withdrawn by"), max_length=150, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), auto_now_add=True)

    class Meta:
        ordering = ["observation"]
        verbose_name = _("実績値の取り下げ")


class CountingRevision(models.Model):
    """The revision that counts now for an indicator and year, kept at write time.

    Derived data, not history: rewritten by ``observations.counting.refresh_counting`` in the
    same transaction as every write of an observation or a withdrawal (so it is a table of
    its own, not a column of the append-only observation rows, whose triggers refuse any
    update). ``packed`` is the row's numbers as one fixed-width record
    (``counting.RECORD``), so the whole table is read as one buffer into numpy.
    """

    observation = models.OneToOneField(
        Observation, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, db_index=False, related_name="+")
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, db_index=False, related_name="+"
    )
    year = models.PositiveSmallIntegerField()
    value = models.FloatField()
    published = models.IntegerField()  # day ordinal (date.toordinal), -1 undated
    packed = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="counting_one_per_year")
        ]
        # Covering the read (store.materialised): a plan's rows up to a year, index only.
        indexes = [models.Index(fields=["plan", "year", "packed"], name="counting_read")]


class ImportJob(models.Model):
    """A large web import recorded in the background; its page shows how far it has got."""

    STATES = [
        ("queued", _("待機中")),
        ("running", _("登録中")),
        ("done", _("完了")),
        ("failed", _("失敗")),
    ]
    file_name = models.CharField(_("file name"), max_length=300)
    upload = models.CharField(max_length=32)  # the kept upload's token (uploads.store)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rows = models.PositiveIntegerField(default=0)  # observations in the preview
    state = models.CharField(max_length=8, choices=STATES, default="queued")
    step = models.PositiveSmallIntegerField(default=0)  # of STEPS, for the progress bar
    message = models.TextField(blank=True)
    # a refused file's every problem was kept as a CSV beside the upload (uploads.problems):
    # when it is gone, the page says it expired rather than dropping the link silently
    problems_kept = models.BooleanField(default=False)
    run = models.ForeignKey(ImportRun, on_delete=models.PROTECT, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    STEPS = 3  # read the file, check it against the store, record it

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("取込みジョブ")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.state})"
