"""Uploads kept between a preview and its confirmation, under the data directory.

Each upload gets a folder of its own, named by a random token (kept in the session), holding
the file under the user's own file name so that errors name it. A folder is removed when
its preview is confirmed or fails (a refused file's folder keeps only the list of its
problems, uploads.problems, until the user's next upload), and any folder older than
``SHINCHOKU_UPLOAD_EXPIRY_HOURS`` is removed by the next upload or by
``shinchoku clean-uploads``; so is anything a killed worker left in ``incoming/``.
"""

from __future__ import annotations

import re
import shutil
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

_TOKEN = re.compile(r"[0-9a-f]{32}")


def root() -> Path:
    """The upload directory (settings ``SHINCHOKU_UPLOAD_DIR``, under the data directory)."""
    return Path(settings.SHINCHOKU_UPLOAD_DIR)


def expiry_hours() -> float:
    """How long a kept upload (and a refused one's list of problems) stays: settings
    ``SHINCHOKU_UPLOAD_EXPIRY_HOURS``."""
    return float(settings.SHINCHOKU_UPLOAD_EXPIRY_HOURS)


def _expiry_seconds() -> float:
    return expiry_hours() * 3600


def new_folder() -> str:
    """An empty folder of its own (for a flow that reads its upload in memory but keeps the
    list of a refused one's problems, uploads.problems); return its token."""
    sweep()
    token = uuid.uuid4().hex
    (root() / token).mkdir(parents=True)
    return token


def keep(upload: UploadedFile) -> str:
    """Store an upload in a folder of its own, streaming it; return the folder's token."""
    token = new_folder()
    folder = root() / token
    name = Path(upload.name or "").name[-200:] or "upload"
    try:
        with (folder / name).open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
    except OSError:
        discard(token)
        raise
    return token


def folder(token: str | None) -> Path | None:
    """The folder kept under ``token``, or None when it is gone or expired."""
    if not token or not _TOKEN.fullmatch(token):
        return None
    found = root() / token
    try:
        if time.time() - found.stat().st_mtime > _expiry_seconds():
            discard(token)
            return None
    except OSError:
        return None
    return found


def path(token: str | None) -> Path | None:
    """The file kept under ``token``, or None when it is gone or expired."""
    found = folder(token)
    if found is None:
        return None
    try:
        files = [p for p in found.iterdir() if p.is_file()]
    except OSError:
        return None
    return files[0] if len(files) == 1 else None


def drop_file(token: str | None) -> None:
    """Remove the uploaded file kept under ``token`` but not its folder (a refused file's
    list of problems stays in it, uploads.problems, until the folder is removed)."""
    found = folder(token)
    if found is not None:
        for p in found.iterdir():
            if p.is_file():
                p.unlink(missing_ok=True)


def discard(token: str | None) -> None:
    """Remove the folder kept under ``token`` (nothing when there is none)."""
    if token and _TOKEN.fullmatch(token):
        shutil.rmtree(root() / token, ignore_errors=True)


def sweep(older_than_hours: float | None = None) -> int:
    """Remove kept uploads (and spilled parts) older than the expiry; how many were removed."""
    age = _expiry_seconds() if older_than_hours is None else older_than_hours * 3600
    cutoff = time.time() - age
    removed = 0
    if not root().is_dir():
        return 0
    for entry in root().iterdir():
        try:
            if entry.name == "incoming" and entry.is_dir():
                for part in entry.iterdir():
                    if part.stat().st_mtime < cutoff:
                        part.unlink(missing_ok=True)
                        removed += 1
            elif _TOKEN.fullmatch(entry.name) and entry.stat().st_mtime < cutoff:
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
        except OSError:
            continue
    return removed


def pending() -> list[Path]:
    """Every kept upload folder (for checks and tests)."""
    if not root().is_dir():
        return []
    return sorted(p for p in root().iterdir() if _TOKEN.fullmatch(p.name))
