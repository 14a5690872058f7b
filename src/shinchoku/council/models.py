"""The promotion council (推進会議): meetings, opinions on plan items, the city's responses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..appendonly import AppendOnlyModel
from ..plan.models import Plan

ITEM_KINDS = [
    ("plan", _("計画全体")),
    ("policy", _("基本方針")),
    ("measure", _("施策の柱")),
    ("project", _("重点推進事業")),
    ("indicator", _("評価指標")),
]
FOLLOW_UPS = [
    ("considering", _("検討中")),
    ("in_progress", _("対応中")),
    ("done", _("対応済")),
    ("later", _("次年度以降")),
    ("declined", _("対応しない")),
]


class Meeting(models.Model):
    """A council meeting: date, attendees, agenda and minutes."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField(_("開催日"))
    title = models.CharField(_("会議名"), max_length=200)
    document_number = models.CharField(_("資料番号"), max_length=32, blank=True)
    attendees = models.TextField(_("出席者"), blank=True)
    agenda = models.TextField(_("議題"), blank=True)
    minutes = models.FileField(_("議事録"), upload_to="minutes/%Y/", blank=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("推進会議")

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"


class Opinion(models.Model):
    """An opinion or proposal from a council member on one plan item, for an evaluated year."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="opinions")
    year = models.PositiveSmallIntegerField(_("評価年度"))
    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, null=True, blank=True, related_name="opinions"
    )
    kind = models.CharField(
        _("種別"), max_length=8, choices=[("opinion", _("意見")), ("proposal", _("提案"))]
    )
    item_kind = models.CharField(_("対象の種類"), max_length=10, choices=ITEM_KINDS)
    item_code = models.CharField(_("対象"), max_length=64, blank=True)
    text = models.TextField(_("内容"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="opinions"
    )
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["year", "written_at", "id"]
        verbose_name = _("意見・提案")


class Response(AppendOnlyModel):
    """The city's response (対応方針) to an opinion; each save is a version, the latest counts."""

    opinion = models.ForeignKey(Opinion, on_delete=models.PROTECT, related_name="responses")
    text = models.TextField(_("対応方針"))
    follow_up = models.CharField(_("対応状況"), max_length=12, choices=FOLLOW_UPS)
    reason = models.TextField(_("対応しない理由"), blank=True)
    written_by = models.CharField(max_length=150)
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["opinion", "-written_at", "-id"]
        verbose_name = _("対応方針")
