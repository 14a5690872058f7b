"""Who a user is in the plan's promotion structure: a role and, for owners, an organisation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

SECRETARIAT, DEPARTMENT, PARTNER, COUNCIL = "secretariat", "department", "partner", "council"
ROLES = [
    (SECRETARIAT, _("事務局")),
    (DEPARTMENT, _("庁内関係部署")),
    (PARTNER, _("連携機関")),
    (COUNCIL, _("推進会議委員")),
]


class Profile(models.Model):
    """A user's role; department and partner users belong to the organisation they act for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("role"), max_length=16, choices=ROLES)
    organisation = models.ForeignKey(  # by label: accounts sits below the plan app
        "plan.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="members"
    )

    class Meta:
        verbose_name = _("利用者の役割")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=[DEPARTMENT, PARTNER])
                | models.Q(organisation__isnull=False),
                name="owner_roles_have_an_organisation",
                violation_error_message=_("庁内関係部署と連携機関の利用者には組織が必要です"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
