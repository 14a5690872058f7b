"""The audit log: every change, who made it, when, and what it was before and after."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..appendonly import AppendOnlyModel


class AuditEntry(AppendOnlyModel):
    """One change. Append-only: entries are never edited or removed."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor = models.CharField(_("who"), max_length=150)
    action = models.CharField(_("what"), max_length=64)
    target = models.CharField(_("item"), max_length=200)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("監査ログ")
