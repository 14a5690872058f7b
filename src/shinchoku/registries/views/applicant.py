"""A business's own pages: sign up, apply, follow its applications (and only its own)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ...accounts.permissions import NotAllowed
from .. import applications, pending, rules
from ..criteria import criteria
from ..forms import ProductForm, ShopForm, SignupForm
from ..maps import lang
from ..models import Product, Shop
from ..rules import RuleError

KINDS = {"product": Product, "shop": Shop}
RECEIVED = gettext_lazy("申請を受け付けました。審査の結果はこのページでお知らせします。")
CHANGED = gettext_lazy("申請の内容を変更しました。")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """An account for applying: user name, e-mail and password; no staff role."""
    goto = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(goto, {request.get_host()}, request.is_secure()):
        goto = ""
    if request.user.is_authenticated:
        return redirect(goto or "registries:my")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = applications.register_applicant(
            form.cleaned_data["username"], form.cleaned_data["password1"],
            form.cleaned_data.get("email") or "",
        )  # fmt: skip
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("アカウントを作成しました。申請を始められます。"))
        return redirect(goto or "registries:my")
    return render(request, "registries/signup.html", {"form": form, "next": goto})


@login_required
@require_GET
def my(request: HttpRequest) -> HttpResponse:
    """The signed-in business's applications and their states."""
    return render(request, "registries/my.html", {
        "products": Product.objects.filter(applicant=request.user),
        "shops": Shop.objects.filter(applicant=request.user),
    })  # fmt: skip


def _show_error(form: Any, err: RuleError) -> None:
    """A service's refusal on the field it is about (else at the top of the form)."""
    field = getattr(err, "field", None)
    form.add_error(field if field in form.fields else None, str(err))


def _product_form(request: HttpRequest, row: Product | None) -> HttpResponse:
    """Apply for (``row`` None) or change a product application; photos chosen survive an
    error anywhere on the form (``pending``), every error shows at once at its field."""
    token = pending.form_token(request)  # per open form, not per session
    draft = f"product-{row.pk if row else 'new'}-{token}"
    slots = 2 - (row.photos.count() if row else 0)
    form = ProductForm(request.POST or None, request.FILES or None, instance=row, slots=slots)
    if request.method == "POST":
        valid = form.is_valid()
        for n in pending.SLOTS[:slots]:
            if request.POST.get(f"drop{n}"):
                pending.drop(request, draft, n)
            upload = form.cleaned_data.get(f"photo{n}") if f"photo{n}" not in form.errors else None
            if upload:
                pending.keep(request, draft, n, upload)
        if valid:
            data = {k: form.cleaned_data[k] for k in ProductForm.Meta.fields}
            photos = [(pending.read(request, draft, n), form.cleaned_data.get(f"alt{n}") or "")
                      for n in sorted(pending.held(request, draft))]  # fmt: skip
            try:
                if row is None:
                    found = applications.apply_product(request.user, data, photos, language=lang())
                else:
                    found = applications.edit_application(request.user, row, data, photos)
            except RuleError as err:
                _show_error(form, err)
            else:
                pending.drop(request, draft)
                messages.success(request, RECEIVED if row is None else CHANGED)
                return redirect("registries:application", kind="product", pk=found.pk)
    form.show_held(pending.held(request, draft))
    return render(request, "registries/apply_product.html", {
        "form": form, "row": row, "criteria": criteria("product", lang()), "draft": token,
    })  # fmt: skip


def _shop_form(request: HttpRequest, row: Shop | None) -> HttpResponse:
    """Apply for (``row`` None) or change a shop's registration."""
    initial = {"products": list(row.products.all())} if row else None
    form = ShopForm(request.POST or None, instance=row, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ShopForm.Meta.fields}
        carried = form.cleaned_data["products"]
        try:
            if row is None:
                found = applications.apply_shop(request.user, data, carried, language=lang())
            else:
                found = applications.edit_application(request.user, row, data, products=carried)
        except RuleError as err:
            _show_error(form, err)
        else:
            messages.success(request, RECEIVED if row is None else CHANGED)
            return redirect("registries:application", kind="shop", pk=found.pk)
    return render(request, "registries/apply_shop.html", {
        "form": form, "row": row, "criteria": criteria("shop", lang()),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def apply_product(request: HttpRequest) -> HttpResponse:
    """Apply for a product's certification as a 所沢ブランド特産品."""
    return _product_form(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def apply_shop(request: HttpRequest) -> HttpResponse:
    """Apply for registration as a 販売協力店."""
    return _shop_form(request, None)


def _own(request: HttpRequest, kind: str, pk: int) -> Product | Shop:
    """The signed-in applicant's own application (404 for anyone else's)."""
    model = KINDS.get(kind)
    found = model and model.objects.filter(pk=pk, applicant=request.user).first()
    if not found:
        raise Http404
    return found


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Change one's own application while it is 申請; afterwards the page says why not."""
    found = _own(request, kind, pk)
    if not rules.editable(found.state):
        messages.error(request, _(rules.LOCKED))
        return redirect("registries:application", kind=kind, pk=pk)
    return (_product_form if kind == "product" else _shop_form)(request, found)


@login_required
@require_POST
def withdraw(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Withdraw one's own application while it is 申請 (kept, marked 取下げ)."""
    found = _own(request, kind, pk)
    try:
        applications.withdraw_application(request.user, found, request.POST.get("reason", ""))
    except NotAllowed as err:
        raise PermissionDenied(str(err)) from None
    except RuleError as err:
        messages.error(request, _(str(err)))
    else:
        messages.success(request, _("申請を取り下げました。記録は残ります。"))
    return redirect("registries:application", kind=kind, pk=pk)


def application_row(user, kind: str, pk: int) -> Product | Shop:
    """An application ``user`` may see (their own, or any for the secretariat), else 404."""
    model = KINDS.get(kind)
    if model is None:
        raise Http404
    found = applications.visible(user, model.objects.all()).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def application(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """One application: what was sent, its state, and every step of its review with reasons."""
    found = application_row(request.user, kind, pk)
    return render(request, "registries/application.html", {
        "kind": kind, "item": found, "events": found.events.all(),
        "reviewer": applications.is_reviewer(request.user),
        "own": found.applicant_id == request.user.pk,
        "editable": rules.editable(found.state), "locked": _(rules.LOCKED),
    })  # fmt: skip
