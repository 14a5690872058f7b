"""The accounts app's verbs: add a user with a role, issue an API token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from ..audit.services import log
from ..ingest.errors import InputError, Problem
from ..plan.models import Organisation
from .models import DEPARTMENT, PARTNER, ROLES, SECRETARIAT, Profile


def field_problems(model: Any, field: str, value: str, where: str) -> list[Problem]:
    """What the model field would refuse in ``value`` (blank, too long, characters), checked
    before the database sees it: PostgreSQL refuses a long name with DataError, SQLite
    stores it."""
    try:
        model._meta.get_field(field).clean(value, None)
    except ValidationError as err:
        return [Problem(where, m) for m in err.messages]
    return []


@transaction.atomic
def add_user(
    name: str,
    role: str,
    password: str,
    organisation: str | None = None,
    actor: Any = None,
    email: str = "",
) -> Any:
    """Create a user with a role (and organisation for department and partner users)."""
    problems = []
    roles = [code for code, _ in ROLES]
    if role not in roles:
        problems.append(Problem("--role", f"役割は {', '.join(roles)} のいずれかです"))
    org = None
    if organisation:
        org = Organisation.objects.filter(code=organisation).first() or (
            Organisation.objects.filter(name=organisation).first()
        )
        if org is None:
            known = "、".join(f"{o.code}（{o.name}）" for o in Organisation.objects.all())
            problems.append(Problem("--organisation", f"「{organisation}」はありません: {known}"))
    elif role in (DEPARTMENT, PARTNER):
        problems.append(
            Problem("--organisation", "庁内関係部署と連携機関の利用者には組織が必要です")
        )
    users = get_user_model()
    problems += field_problems(users, "username", name, "NAME")
    problems += field_problems(users, "email", email, "--email")
    if users.objects.filter(username=name).exists():
        problems.append(Problem("NAME", f"「{name}」という利用者はすでにいます"))
    try:
        validate_password(password, users(username=name))
    except ValidationError as err:
        problems += [Problem("password", m) for m in err.messages]
    if problems:
        raise InputError(problems)
    user = users.objects.create_user(
        username=name,
        email=email,
        password=password,
        is_staff=role == SECRETARIAT,
        is_superuser=False,
    )
    Profile.objects.create(user=user, role=role, organisation=org)
    if role == SECRETARIAT:  # the secretariat runs the Django admin too
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
    log(actor, "user.add", name, None, {"role": role, "organisation": org.code if org else None})
    return user


@transaction.atomic
def create_token(name: str, actor: Any = None) -> str:
    """A new API token for the user (any earlier token stops working)."""
    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        raise InputError([Problem("USER", f"「{name}」という利用者はいません")])
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    log(actor, "token.create", name)
    return token.key
