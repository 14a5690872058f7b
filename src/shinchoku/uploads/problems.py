"""Every problem of a refused upload, as a CSV a user sorts and fixes the file with in Excel.

A refused file's page (the import preview, a background import's page) lists the first
``ingest.errors.SHOWN_PROBLEMS`` problems and counts the rest; when some are left out,
the whole list is streamed to ``problems/problems.csv`` in the upload's own folder
(uploads.store), the refused file itself removed, and goes with the folder: the user's
next upload (a preview's), or the upload expiry.
At most the upload row limit of problems are written (a file of 200,000 bad rows makes
neither a huge page nor a huge row). UTF-8 with a BOM, every cell neutralised (exports).
Who may download it: ``shinchoku.view_import`` on the list (``user_id``: the uploader).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.messages import tr
from ..exports import write_csv
from ..ingest.errors import InputError
from . import limits as upload_limits
from . import store

FOLDER = "problems"
CSV = "problems.csv"
META = "meta.json"


@dataclass(frozen=True)
class ProblemList:
    """A refused upload's kept list of problems: whose, of which file, how many."""

    token: str
    user_id: int | None  # the uploader (accounts.predicates.made_by)
    file_name: str
    count: int  # problems found
    written: int  # problems in the CSV: at most the row limit
    path: Path

    @property
    def download_name(self) -> str:
        """``obs-problems.csv`` for ``obs.csv``."""
        return f"{Path(self.file_name).stem or 'upload'}-problems.csv"


def header() -> list[str]:
    """The CSV's columns: where (file, row, column, field), what, and where as the page says."""
    return [tr("ファイル名"), tr("行"), tr("列"), tr("項目"), tr("問題の内容"), tr("場所")]


def rows(err: InputError, cap: int) -> Iterator[list[Any]]:
    """One row a problem, the first ``cap``; then a row counting those left out."""
    for p in err.problems[:cap]:
        yield [p.file or err.source, p.row or "", p.column, p.field, p.message, p.where]
    left = len(err.problems) - cap
    if left > 0:
        note = tr("ほか{n}件の問題は省略しました（一覧は{cap}件まで）", n=left, cap=cap)
        yield ["", "", "", "", note, ""]


def keep(token: str, err: InputError, user_id: int | None, file_name: str) -> ProblemList:
    """Write every problem of ``err`` (up to the row limit) beside the upload ``token``,
    for ``user_id``; the upload itself is removed (it was refused)."""
    cap = upload_limits().max_rows
    kept = store.folder(token)  # a token of the store's own, still kept
    if kept is None:
        raise ValueError(f"no kept upload {token!r}")
    folder = kept / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / CSV).open("w", encoding="utf-8", newline="") as out:
        write_csv(out, header(), rows(err, cap))
    meta = {
        "user": user_id,
        "file": file_name,
        "count": len(err.problems),
        "written": min(cap, len(err.problems)),
    }
    (folder / META).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    store.drop_file(token)
    found = find(token)
    assert found is not None
    return found


def find(token: str | None) -> ProblemList | None:
    """The list kept under ``token``, or None (none written, removed or expired)."""
    kept = store.folder(token)
    if kept is None or token is None:
        return None
    try:
        meta = json.loads((kept / FOLDER / META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return ProblemList(
        token=token,
        user_id=meta.get("user"),
        file_name=str(meta.get("file", "")),
        count=int(meta.get("count", 0)),
        written=int(meta.get("written", 0)),
        path=kept / FOLDER / CSV,
    )


def keep_apart(err: InputError, user_id: int | None, file_name: str) -> ProblemList | None:
    """Every problem of ``err`` in a folder of its own, for a flow that read its upload in
    memory (a plan revision): gone with the upload expiry; None when it could not be
    written (the page still lists the first problems)."""
    token = ""
    try:
        token = store.new_folder()
        return keep(token, err, user_id, file_name)
    except OSError:
        store.discard(token)
        return None
