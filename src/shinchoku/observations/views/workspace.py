"""The workspace pages of an indicator's values: enter, withdraw, comment, import a file,
follow a background import. Login required; what each role may do is decided in accounts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ...accounts.permissions import NotAllowed, allowed, organisation_of
from ...core.calendar import parse_year
from ...ingest.errors import SHOWN_PROBLEMS, InputError
from ...ingest.limits import size_text
from ...plan import models as plan_models
from ...plan import services as plans
from ...plan.selection import plan_for
from ...uploads import limits as upload_limits
from ...uploads import problems as problem_lists
from ...uploads import store as upload_store
from .. import importers, jobs
from .. import services as observations
from ..checks import LargeChange
from ..forms import CommentaryForm, ImportForm, ValueForm
from ..models import ImportJob
from ..pages import plan_year, site_view, workspace_year, year_label

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _staff(request: HttpRequest) -> None:
    if not allowed(request.user, "shinchoku.view_drafts"):
        raise PermissionDenied(_("この画面を見る権限がありません"))


def _year(request: HttpRequest) -> int:
    return workspace_year(plan_for(request), request.GET.get("year"))


def _indicator_row(request: HttpRequest, code: str) -> plan_models.Indicator:
    found = plan_for(request).indicators.filter(code=code).select_related("owner").first()
    if found is None:
        raise Http404
    return found


@login_required
@require_http_methods(["GET", "POST"])
def indicator(request: HttpRequest, code: str) -> HttpResponse:
    """An indicator in the workspace: chart, every revision, and the value form."""
    _staff(request)
    ind = _indicator_row(request, code)
    row = plan_for(request)
    can_add = allowed(request.user, "shinchoku.add_value", ind)
    form = ValueForm(request.POST or None)
    if request.method == "POST":
        if not can_add:
            raise PermissionDenied(_("この指標の値を登録する権限がありません"))
        if form.is_valid():
            confirm = form.cleaned_data.pop("confirm", False)
            fields = {k: str(v or "") for k, v in form.cleaned_data.items()}
            try:
                run = observations.add(
                    row,
                    {**fields, "indicator": ind.code},
                    request.user,
                    False,
                    confirm,
                    hint=_("この下の確認欄"),
                )
            except InputError as err:
                if isinstance(err, LargeChange):
                    form.ask_confirmation(err.changes)
                listed, more = err.shown()  # the first problems, then how many more
                for p in listed:
                    form.add_error(p.where if p.where in form.fields else None, p.message)
                if more:
                    form.add_error(None, more)
            else:
                if run.added:
                    messages.success(request, _("値を登録しました。評価を更新しました。"))
                else:
                    messages.info(request, _("同じ値がすでに登録されています。"))
                year = parse_year(fields["year"]).year
                return redirect(f"{reverse('web:ws-indicator', args=[code])}?year={year}")
    form.without_confirmation()
    site = site_view(row, public=False, year=_year(request))
    if site.indicator(code) is None:  # not in the plan version in force that year
        raise Http404
    return render(
        request,
        "observations/workspace/indicator.html",
        {
            "site": site,
            "view": site.indicator(code),
            "table": site.table(site.indicator(code)),
            "form": form,
            "can_add": can_add,
            "can_withdraw": can_add,  # whoever may record the indicator's values
            "can_comment": allowed(request.user, "shinchoku.comment"),
            "commentary_form": CommentaryForm(),
        },
    )


@login_required
@require_POST
def withdraw_value(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Withdraw a value entered by mistake, with the reason (whoever may record it)."""
    ind = _indicator_row(request, code)
    if not ind.observations.filter(pk=pk).exists():
        raise Http404
    try:
        rev = observations.withdraw(
            plan_for(request), pk, request.POST.get("reason", ""), request.user
        )
    except NotAllowed as err:
        raise PermissionDenied(str(err)) from None
    except InputError as err:
        messages.error(request, err.brief())
        return redirect(reverse("web:ws-indicator", args=[code]))
    messages.success(
        request, _("値を取り下げました。前の値が評価に使われます。取り下げた値は履歴に残ります。")
    )
    return redirect(f"{reverse('web:ws-indicator', args=[code])}?year={rev.observation.year}")


@login_required
@require_POST
def commentary(request: HttpRequest, code: str, year: int) -> HttpResponse:
    """Save the secretariat's commentary for an indicator and year."""
    if plan_year(plan_for(request), year) is None:
        raise Http404
    form = CommentaryForm(request.POST)
    if form.is_valid():
        try:
            plans.write_commentary(
                _indicator_row(request, code), year, form.cleaned_data["text"], request.user
            )
        except NotAllowed as err:
            raise PermissionDenied(str(err)) from None
        messages.success(request, _("所見を保存しました。"))
    return redirect(f"{reverse('web:ws-indicator', args=[code])}?year={year}")


@login_required
@require_http_methods(["GET", "POST"])
def import_file(request: HttpRequest) -> HttpResponse:
    """Upload a file, see what it would change, then confirm; nothing is stored before."""
    if not allowed(request.user, "shinchoku.add_value"):
        raise PermissionDenied(_("値を登録する権限がありません"))
    row = plan_for(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview: importers.Outcome | None = None
    problems = None
    more = ""
    refused: problem_lists.ProblemList | None = None
    if request.method == "POST" and "confirm" in request.POST:
        token = request.session.get("upload")
        rows = request.session.get("upload_rows", 0)
        path = upload_store.path(token)
        if path is None:
            _let_go(request, token)
            messages.error(request, _("確認の期限が切れました。もう一度ファイルを選んでください。"))
            return redirect("web:ws-import")
        posted = request.POST.get("upload")
        if request.session.get("upload_plan") != row.pk or (posted and posted != token):
            # Another preview (another tab, another plan) replaced the one on this page.
            messages.error(
                request,
                _(
                    "確認した内容とは別のファイルが選ばれています。"
                    "もう一度ファイルを選んでください。"
                ),
            )
            return redirect("web:ws-import")
        accept = "accept_changes" in request.POST
        if jobs.background(rows):  # a large file: recorded in the background, with progress
            request.session.pop("upload", None)  # the job owns the upload now
            job = jobs.start(row, token, path, rows, request.user, confirm=accept)
            return redirect("web:ws-job", pk=job.pk)
        # The upload is let go only once the import is done or refused; a busy database
        # (503, web.middleware) keeps it, so the same confirm can be sent again.
        try:
            run = importers.import_any(
                row, path, request.user, confirm=accept, hint=_("確認欄")
            ).run
        except (InputError, NotAllowed) as err:
            _let_go(request, token)
            text = err.render(shown=SHOWN_PROBLEMS) if isinstance(err, InputError) else str(err)
            messages.error(request, text)
            return redirect("web:ws-import")
        _let_go(request, token)
        done = _("%(added)d件を登録しました（同じ値で省いた行: %(unchanged)d件）。")
        messages.success(request, done % {"added": run.added, "unchanged": run.unchanged})
        return redirect("web:workspace")
    if request.method == "POST" and form.is_valid():
        # A new upload replaces a preview not confirmed; the file is kept under the data
        # directory, in a folder of its own, so errors name the user's file.
        upload_store.discard(request.session.pop("upload", None))
        upload_store.discard(request.session.pop("upload_problems", None))
        token = upload_store.keep(form.cleaned_data["file"])
        try:
            # The same reader, checks and limits as `shinchoku import`: a filled template,
            # CSV or XLSX. Large changes are listed for confirmation rather than refused here.
            path = upload_store.path(token)
            preview = importers.import_any(row, path, request.user, dry_run=True, confirm=True)
            request.session["upload"] = token
            request.session["upload_plan"] = row.pk
            request.session["upload_rows"] = len(preview.changes)
        except NotAllowed as err:
            problems = [str(err)]
            upload_store.discard(token)
        except InputError as err:
            # The first problems here and, when some are left out, every one in a CSV kept
            # beside the (removed) upload until the user's next upload: a 1,000-row mistake
            # is not a 1,000-item page.
            problems, more = err.shown()
            refused = _keep_problems(request, token, err) if more else None
            if refused is None:
                upload_store.discard(token)
    elif request.method == "POST":
        problems = form.errors.get("file") or [_("ファイルを選んでください。")]
    limits = upload_limits()
    years = range(row.vision_start, row.period_end + 1)
    return render(
        request,
        "observations/workspace/import.html",
        {
            "form": form,
            "preview": _preview_rows(row, preview) if preview else None,
            "upload": request.session.get("upload") if preview else None,
            "notes": preview.notes if preview else (),
            "changes": preview.confirmed if preview else (),
            "problems": problems,
            "more": more,
            "problem_list": refused,
            "template": {
                "year": workspace_year(row, request.GET.get("year")),
                "years": years,
                "organisation": _template_organisation(request),
                "organisations": plan_models.Organisation.objects.filter(
                    indicators__plan=row
                ).distinct()
                if allowed(request.user, "shinchoku.act_for_any_organisation")
                else None,
            },
            "limits": {
                "size": size_text(limits.max_bytes),
                "rows": f"{limits.max_rows:,}",
                "columns": limits.max_columns,
            },
        },
    )


def _keep_problems(
    request: HttpRequest, token: str, err: InputError
) -> problem_lists.ProblemList | None:
    """Keep a refused upload's problems for download (its token in the session, so the
    next upload removes them); None when they could not be written."""
    name = upload_store.path(token)
    try:
        kept = problem_lists.keep(token, err, request.user.pk, name.name if name else "")
    except OSError:
        return None
    request.session["upload_problems"] = token
    return kept


@login_required
@require_GET
def import_problems(request: HttpRequest, token: str) -> HttpResponse:
    """Every problem of a refused upload as CSV (the uploader's, or the secretariat's)."""
    found = problem_lists.find(token)
    if found is None:
        raise Http404
    return _problems_csv(request, found)


def _problems_csv(request: HttpRequest, found: problem_lists.ProblemList) -> HttpResponse:
    if not allowed(request.user, "shinchoku.view_import", found):
        raise PermissionDenied(_("この取込みを見る権限がありません"))
    try:
        data = found.path.open("rb")
    except OSError:
        raise Http404 from None
    return FileResponse(
        data,
        as_attachment=True,
        filename=found.download_name,
        content_type="text/csv; charset=utf-8",
    )


def _template_organisation(request: HttpRequest) -> str:
    """Whose indicators the template holds: an owner's own organisation; for the secretariat
    the one chosen (blank: every indicator)."""
    if allowed(request.user, "shinchoku.act_for_any_organisation"):
        return request.GET.get("organisation", "")
    org = plan_models.Organisation.objects.filter(pk=organisation_of(request.user)).first()
    return org.code if org else ""


@login_required
@require_GET
def import_template(request: HttpRequest) -> HttpResponse:
    """The Excel template of the user's organisation for a year, to fill and upload here."""
    if not allowed(request.user, "shinchoku.add_value"):
        raise PermissionDenied(_("値を登録する権限がありません"))
    row = plan_for(request)
    year = workspace_year(row, request.GET.get("year"))
    organisation = _template_organisation(request)
    try:
        data, _codes = importers.template(row, year, organisation)
    except InputError as err:
        messages.error(request, err.brief(where=False))
        return redirect("web:ws-import")
    name = f"shinchoku-template-{year}{'-' + organisation if organisation else ''}.xlsx"
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """A background import's state and progress (its user's, or the secretariat's)."""
    found = get_object_or_404(ImportJob.objects.select_related("run"), pk=pk)
    if not allowed(request.user, "shinchoku.view_import", found):
        raise PermissionDenied(_("この取込みを見る権限がありません"))
    stalled = jobs.stalled(found)
    kept = problem_lists.find(found.upload) if found.state == "failed" else None
    return render(
        request,
        "observations/workspace/job.html",
        {
            "job": found,
            "stalled": stalled,
            "running": found.state in ("queued", "running") and not stalled,
            "steps": ImportJob.STEPS,
            "percent": round(100 * found.step / ImportJob.STEPS),
            "problem_list": kept,
            # the list was kept but its folder expired (uploads.store): say so, and for how long
            "problems_expired": found.problems_kept and kept is None,
            "expiry_hours": f"{upload_store.expiry_hours():g}",
        },
    )


@login_required
@require_GET
def job_problems(request: HttpRequest, pk: int) -> HttpResponse:
    """Every problem of a background import refused, as CSV (its user's, or the
    secretariat's); gone with the upload expiry."""
    found = get_object_or_404(ImportJob, pk=pk)
    if not allowed(request.user, "shinchoku.view_import", found):
        raise PermissionDenied(_("この取込みを見る権限がありません"))
    kept = problem_lists.find(found.upload) if found.state == "failed" else None
    if kept is None:
        raise Http404
    return _problems_csv(request, kept)


def _let_go(request: HttpRequest, token: str | None) -> None:
    """Forget a confirmed or refused upload: its session token and its file."""
    request.session.pop("upload", None)
    request.session.pop("upload_rows", None)
    request.session.pop("upload_plan", None)
    upload_store.discard(token)


def _preview_rows(row: plan_models.Plan, outcome: importers.Outcome) -> list[dict]:
    """Each change with its indicator (named in the page's language) and the year as the
    indicator counts it."""
    indicators = {i.code: i for i in row.indicators.all()}
    rows = []
    for change in outcome.changes:
        ind = indicators[change.observation.indicator]
        label = year_label(change.observation.year, ind.period_kind)
        rows.append({"change": change, "indicator": ind, "year_label": label})
    return rows
