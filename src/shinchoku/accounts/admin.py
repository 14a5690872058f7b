from django.contrib import admin

from .models import Profile


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    """Roles can be changed here; new users come from ``shinchoku user add``."""

    list_display = ["user", "role", "organisation"]
    list_filter = ["role", "organisation"]
