"""The 公表 page: preview, checklist and confirmation before a year goes public."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ...accounts.permissions import NotAllowed, allowed
from ...observations.pages import INDICATORS_PER_PAGE, plan_year, site_view, year_label
from ...plan.models import Plan
from ...plan.selection import plan_for
from .. import publication
from ..forms import PublishForm, UnpublishForm


def _secretariat(request: HttpRequest) -> None:
    if not allowed(request.user, "shinchoku.publish"):
        raise PermissionDenied(_("公表できるのは事務局だけです"))


def _page(request: HttpRequest, row: Plan, year: int, error: str = "") -> HttpResponse:
    found = publication.checklist(row, year)
    # What the public will see once the year is published: the public pages show every
    # value up to the published year, which is the staff view of that year.
    preview = site_view(row, public=False, year=year)
    # A POST answers on the first page (a redirect would drop what the user sent).
    number = request.GET.get("page") if request.method in ("GET", "HEAD") else None
    page, views = preview.indicator_page(number)
    published = [y for y in range(row.period_start, row.period_end + 1) if row.is_published(y)]
    return render(
        request,
        "cycle/workspace/publish.html",
        {
            "row": row,
            "year": year,
            "year_label": year_label(year),
            "checklist": found,
            "preview": preview,
            "views": views,  # this page's rows only
            # The checklist's lists show their first rows and say how many more there are.
            "listed": f":{INDICATORS_PER_PAGE}",
            "more_unapproved": max(0, len(found.unapproved) - INDICATORS_PER_PAGE),
            "more_missing": max(0, len(found.missing) - INDICATORS_PER_PAGE),
            "page": page,
            "page_query": f"year={year}&",
            "error": error,
            "years": range(row.period_start, row.period_end + 1),
            "published": [(y, year_label(y)) for y in published],
            "unpublish_form": UnpublishForm(),
        },
        status=400 if error else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def publish(request: HttpRequest) -> HttpResponse:
    """GET: what publishing ``?year=`` would show and what is still open; POST: publish."""
    _secretariat(request)
    row = plan_for(request)
    if request.method == "GET":
        year = plan_year(row, request.GET.get("year")) or publication.next_year(row)
        return _page(request, row, year)
    form = PublishForm(request.POST)
    if not form.is_valid() or plan_year(row, form.cleaned_data["year"]) is None:
        messages.error(request, _("年度を正しく入力してください。"))
        return redirect("web:ws-publish")
    year = form.cleaned_data["year"]
    try:
        publication.publish(row, year, form.cleaned_data["confirm"] or "", request.user)
    except publication.PublicationError as err:
        return _page(request, row, year, str(err))
    except NotAllowed as err:
        raise PermissionDenied(str(err)) from None
    done = _("%(year)sの結果を公表しました。公開サイトに反映されました。")
    messages.success(request, done % {"year": year_label(year)})
    return redirect("web:workspace")


@login_required
@require_POST
def unpublish(request: HttpRequest) -> HttpResponse:
    """Take a published year back, with the reason recorded."""
    _secretariat(request)
    row = plan_for(request)
    form = UnpublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("取り消す年度と理由を入力してください。"))
        return redirect("web:ws-publish")
    year = form.cleaned_data["year"]
    try:
        publication.unpublish(row, year, form.cleaned_data["reason"], request.user)
    except publication.PublicationError as err:
        messages.error(request, str(err))
        return redirect("web:ws-publish")
    except NotAllowed as err:
        raise PermissionDenied(str(err)) from None
    done = _("%(year)s以降の公表を取り消しました。理由は記録されています。")
    messages.success(request, done % {"year": year_label(year)})
    return redirect(f"{reverse('web:ws-publish')}?year={year}")
