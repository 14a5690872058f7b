from django.contrib import admin

from ..admin_readonly import ReadOnlyAdmin
from .models import ImportRun, Observation, ObservationWithdrawal


@admin.register(Observation)
class ObservationAdmin(ReadOnlyAdmin):
    list_display = [
        "indicator",
        "year",
        "value",
        "published_on",
        "edition",
        "source",
        "recorded_at",
    ]
    list_filter = ["indicator", "year"]
    search_fields = ["source", "edition", "note"]


@admin.register(ImportRun)
class ImportRunAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "file_name", "user", "added", "unchanged"]
    list_filter = ["kind"]


@admin.register(ObservationWithdrawal)
class ObservationWithdrawalAdmin(ReadOnlyAdmin):
    list_display = ["observation", "reason", "withdrawn_by", "withdrawn_at"]
