from django.contrib import admin

from ..admin_readonly import ReadOnlyAdmin
from .models import (
    Commentary,
    Indicator,
    Organisation,
    Owner,
    Plan,
    PlanVersionWithdrawal,
    Project,
    Publication,
)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Organisations can be added here (new partners, renamed divisions)."""

    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]


@admin.register(Owner)
class OwnerAdmin(admin.ModelAdmin):
    """Owners come with the plans loaded; a name can be corrected here."""

    list_display = ["code", "name"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = [
        "title", "owner", "slug", "is_default", "edition", "period_start", "period_end",
        "published_year",
    ]  # fmt: skip


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "unit", "policy", "owner"]


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "lead"]


@admin.register(Commentary)
class CommentaryAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "year", "written_by", "written_at"]


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdmin):
    """Who published or took back which year, and why (written by plan.publication only)."""

    list_display = ["year", "action", "unapproved", "missing", "actor", "at", "reason"]


@admin.register(PlanVersionWithdrawal)
class PlanVersionWithdrawalAdmin(ReadOnlyAdmin):
    list_display = ["version", "reason", "withdrawn_by", "withdrawn_at"]
