"""Forms of the user pages: add a user, change role and organisation, set a password.

The rules (roles, organisations, password strength) are the accounts services'; these forms
only collect the fields and show the services' problems at them.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from ..core.messages import local
from ..widgets import MarkedSelect
from .models import ROLES, Profile


def _choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    # plan.Organisation, reached through the relation: accounts sits below the plan app
    organisations = Profile._meta.get_field("organisation").related_model.objects.all()
    orgs = [("", "—")] + [(o.code, local(o, "name")) for o in organisations]
    return list(ROLES), orgs


class UserChangeForm(forms.Form):
    """A user's role, organisation and e-mail address."""

    role = forms.ChoiceField(label=_("役割"), choices=[])
    organisation = forms.ChoiceField(
        label=_("組織（庁内関係部署・連携機関は必須）"),
        choices=[],
        required=False,
        widget=MarkedSelect,
    )
    email = forms.EmailField(
        label=_("メールアドレス（督促とパスワード再設定の宛先）"), required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        roles, orgs = _choices()
        self.fields["role"].choices = roles
        self.fields["organisation"].choices = orgs


class PasswordPairForm(forms.Form):
    """A new password, typed twice."""

    password1 = forms.CharField(
        label=_("新しいパスワード"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("新しいパスワード（確認）"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("2つのパスワードが一致しません"))
        return data


class UserAddForm(UserChangeForm, PasswordPairForm):
    """A new user: name, role, organisation, e-mail and a first password."""

    username = forms.CharField(label=_("ユーザー名"), max_length=150)
    field_order = ("username", "role", "organisation", "email", "password1", "password2")
