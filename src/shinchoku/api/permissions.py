"""The API asks the same permission table as the services, views and templates."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request

from ..accounts.permissions import allowed


class TablePermission(BasePermission):
    """Reads follow the view's own rules; a write needs the view's ``permission`` (a name of
    ``accounts.permissions.TABLE``), asked without an object here and, when the view calls
    ``check_object_permissions``, with it. The services ask again on the real object."""

    def has_permission(self, request: Request, view: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        name = getattr(view, "permission", None)
        if name is None:
            return False  # a write endpoint must name its permission
        return allowed(request.user, name)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return allowed(request.user, view.permission, obj)
