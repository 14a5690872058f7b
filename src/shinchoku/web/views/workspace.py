"""The staff workspace: login required; what each role may do is decided in accounts."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ...accounts.permissions import NotAllowed, allowed, restrict, role_of
from ...core.calendar import parse_year
from ...ingest.errors import InputError
from ...observations import importers
from ...observations import services as observations
from ...plan import models as plan_models
from ...plan import services as plans
from ..forms import CommentaryForm, ImportForm, PublishForm, ValueForm
from ..pages import plan_year, site_view, year_label

UPLOADS = Path(tempfile.gettempdir()) / "shinchoku-uploads"


def _staff(request: HttpRequest) -> None:
    if not allowed(request.user, "view_drafts"):
        raise PermissionDenied(_("この画面を見る権限がありません"))


def _year(request: HttpRequest) -> int | None:
    return plan_year(plans.current_plan(), request.GET.get("year"))


@login_required
@require_GET
def after_login(request: HttpRequest) -> HttpResponse:
    """Staff go to the workspace; a business (no role) to its own applications."""
    return redirect("web:workspace" if role_of(request.user) else "registries:my")


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every indicator for the chosen year, drafts included, and what is mine to enter."""
    _staff(request)
    row = plans.current_plan()
    site = site_view(row, public=False, year=_year(request))
    mine = set(
        restrict(request.user, row.indicators.all(), "add_value").values_list("code", flat=True)
    )
    return render(
        request,
        "web/workspace/dashboard.html",
        {
            "site": site,
            "mine": mine,
            "role": role_of(request.user),
            "can_publish": allowed(request.user, "publish"),
            "publish_form": PublishForm(initial={"year": site.year}),
            "years": range(row.vision_start, row.period_end + 1),
        },
    )


def _indicator_row(code: str) -> plan_models.Indicator:
    found = plans.current_plan().indicators.filter(code=code).select_related("owner").first()
    if found is None:
        raise Http404
    return found


@login_required
@require_http_methods(["GET", "POST"])
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    """An indicator in the workspace: chart, every revision, and the value form."""
    _staff(request)
    ind = _indicator_row(code)
    row = plans.current_plan()
    can_add = allowed(request.user, "add_value", ind)
    form = ValueForm(request.POST or None)
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied(_("この指標の値を登録する権限がありません"))
        if form.is_valid():
            fields = {k: str(v or "") for k, v in form.cleaned_data.items()}
            try:
                run = observations.add(
                    row, {**fields, "indicator": ind.code}, request.user, options=False
                )
            except InputError as err:
                for p in err.problems:
                    form.add_error(p.where if p.where in form.fields else None, p.message)
            else:
                if run.added:
                    messages.success(request, _("値を登録しました。評価を更新しました。"))
                else:
                    messages.info(request, _("同じ値がすでに登録されています。"))
                year = parse_year(fields["year"]).year
                return redirect(f"{reverse('web:ws-indicator', args=[code])}?year={year}")
    site = site_view(row, public=False, year=_year(request))
    if site.indicator(code) is None:  # not in the plan version in force that year
        raise Http404
    return render(
        request,
        "web/workspace/indicator.html",
        {
            "site": site,
            "view": site.indicator(code),
            "table": site.table(site.indicator(code)),
            "form": form,
            "can_add": can_add,
            "can_withdraw": can_add,  # whoever may record the indicator's values
            "can_comment": allowed(request.user, "comment"),
            "commentary_form": CommentaryForm(),
        },
    )


@login_required
@require_POST
def withdraw_value(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Withdraw a value entered by mistake, with the reason (whoever may record it)."""
    ind = _indicator_row(code)
    if not ind.observations.filter(pk=pk).exists():
        raise Http404
    try:
        rev = observations.withdraw(
            plans.current_plan(), pk, request.POST.get("reason", ""), request.user
        )
    except NotAllowed as err:
        raise PermissionDenied(str(err)) from None
    except InputError as err:
        messages.error(request, " ".join(str(p) for p in err.problems))
        return redirect(reverse("web:ws-indicator", args=[code]))
    messages.success(
        request, _("値を取り下げました。前の値が評価に使われます。取り下げた値は履歴に残ります。")
    )
    return redirect(f"{reverse('web:ws-indicator', args=[code])}?year={rev.observation.year}")


@login_required
@require_POST
def commentary(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Save the secretariat's commentary for an indicator and year."""
    if plan_year(plans.current_plan(), year) is None:
        raise Http404
    form = CommentaryForm(request.POST)
    if form.is_valid():
        try:
            plans.write_commentary(
                _indicator_row(code), year, form.cleaned_data["text"], request.user
            )
        except NotAllowed as err:
            raise PermissionDenied(str(err)) from None
        messages.success(request, _("所見を保存しました。"))
    return redirect(f"{reverse('web:ws-indicator', args=[code])}?year={year}")


@login_required
@require_POST
def publish(request: HttpRequest) -> HttpResponse:
    """Set the newest public year (secretariat only)."""
    form = PublishForm(request.POST)
    if not form.is_valid() or plan_year(plans.current_plan(), form.cleaned_data["year"]) is None:
        messages.error(request, _("年度を正しく入力してください。"))
        return redirect("web:workspace")
    try:
        plans.set_published_year(plans.current_plan(), form.cleaned_data["year"], request.user)
    except NotAllowed as err:
        raise PermissionDenied(str(err)) from None
    messages.success(request, _("公表年度を変更しました。公開サイトに反映されました。"))
    return redirect("web:workspace")


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest) -> HttpResponse:
    """Upload a file, see what it would change, then confirm; nothing is stored before."""
    if not allowed(request.user, "add_value"):
        raise PermissionDenied(_("値を登録する権限がありません"))
    row = plans.current_plan()
    form = ImportForm(request.POST or None, request.FILES or None)
    preview: importers.Outcome | None = None
    problems = None
    if request.method == "POST" and "confirm" in request.POST:
        token = request.session.get("upload")
        path = UPLOADS / token["file"] if token else None
        if not path or not path.exists():
            request.session.pop("upload", None)
            messages.error(request, _("確認の期限が切れました。もう一度ファイルを選んでください。"))
            return redirect("web:ws-import")
        # The upload is let go only once the import is done or refused; a busy database
        # (503, web.middleware) keeps it, so the same confirm can be sent again.
        try:
            run = importers.import_any(row, path, request.user, encoding="auto").run
        except (InputError, NotAllowed) as err:
            _let_go(request, path)
            messages.error(request, str(err))
            return redirect("web:ws-import")
        _let_go(request, path)
        done = _("%(added)d件を登録しました（同じ値で省いた行: %(unchanged)d件）。")
        messages.success(request, done % {"added": run.added, "unchanged": run.unchanged})
        return redirect("web:workspace")
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        # Kept under its own name (in a folder of its own) so errors name the user's file.
        name = f"{uuid.uuid4().hex}/{Path(upload.name).name}"
        (UPLOADS / name).parent.mkdir(parents=True)
        (UPLOADS / name).write_bytes(upload.read())
        try:
            # The same reader and checks as `shinchoku import`: a filled template, CSV or XLSX.
            preview = importers.import_any(
                row, UPLOADS / name, request.user, dry_run=True, encoding="auto"
            )
            request.session["upload"] = {"file": name}
        except (InputError, NotAllowed) as err:
            problems = err.problems if isinstance(err, InputError) else [str(err)]
            shutil.rmtree((UPLOADS / name).parent, ignore_errors=True)
    return render(
        request,
        "web/workspace/import.html",
        {
            "form": form,
            "preview": _preview_rows(row, preview) if preview else None,
            "notes": preview.notes if preview else (),
            "problems": problems,
        },
    )


def _let_go(request: HttpRequest, path: Path) -> None:
    """Forget a confirmed or refused upload: its session token and its file."""
    request.session.pop("upload", None)
    shutil.rmtree(path.parent, ignore_errors=True)


def _preview_rows(row: plan_models.Plan, outcome: importers.Outcome) -> list[dict]:
    """Each change with its indicator's name and the year as the indicator counts it."""
    indicators = {i.code: i for i in row.indicators.all()}
    rows = []
    for change in outcome.changes:
        ind = indicators[change.observation.indicator]
        label = year_label(change.observation.year, ind.period_kind)
        rows.append({"change": change, "name": ind.name, "year_label": label})
    return rows
