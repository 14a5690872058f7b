"""Versions of the places, courses and signs the secretariat keeps, and the history their
pages show: every save (and every change of 掲載) appends a ``KeptVersion``; the history is
each version against the one before, read from those rows, never from the audit log."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from ..audit.services import actor_name
from . import rules
from .models import SEASONS, Course, KeptVersion, Place, Sign

PLACE_FIELDS = ("name", "name_en", "address", "lat", "lng", "opening", "contact",
                *(f"produce_{season}" for season in SEASONS), "listed")  # fmt: skip
COURSE_FIELDS = ("slug", *(f"{f}_{c}" for f in ("name", "description") for c in rules.LANGUAGES),
                 "length_km", "route")  # fmt: skip
SIGN_FIELDS = ("course", "kind", *(f"label_{c}" for c in rules.LANGUAGES), "lat", "lng",
               "installed_year", "languages")  # fmt: skip


def fields_of(row: Any, keys: Iterable[str]) -> dict[str, Any]:
    """``row``'s values of ``keys`` as JSON (related rows by their key)."""
    out = {}
    for key in keys:
        value = getattr(row, key)
        out[key] = getattr(value, "pk", value)
        if isinstance(value, Decimal):
            out[key] = str(value)
    return out


def course_state(course: Course) -> dict[str, Any]:
    """A course's fields with its points of interest."""
    points = [{"name_ja": p.name_ja, "lat": p.lat, "lng": p.lng} for p in course.points.all()]
    return {**fields_of(course, COURSE_FIELDS), "points": points}


def kept_fields(row: Place | Course | Sign) -> dict[str, Any]:
    """What a version of a place, course or sign keeps."""
    if isinstance(row, Course):
        return {**course_state(row), "listed": row.listed}
    if isinstance(row, Sign):
        return {**fields_of(row, SIGN_FIELDS), "listed": row.listed}
    return fields_of(row, PLACE_FIELDS)


def keep(actor: Any, row: Place | Course | Sign) -> KeptVersion:
    """Append the row as it is now to its versions (call inside the save's transaction)."""
    kind = type(row).__name__.lower()
    return KeptVersion.objects.create(
        **{kind: row}, fields=kept_fields(row), actor=actor_name(actor)
    )


def history(row: Place | Course | Sign) -> list[dict[str, Any]]:
    """The row's versions, newest first, each with only the values that changed (a save
    that changed nothing is left out); the first version reads as added. A field the
    version before did not record (versions replayed from the audit log) is not compared."""
    labels = {f.name: str(f.verbose_name) for f in type(row)._meta.fields}
    labels |= {"points": _("立ち寄りスポット"), "listed": _("掲載")}
    found, previous = [], None
    for v in row.versions.all():
        if previous is None:
            found.append({"at": v.at, "actor": v.actor, "added": True, "changes": []})
        else:
            changes = [
                (labels.get(k, k), previous[k], new)
                for k, new in v.fields.items()
                if k in previous and previous[k] != new
            ]
            if changes:
                found.append({"at": v.at, "actor": v.actor, "added": False, "changes": changes})
        previous = v.fields
    return found[::-1]
