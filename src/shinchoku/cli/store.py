"""Opening the store for a command: settings, migrations, the built-in plan on first use."""

from __future__ import annotations

import io
import os
import re

import click
import dj_database_url


def setup_django(database: str | None = None) -> None:
    """Configure Django once for this process, with ``database`` if given."""
    import django

    if database:
        os.environ["SHINCHOKU_DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shinchoku.settings")
    try:
        django.setup()
    except dj_database_url.UnknownSchemeError as err:
        raise click.ClickException(f"データベースURLの形式が読めません: {err}") from None


def _shown(url: str) -> str:
    """The database URL with any password hidden."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


def open_store(database: str | None = None):  # -> shinchoku.plan.models.Plan
    """Migrate if needed, load the built-in plan into an empty database, return the plan."""
    setup_django(database)
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.db.migrations.executor import MigrationExecutor
    from django.db.utils import OperationalError

    try:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
    except OperationalError as err:
        from ..settings import database_url

        raise click.ClickException(
            f"データベースに接続できません（{_shown(database_url())}）: {err}"
        ) from None

    from ..observations import services as observations
    from ..plan import models as plan_models
    from ..plan import services as plans

    with transaction.atomic():
        if not plan_models.Plan.objects.exists():
            plan = plans.load_builtin()
            observations.load_history(plan)
    return plans.current_plan()
