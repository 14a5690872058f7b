from django.contrib import admin

from ..admin_readonly import ReadOnlyAdmin
from .models import Commentary, Indicator, Organisation, Plan, PlanVersionWithdrawal, Project


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Organisations can be added here (new partners, renamed divisions)."""

    list_display = ["code", "name", "kind"]
    list_filter = ["kind"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "edition", "period_start", "period_end", "published_year"]


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "unit", "policy", "owner"]


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    list_display = ["number", "title", "lead"]


@admin.register(Commentary)
class CommentaryAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "year", "written_by", "written_at"]


@admin.register(PlanVersionWithdrawal)
class PlanVersionWithdrawalAdmin(ReadOnlyAdmin):
    list_display = ["version", "reason", "withdrawn_by", "withdrawn_at"]
