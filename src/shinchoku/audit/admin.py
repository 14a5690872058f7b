"""The audit log in the admin, and the admin's own writes in the audit log.

Every ModelAdmin of the site becomes an :class:`AuditedAdmin` when the audit app is ready
(:func:`audit_every_admin`), Django's and third-party ones included: an addition, a change
(with the changed fields before and after, by their labels) and a deletion through the
admin each write an audit entry ``admin.<model>.<add|change|delete>`` in the same
transaction, like a service's. The entry moves the data version, so cached public pages
showing the row (an organisation's name as 所管) are rebuilt.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.http import HttpRequest

from ..admin_readonly import ReadOnlyAdmin
from .models import AuditEntry
from .services import log

SKIPPED = ("last_login",)  # set by signing in, not by an edit
HIDDEN = ("password",)  # never copied into the log, only that it changed


def values(obj: models.Model) -> dict[str, Any]:
    """``obj``'s fields by their labels, as comparable text (many-to-many as sorted lists)."""
    found: dict[str, Any] = {}
    for f in [*obj._meta.concrete_fields, *obj._meta.many_to_many]:
        if f.name in SKIPPED or f.primary_key:
            continue
        key = str(f.verbose_name)
        if f.many_to_many:
            found[key] = sorted(str(o) for o in getattr(obj, f.name).all()) if obj.pk else []
        elif f.choices:
            found[key] = str(getattr(obj, f"get_{f.name}_display")())
        elif isinstance(f, models.BinaryField):  # a photo: its size, not its bytes
            found[key] = f"{len(getattr(obj, f.attname) or b'')} bytes"
        elif f.is_relation:
            found[key] = str(getattr(obj, f.name)) if getattr(obj, f.attname) is not None else None
        else:
            found[key] = f.value_to_string(obj)
    return found


def _hidden(obj: models.Model) -> set[str]:
    return {str(f.verbose_name) for f in obj._meta.concrete_fields if f.name in HIDDEN}


def _record(request: HttpRequest, verb: str, obj: models.Model, before: Any, after: Any) -> None:
    meta = obj._meta
    target = f"{meta.verbose_name} {obj}"[:200]
    log(request.user, f"admin.{meta.model_name}.{verb}", target, before, after)


class AuditedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose additions, changes and deletions are audited in words."""

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is not None:  # what the row was before the form touches it
            obj._audit_before = values(obj)
        return obj

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if change and obj.pk is not None:  # the stored row (list_editable has no get_object)
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            if stored is not None:
                obj._audit_before = values(stored)
        super().save_model(request, obj, form, change)

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        entry = super().log_addition(request, obj, message)
        after = values(obj)
        for key in _hidden(obj):
            after[key] = "（設定）" if after.get(key) else None
        _record(request, "add", obj, None, after)
        return entry

    def log_change(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        entry = super().log_change(request, obj, message)
        before, after = getattr(obj, "_audit_before", {}), values(obj)
        changed = [k for k in after if before.get(k) != after[k]]
        old = {k: before.get(k) for k in changed}
        new = {k: after[k] for k in changed}
        for key in _hidden(obj) & set(changed):
            old[key], new[key] = "********", "（変更）"
        _record(request, "change", obj, old or None, new)
        obj._audit_before = after
        return entry

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            _record(request, "delete", obj, _shown(obj), None)
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        with transaction.atomic():
            for obj in queryset:
                _record(request, "delete", obj, _shown(obj), None)
            super().delete_queryset(request, queryset)


def _shown(obj: models.Model) -> dict[str, Any]:
    found = values(obj)
    return {k: ("********" if k in _hidden(obj) else v) for k, v in found.items()}


def audit_every_admin(site: admin.AdminSite = admin.site) -> None:
    """Make every registered ModelAdmin an AuditedAdmin (called once the admin is loaded)."""
    for model, model_admin in list(site._registry.items()):
        if not isinstance(model_admin, AuditedAdmin):
            cls = type(model_admin)
            audited = type(f"Audited{cls.__name__}", (AuditedAdmin, cls), {})
            site._registry[model] = audited(model, site)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor", "action", "target"]
    list_filter = ["action"]
    search_fields = ["actor", "target"]
