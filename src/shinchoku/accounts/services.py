"""The accounts app's verbs: add, change and deactivate users, set passwords, issue API
tokens. Each is the secretariat's (``manage_users``; None is the command line) and audited."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from ..audit.services import log
from ..core.messages import named, tr
from ..ingest.errors import InputError, Problem
from .models import DEPARTMENT, PARTNER, ROLES, SECRETARIAT, Profile
from .permissions import require


def _organisation(organisation: str | None, role: str, problems: list[Problem]) -> Any:
    """The organisation named by code or name; a problem when unknown or missing."""
    roles = [code for code, _ in ROLES]
    if role not in roles:
        problems.append(
            Problem("--role", tr("役割は {roles} のいずれかです", roles=", ".join(roles)))
        )
    if organisation:
        # plan.Organisation, reached through the relation: accounts sits below the plan app
        organisations = Profile._meta.get_field("organisation").related_model.objects
        org = organisations.filter(code=organisation).first() or (
            organisations.filter(name=organisation).first()
        )
        if org is None:
            known = named(organisations.all())
            message = tr("「{name}」はありません: {known}", name=organisation, known=known)
            problems.append(Problem("--organisation", message))
        return org
    if role in (DEPARTMENT, PARTNER):
        problems.append(
            Problem("--organisation", tr("庁内関係部署と連携機関の利用者には組織が必要です"))
        )
    return None


def _password_problems(password: str, user: Any) -> list[Problem]:
    try:
        validate_password(password, user)
    except ValidationError as err:
        return [Problem("password", m) for m in err.messages]
    return []


def _grant(user: Any, role: str) -> None:
    """The secretariat runs the Django admin too; nobody else does."""
    user.is_staff = user.is_superuser = role == SECRETARIAT


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
    require(actor, "shinchoku.manage_users", what="利用者を追加できるのは事務局だけです")
    problems: list[Problem] = []
    org = _organisation(organisation, role, problems)
    users = get_user_model()
    problems += field_problems(users, "email", email, "--email")
    if not name.strip():
        problems.append(Problem("NAME", tr("ユーザー名を入力してください")))
    else:
        problems += field_problems(users, "username", name, "NAME")
    if name.strip() and users.objects.filter(username=name).exists():
        problems.append(Problem("NAME", tr("「{name}」という利用者はすでにいます", name=name)))
    problems += _password_problems(password, users(username=name, email=email))
    if problems:
        raise InputError(problems)
    user = users.objects.create_user(username=name, email=email, password=password)
    _grant(user, role)
    user.save(update_fields=["is_staff", "is_superuser"])
    Profile.objects.create(user=user, role=role, organisation=org)
    log(actor, "user.add", name, None, {"role": role, "organisation": org.code if org else None})
    return user


def _find(name: str) -> Any:
    user = get_user_model().objects.filter(username=name).select_related("profile").first()
    if user is None:
        raise InputError([Problem("USER", tr("「{name}」という利用者はいません", name=name))])
    return user


def _profile_state(user: Any) -> dict[str, Any]:
    profile = getattr(user, "profile", None)
    org = profile.organisation if profile else None
    return {
        "role": profile.role if profile else None,
        "organisation": org.code if org else None,
        "email": user.email,
    }


@transaction.atomic
def change_user(
    name: str, role: str, organisation: str | None = None, email: str = "", actor: Any = None
) -> Any:
    """Set a user's role, organisation and e-mail address."""
    require(actor, "shinchoku.manage_users", what="利用者を変更できるのは事務局だけです")
    user = _find(name)
    problems: list[Problem] = []
    org = _organisation(organisation, role, problems)
    if user == actor and role != SECRETARIAT:
        problems.append(Problem("role", "自分の役割は事務局から外せません（別の事務局の方に）"))
    if problems:
        raise InputError(problems)
    before = _profile_state(user)
    Profile.objects.update_or_create(user=user, defaults={"role": role, "organisation": org})
    user.email = email.strip()
    _grant(user, role)
    user.save(update_fields=["email", "is_staff", "is_superuser"])
    user.refresh_from_db()
    after = _profile_state(user)
    if before != after:
        log(actor, "user.change", name, before, after)
    return user


@transaction.atomic
def set_active(name: str, active: bool, actor: Any = None) -> Any:
    """Deactivate a user (they can no longer sign in; their records stay) or reactivate."""
    require(actor, "shinchoku.manage_users", what="利用者を停止できるのは事務局だけです")
    user = _find(name)
    if not active and user == actor:
        raise InputError([Problem("USER", "自分自身は利用停止にできません")])
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        log(actor, "user.activate" if active else "user.deactivate", name,
            {"active": not active}, {"active": active})  # fmt: skip
    return user


@transaction.atomic
def set_password(name: str, password: str, actor: Any = None) -> Any:
    """Give a user a new password (the secretariat, when someone is locked out)."""
    require(actor, "shinchoku.manage_users", what="パスワードを再設定できるのは事務局だけです")
    user = _find(name)
    problems = _password_problems(password, user)
    if problems:
        raise InputError(problems)
    user.set_password(password)
    user.save(update_fields=["password"])
    log(actor, "user.password_set", name)
    return user


@transaction.atomic
def create_token(name: str, actor: Any = None) -> str:
    """A new API token for the user (any earlier token stops working)."""
    require(actor, "shinchoku.manage_users", what="API トークンを発行できるのは事務局だけです")
    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        raise InputError([Problem("USER", tr("「{name}」という利用者はいません", name=name))])
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    log(actor, "token.create", name)
    return token.key
