"""Large web imports recorded in the background, so no request waits for them.

The workspace confirms an upload of more than ``SHINCHOKU_BACKGROUND_IMPORT_ROWS`` rows
(default 5,000) as an ``ImportJob``: a thread of the web worker runs the same
``importers.import_any`` as the request would, recording each step for the job's page, and
removes the upload when it ends, whether it succeeded or failed (a refused file's page
lists its first ``SHOWN_PROBLEMS`` problems; when there are more, all of them are kept as a
CSV in the upload's folder until the upload expiry, uploads.problems). With
``SHINCHOKU_JOBS_INLINE`` (tests) the job runs before ``start`` returns. A job still
"running" an hour after its last step belongs to a worker that was stopped: its page says
so and its upload is removed by the next sweep.
"""

from __future__ import annotations

import datetime
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..ingest.errors import SHOWN_PROBLEMS, InputError
from ..plan.models import Plan
from ..uploads import problems, store
from . import importers
from .models import ImportJob

logger = logging.getLogger(__name__)
STALE = datetime.timedelta(hours=1)
threads: list[threading.Thread] = []  # started jobs (tests join them)


def background(rows: int) -> bool:
    """Whether an upload of ``rows`` observations is recorded in the background."""
    return rows > int(getattr(settings, "SHINCHOKU_BACKGROUND_IMPORT_ROWS", 5000))


def start(
    plan: Plan, token: str, path: Path, rows: int, actor: Any, confirm: bool = False
) -> ImportJob:
    """Queue the import of a kept upload and start it (``confirm``: large changes were
    accepted on the preview); the job to follow."""
    job = ImportJob.objects.create(
        file_name=path.name[:300], upload=token, user=actor, rows=rows, state="queued"
    )
    if getattr(settings, "SHINCHOKU_JOBS_INLINE", False):
        run(job.pk, plan.pk, path, confirm)
    else:
        # The job's messages (a refusal is kept on the job, rendered) in the language of
        # the page that started it: a new thread starts in the site's language.
        spoken = (translation.get_language(), _in_thread, job.pk, plan.pk, path, confirm)
        thread = threading.Thread(target=_in_language, args=spoken, daemon=True)
        threads[:] = [t for t in threads if t.is_alive()]
        threads.append(thread)
        thread.start()
    return job


def _in_language(lang: str | None, run_job: Callable[..., None], *args: Any) -> None:
    """``run_job(*args)`` with Django's language (and so core.messages') set to ``lang``."""
    with translation.override(lang):
        run_job(*args)


def _in_thread(pk: int, plan_pk: int, path: Path, confirm: bool) -> None:
    close_old_connections()
    try:
        run(pk, plan_pk, path, confirm)
    finally:
        connection.close()


def run(pk: int, plan_pk: int, path: Path, confirm: bool = False) -> None:
    """Record a queued job's upload, whole or not at all; remove the upload either way."""
    job = ImportJob.objects.select_related("user").get(pk=pk)
    plan = Plan.objects.get(pk=plan_pk)

    def step(n: int) -> None:
        ImportJob.objects.filter(pk=pk).update(step=n, updated_at=timezone.now())

    ImportJob.objects.filter(pk=pk).update(state="running", updated_at=timezone.now())
    refused = False
    try:
        outcome = importers.import_any(
            plan, path, job.user, progress=step, confirm=confirm, hint=_("確認欄")
        )
    except InputError as err:
        _end(pk, "failed", err.render(shown=SHOWN_PROBLEMS))  # first: never left "running"
        # The page lists the first problems; when some are left out, every one is in a CSV
        # kept in the upload's folder (the file itself removed), for the job's user.
        if len(err.problems) > SHOWN_PROBLEMS:
            try:
                problems.keep(job.upload, err, job.user_id, job.file_name)
                refused = True
                ImportJob.objects.filter(pk=pk).update(problems_kept=True)
            except Exception:  # no room for the list: the page still shows the first problems
                logger.exception("import job %s: the list of its problems was not kept", pk)
    except Exception as err:  # our bug or the database: the job must not stay "running"
        _end(pk, "failed", f"取り込めませんでした（{type(err).__name__}: {err}）")
        raise
    else:
        _end(pk, "done", "", outcome.run)
    finally:
        if not refused:
            store.discard(job.upload)


def _end(pk: int, state: str, message: str, run: Any = None) -> None:
    ImportJob.objects.filter(pk=pk).update(
        state=state, message=message, run=run, step=ImportJob.STEPS, updated_at=timezone.now()
    )


def stalled(job: ImportJob) -> bool:
    """True for a job whose worker stopped before it ended."""
    return job.state in ("queued", "running") and timezone.now() - job.updated_at > STALE
