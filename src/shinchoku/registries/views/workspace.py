"""The secretariat's registry pages: review queue, one application, yearly figures.

Staff who may see drafts see the figures; only the secretariat (``review``) sees the
applications and changes anything.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ... import machines
from ...accounts.permissions import NotAllowed, allowed
from ...ingest.errors import InputError
from ...observations.years import staff_default_year
from ...plan.selection import plan_for
from .. import applications, counts, figures, rules
from ..forms import GoodsForm, GuideMapForm, LunchForm, ReviewForm
from ..models import GuideMapIssue, Product, SchoolLunchFigure, Shop
from ..sample import has_sample
from .applicant import application_row


def _reviewer(request: HttpRequest) -> None:
    if not applications.is_reviewer(request.user):
        raise PermissionDenied(_("登録簿を変更できるのは事務局だけです"))


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year") or request.POST.get("year") or ""
    return int(text) if text.isdigit() else staff_default_year(plan_for(request))


@login_required
@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    """Applications waiting for review (secretariat) and the year's computed figures."""
    if not allowed(request.user, "shinchoku.view_drafts"):
        raise PermissionDenied(_("この画面を見る権限がありません"))
    year = _year(request)
    reviewer = applications.is_reviewer(request.user)
    waiting = (rules.APPLIED, rules.REVIEWING)
    not_reviewed = (*waiting, rules.WITHDRAWN)  # withdrawn before the review: listed apart
    sample = request.GET.get("sample") == "1"
    return render(
        request,
        "registries/workspace/index.html",
        {
            "year": year,
            "reviewer": reviewer,
            "include_sample": sample,
            "has_sample": has_sample(),
            "figures": figures.output_figures(year, include_sample=sample),
            "products": Product.objects.filter(state__in=waiting) if reviewer else [],
            "shops": Shop.objects.filter(state__in=waiting) if reviewer else [],
            "certified": Product.objects.exclude(state__in=not_reviewed) if reviewer else [],
            "registered": Shop.objects.exclude(state__in=not_reviewed) if reviewer else [],
            "withdrawn_products": (
                Product.objects.filter(state=rules.WITHDRAWN) if reviewer else []
            ),
            "withdrawn_shops": Shop.objects.filter(state=rules.WITHDRAWN) if reviewer else [],
            "guide_map_form": GuideMapForm(initial={"year": year}),
            "lunch_form": LunchForm(initial={"year": year}),
            "guide_maps": GuideMapIssue.objects.filter(year=year),
            "lunch": SchoolLunchFigure.objects.filter(year=year),
            "years": range(year + 1, year - 5, -1),
        },
    )


def _back(kind: str, pk: int) -> HttpResponse:
    return redirect("registries:ws-review", kind=kind, pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def application(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Review one application: its content, history, the next actions, PR goods for shops."""
    _reviewer(request)
    found = application_row(request.user, kind, pk)
    review_form, goods_form = ReviewForm(), GoodsForm(initial={"handed_on": timezone.localdate()})
    if request.method == "POST" and request.POST.get("action") == "goods" and kind == "shop":
        goods_form = GoodsForm(request.POST)
        if goods_form.is_valid():
            try:
                counts.hand_out_goods(request.user, found, **goods_form.cleaned_data)
            except rules.RuleError as err:
                goods_form.add_error(None, str(err))
            else:
                messages.success(request, _("販路支援グッズの提供を記録しました。"))
                return _back(kind, pk)
    elif request.method == "POST":
        review_form = ReviewForm(request.POST)
        if review_form.is_valid():
            data = review_form.cleaned_data
            try:
                applications.review(
                    request.user, found, data["action"], data["reason"], on=data["effective_on"],
                    base_url=request.build_absolute_uri("/").rstrip("/"),
                )  # fmt: skip
            except rules.RuleError as err:
                review_form.add_error("reason", str(err))
            else:
                messages.success(request, _("審査の状態を更新しました。"))
                return _back(kind, pk)
    declared = machines.declared(found)
    actions = [  # the buttons: the review moves the state machine lets this user do now
        # (a refusal is marked ``danger`` so that it does not look like the approval)
        (
            a,
            machines.label(found, a),
            machines.needs_reason(found, a),
            declared[a].custom.get("danger", False),
        )
        for a in machines.available(found, request.user)
        if declared[a].custom.get("by") != "applicant"  # the applicant's own, not a review
    ]
    return render(
        request,
        "registries/workspace/application.html",
        {
            "kind": kind,
            "item": found,
            "events": found.events.all(),
            "actions": actions,
            "review_form": review_form,
            "goods_form": goods_form,
            "goods": found.goods.all() if kind == "shop" else [],
        },
    )


def _index(year: int) -> HttpResponse:
    return redirect(f"{reverse('registries:ws-index')}?year={year}")


def _record_yearly(request: HttpRequest, form_class: Any, save: Any, done: str) -> HttpResponse:
    """Validate a yearly figure's form and store it through ``save`` (secretariat)."""
    _reviewer(request)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            save(request.user, **form.cleaned_data)
            messages.success(request, done)
        except rules.RuleError as err:
            messages.error(request, str(err))
    else:
        messages.error(request, _("入力を確かめてください: ") + form.errors.as_text())
    return _index(_year(request))


@login_required
@require_POST
def guide_maps(request: HttpRequest) -> HttpResponse:
    """Record guide map copies printed and distributed in a year."""
    return _record_yearly(
        request, GuideMapForm, counts.record_guide_maps, _("ガイドマップの部数を記録しました。")
    )


@login_required
@require_POST
def school_lunch(request: HttpRequest) -> HttpResponse:
    """Record local produce in school lunches for a year."""
    return _record_yearly(
        request, LunchForm, counts.record_school_lunch, _("学校給食の数値を記録しました。")
    )


@login_required
@require_POST
def record_outputs(request: HttpRequest) -> HttpResponse:
    """Write the year's computed figures into the projects' 活動指標."""
    _reviewer(request)
    year = _year(request)
    try:
        written = counts.record_outputs(plan_for(request), year, request.user)
    except NotAllowed as err:
        raise PermissionDenied(str(err)) from None
    except InputError as err:  # a year outside the plan: nothing recorded
        messages.error(request, err.brief("\n", where=False))
        return _index(year)
    messages.success(
        request,
        _("活動指標の実績を%(n)d件記録しました（変わらないものはそのままです）。")
        % {"n": len(written)},
    )
    return _index(year)
