"""The secretariat keeps the direct-sales places, courses and signs (list, add, edit).

Every save goes through ``services`` (one transaction, a new version, audited);
nothing is deleted: 「掲載をやめる」 takes a row off the public pages.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .. import maps, rules, services
from ..forms import CourseForm, PlaceForm, SignForm
from ..history import history as history_of
from ..models import Course, Place, Sign
from .workspace import _reviewer

MODELS: dict[str, type[Place] | type[Course] | type[Sign]] = {
    "places": Place, "courses": Course, "signs": Sign,
}  # fmt: skip


def _show_errors(form: forms.BaseForm, err: Exception) -> None:
    """Put a service's error on the field it is about (else on the form)."""
    if isinstance(err, rules.FieldError):
        form.add_error(err.field if err.field in form.fields else None, str(err))
        return
    if isinstance(err, ValidationError) and hasattr(err, "error_dict"):
        for field, errors in err.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
        return
    form.add_error(None, "; ".join(getattr(err, "messages", [str(err)])))


@login_required
@require_http_methods(["GET"])
def listing(request: HttpRequest, kind: str) -> HttpResponse:
    """The places, courses or signs, listed or not, with links to add and edit."""
    _reviewer(request)
    rows = MODELS[kind].objects.all()
    if kind == "signs":
        rows = rows.select_related("course")
    return render(request, f"registries/workspace/{kind}.html", {"rows": rows, "kind": kind})


def _page(request: HttpRequest, kind: str, form: forms.BaseForm, row: Any,
          history: Any = ()) -> HttpResponse:  # fmt: skip
    titles = {
        "places": (_("直売所を追加する"), _("直売所を編集する")),
        "courses": (_("おさんぽコースを追加する"), _("おさんぽコースを編集する")),
        "signs": (_("道標・案内板を追加する"), _("道標・案内板を編集する")),
    }
    return render(request, "registries/workspace/keep_form.html", {
        "kind": kind, "form": form, "row": row, "title": titles[kind][row is not None],
        "history": history,
        "map": maps.map_data([]) if kind == "courses" else None,
    })  # fmt: skip


def _saved(request: HttpRequest, kind: str) -> HttpResponse:
    messages.success(request, _("保存しました。"))
    return redirect(f"registries:ws-{kind}")


@login_required
@require_http_methods(["GET", "POST"])
def place(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add a direct-sales place, or edit one."""
    _reviewer(request)
    row = get_object_or_404(Place, pk=pk) if pk else None
    form = PlaceForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_place(request.user, form.cleaned_data, row)
        except (rules.RuleError, ValidationError) as err:
            _show_errors(form, err)
        else:
            return _saved(request, "places")
    history = history_of(row) if row else ()
    return _page(request, "places", form, row, history)


def _course_initial(row: Course) -> dict[str, Any]:
    initial = {k: getattr(row, k) for k in CourseForm.base_fields if hasattr(row, k)}
    initial["route"] = json.dumps(row.route, ensure_ascii=False)
    initial["points"] = rules.points_text(row.points.all())
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def course(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add a walking course, or edit one (its URL name stays)."""
    _reviewer(request)
    row = get_object_or_404(Course, pk=pk) if pk else None
    data = request.POST.copy() if request.method == "POST" else None
    if data is not None and row is not None:
        data["slug"] = row.slug
    form = CourseForm(data, request.FILES or None, initial=_course_initial(row) if row else None)
    if row is not None:
        form.fields["slug"].disabled = True
    if request.method == "POST" and form.is_valid():
        slug = row.slug if row else form.cleaned_data["slug"]
        try:
            if row is None and Course.objects.filter(slug=slug).exists():
                raise rules.FieldError("slug", _("このURL名はすでに使われています"))
            points = rules.parse_points(form.cleaned_data["points"])
            services.save_course(request.user, slug, form.texts(), form.route_geojson(),
                                 points, sample=bool(row and row.is_sample))  # fmt: skip
        except (rules.RuleError, ValidationError) as err:
            if getattr(err, "field", None) == "route" and form.cleaned_data.get("route_file"):
                err.field = "route_file"  # the route came from the file: say so there
            _show_errors(form, err)
        else:
            return _saved(request, "courses")
    if form.is_bound and isinstance(form.cleaned_data.get("route"), rules.Route):
        form.data["route"] = json.dumps(form.route_geojson())  # the file's line, on the map
    history = history_of(row) if row else ()
    return _page(request, "courses", form, row, history)


@login_required
@require_http_methods(["GET", "POST"])
def sign(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Add a sign or guide board, or edit one."""
    _reviewer(request)
    row = get_object_or_404(Sign, pk=pk) if pk else None
    form = SignForm(request.POST or None, instance=row,
                    initial=None if row else {"languages": ["ja"]})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.save_sign(request.user, form.data_for_service(), row)
        except (rules.RuleError, ValidationError) as err:
            _show_errors(form, err)
        else:
            return _saved(request, "signs")
    history = history_of(row) if row else ()
    return _page(request, "signs", form, row, history)


@login_required
@require_POST
def listed(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """「掲載をやめる」 or 「再び掲載する」: the row stays, the public pages follow."""
    _reviewer(request)
    if kind not in MODELS:
        raise Http404
    row = get_object_or_404(MODELS[kind], pk=pk)
    shown = request.POST.get("listed") == "1"
    services.set_listed(request.user, row, shown)
    messages.success(request, _("掲載しました。") if shown else _("掲載をやめました。"))
    return redirect(f"registries:ws-{kind[:-1]}", pk=pk)
