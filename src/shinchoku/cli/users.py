"""``shinchoku user`` and ``shinchoku token``: people and their API tokens."""

from __future__ import annotations

import os

import click

from ..core.messages import tr
from .common import store, user_errors


@click.group("user")
def user_group() -> None:
    """Users and their roles."""


@user_group.command("add")
@click.argument("name")
@click.option(
    "--role",
    required=True,
    type=click.Choice(["secretariat", "department", "partner", "council"]),
)
@click.option("--organisation", help="Organisation code or name (department and partner users).")
@click.option("--email", default="", help="Where reminders go.")
@click.pass_context
def add(ctx: click.Context, name: str, role: str, organisation: str | None, email: str) -> None:
    """Add a user; the password comes from SHINCHOKU_PASSWORD or a prompt."""
    store(ctx)
    from ..accounts.permissions import SYSTEM
    from ..accounts.services import add_user

    password = os.environ.get("SHINCHOKU_PASSWORD") or click.prompt(
        "Password", hide_input=True, confirmation_prompt=True
    )
    with user_errors():
        add_user(name, role, password, organisation, email=email, actor=SYSTEM)
    click.echo(tr("利用者「{name}」（{role}）を追加しました", name=name, role=role))


@click.group("token")
def token_group() -> None:
    """API tokens for scripts."""


@token_group.command("create")
@click.argument("user")
@click.pass_context
def create(ctx: click.Context, user: str) -> None:
    """Print a new API token for USER (use as: Authorization: Token KEY)."""
    store(ctx)
    from ..accounts.permissions import SYSTEM
    from ..accounts.services import create_token

    with user_errors():
        click.echo(create_token(user, SYSTEM))
