"""A business's own pages: sign up, apply, follow its applications (and only its own)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from .. import services
from ..forms import ProductForm, ShopForm, SignupForm
from ..models import Product, Shop
from ..rules import RuleError

KINDS = {"product": Product, "shop": Shop}
RECEIVED = gettext_lazy("申請を受け付けました。審査の結果はこのページでお知らせします。")


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    """An account for applying: user name, e-mail and password; no staff role."""
    if request.user.is_authenticated:
        return redirect("registries:my")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.register_applicant(
            form.cleaned_data["username"], form.cleaned_data["password1"],
            form.cleaned_data.get("email") or "",
        )  # fmt: skip
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("アカウントを作成しました。申請を始められます。"))
        return redirect("registries:my")
    return render(request, "registries/signup.html", {"form": form})


@login_required
@require_GET
def my(request: HttpRequest) -> HttpResponse:
    """The signed-in business's applications and their states."""
    return render(request, "registries/my.html", {
        "products": Product.objects.filter(applicant=request.user),
        "shops": Shop.objects.filter(applicant=request.user),
    })  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def apply_product(request: HttpRequest) -> HttpResponse:
    """Apply for a product's certification as a 所沢ブランド特産品."""
    form = ProductForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ProductForm.Meta.fields}
        try:
            found = services.apply_product(request.user, data, form.photos())
        except RuleError as err:
            form.add_error("photo1", str(err))
        else:
            messages.success(
                request, _("申請を受け付けました。審査の結果はこのページでお知らせします。")
            )
            return redirect("registries:application", kind="product", pk=found.pk)
    return render(request, "registries/apply_product.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def apply_shop(request: HttpRequest) -> HttpResponse:
    """Apply for registration as a 販売協力店."""
    form = ShopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ShopForm.Meta.fields}
        try:
            found = services.apply_shop(request.user, data, form.cleaned_data["products"])
        except RuleError as err:
            form.add_error("products", str(err))
        else:
            messages.success(
                request, _("申請を受け付けました。審査の結果はこのページでお知らせします。")
            )
            return redirect("registries:application", kind="shop", pk=found.pk)
    return render(request, "registries/apply_shop.html", {"form": form})


def application_row(user, kind: str, pk: int) -> Product | Shop:
    """An application ``user`` may see (their own, or any for the secretariat), else 404."""
    model = KINDS.get(kind)
    if model is None:
        raise Http404
    found = services.visible(user, model.objects.all()).filter(pk=pk).first()
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
        "reviewer": services.is_reviewer(request.user),
    })  # fmt: skip
