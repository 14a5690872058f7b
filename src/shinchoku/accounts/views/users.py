"""User management in the workspace (secretariat): add, change role and organisation,
deactivate, set a new password. Every change goes through accounts.services and is audited."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ...ingest.errors import InputError
from .. import services as accounts
from ..forms import PasswordPairForm, UserAddForm, UserChangeForm
from ..permissions import NotAllowed, allowed

# Where the services name a problem → the form field that shows it.
FIELDS = {
    "--role": "role",
    "role": "role",
    "--organisation": "organisation",
    "NAME": "username",
    "password": "password1",
}


def _manager(request: HttpRequest) -> None:
    if not allowed(request.user, "shinchoku.manage_users"):
        raise PermissionDenied(_("利用者を管理できるのは事務局だけです"))


def _show(form: forms.Form, err: InputError) -> None:
    """Each of the first problems at its field (or above the form), then the count of the
    rest."""
    listed, more = err.shown()
    for p in listed:
        field = FIELDS.get(p.where)
        form.add_error(field if field in form.fields else None, p.message)
    if more:
        form.add_error(None, more)


@login_required
@require_http_methods(["GET", "POST"])
def users(request: HttpRequest) -> HttpResponse:
    """Every user with role, organisation and state; the form to add one."""
    _manager(request)
    form = UserAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = accounts.add_user(
                data["username"], data["role"], data["password1"],
                data["organisation"] or None, request.user, data["email"] or "",
            )  # fmt: skip
        except NotAllowed as err:
            raise PermissionDenied(str(err)) from None
        except InputError as err:
            _show(form, err)
        else:
            messages.success(request, _("利用者「%(name)s」を追加しました。") % {"name": user})
            return redirect("web:ws-users")
    rows = (
        get_user_model()
        .objects.select_related("profile__organisation")
        .order_by("-is_active", "username")
    )
    return render(request, "accounts/workspace/users.html", {"rows": rows, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def user(request: HttpRequest, pk: int) -> HttpResponse:
    """One user: change role, organisation and e-mail; deactivate or reactivate; password."""
    _manager(request)
    found = get_object_or_404(get_user_model().objects.select_related("profile"), pk=pk)
    profile = getattr(found, "profile", None)
    initial = {
        "role": profile.role if profile else "",
        "organisation": profile.organisation.code if profile and profile.organisation else "",
        "email": found.email,
    }
    action = request.POST.get("action", "")
    change = UserChangeForm(request.POST if action == "change" else None, initial=initial)
    password = PasswordPairForm(request.POST if action == "password" else None)
    name = found.get_username()
    try:
        if action == "change" and change.is_valid():
            d = change.cleaned_data
            accounts.change_user(name, d["role"], d["organisation"] or None, d["email"] or "",
                                 request.user)  # fmt: skip
            messages.success(request, _("役割と組織を保存しました。"))
            return redirect("web:ws-user", pk=pk)
        if action in ("deactivate", "activate"):
            accounts.set_active(name, action == "activate", request.user)
            done = _("利用を再開しました。") if action == "activate" else _("利用を停止しました。")
            messages.success(request, done)
            return redirect("web:ws-user", pk=pk)
        if action == "password" and password.is_valid():
            accounts.set_password(name, password.cleaned_data["password1"], request.user)
            done = _("新しいパスワードを設定しました。本人に安全な方法で伝えてください。")
            messages.success(request, done)
            return redirect("web:ws-user", pk=pk)
    except NotAllowed as err:
        raise PermissionDenied(str(err)) from None
    except InputError as err:
        _show(password if action == "password" else change, err)
        if action in ("deactivate", "activate"):
            messages.error(request, err.brief(where=False))
    return render(
        request,
        "accounts/workspace/user.html",
        {"found": found, "profile": profile, "change": change, "password": password},
    )
