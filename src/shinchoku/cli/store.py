"""Opening the store for a command: settings, migrations, the built-in plan on first use."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

import dj_database_url

from ..core.messages import tr
from .errors import UserError
from .language import activate_django


def setup_django(database: str | None = None) -> None:
    """Configure Django once for this process, with ``database`` if given."""
    import django

    if database:
        os.environ["SHINCHOKU_DATABASE_URL"] = database
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shinchoku.settings")
    try:
        django.setup()
    except dj_database_url.UnknownSchemeError as err:
        raise UserError(tr("データベースURLの形式が読めません: {err}", err=err)) from None
    activate_django()


def share_cache() -> None:
    """The cache ``serve`` uses (``check`` checks that one): one file cache for every
    worker, ``./cache`` unless SHINCHOKU_CACHE_DIR names one. A page or report is then
    built once for all of them, and when the public data changes one worker rebuilds a
    page while the others serve its previous copy (``pagecache``)."""
    from django.conf import settings

    if settings.configured:  # already set up in this process (a test): leave it as it is
        return
    if not (os.environ.get("SHINCHOKU_CACHE_DIR") or os.environ.get("CACHE_DIR")):
        os.environ["SHINCHOKU_CACHE_DIR"] = str(Path.cwd() / "cache")


def _shown(url: str) -> str:
    """The database URL with any password hidden."""
    return re.sub(r"://([^:/@]+):[^@]*@", r"://\1:***@", url)


def _all_applied() -> bool:
    """Whether every migration file of every app is recorded as applied.

    Lists the migration folders and reads ``django_migrations`` without importing a single
    migration module, so an up-to-date store opens without Django's migration loader (the
    full check runs whenever a file is not recorded, e.g. after an upgrade).
    """
    from django.apps import apps
    from django.db import DatabaseError, connection

    on_disk = set()
    for app in apps.get_app_configs():
        folder = Path(app.path) / "migrations"
        if folder.is_dir():
            on_disk |= {(app.label, f.stem) for f in folder.glob("*.py") if f.stem != "__init__"}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = set(cursor.fetchall())
    except DatabaseError:  # a new database: no migrations table yet
        return False
    return on_disk <= applied


def open_store(
    database: str | None = None, slug: str | None = None
):  # -> shinchoku.plan.models.Plan
    """Migrate if needed, load the built-in plan into an empty database, return the plan
    ``slug`` names (``--plan``), else the default plan (plan/selection.py)."""
    setup_django(database)
    from django.db.utils import OperationalError

    try:
        if not _all_applied():
            _migrate()
    except OperationalError as err:
        from ..health import is_database_busy
        from ..settings import database_url

        if is_database_busy(err):
            raise
        raise UserError(
            tr("データベースに接続できません（{url}）: {err}", url=_shown(database_url()), err=err)
        ) from None

    from django.db import transaction

    from ..plan import models as plan_models
    from ..plan import services as plans

    if not plan_models.Plan.objects.exists():  # checked without the write lock first
        from ..observations import services as observations

        with transaction.atomic():
            if not plan_models.Plan.objects.exists():
                plan = plans.load_builtin()
                observations.load_history(plan)
    from ..plan.selection import select_plan

    return select_plan(slug)


def _migrate() -> None:
    """Apply whatever migrations are pending (the full check of Django's loader)."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
