"""Photos chosen on an application form that failed: kept until the form is sent again.

A browser cannot refill a file input, so a photo that passed its own checks is stored as
a pending upload under the data directory (``uploads.store``), its token kept in the
session under the form's draft key (``product-new-<form>``, ``product-12-<form>``, where
``<form>`` is a token the page carries in a hidden ``draft`` field, so two forms open at once
keep their photos apart). The form then shows
「選択済みの写真: …」; choosing another file replaces it, 「この写真を使わない」 drops it,
and a successful submit takes it and removes it. Nothing chosen is dropped silently.
"""

from __future__ import annotations

import re
import secrets
from typing import Any

from django.http import HttpRequest

from ..uploads import store

SLOTS = (1, 2)
FORM_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def form_token(request: HttpRequest) -> str:
    """The token of this one open form: the one it posted back (hidden ``draft``), else a
    new one for a form just opened."""
    posted = request.POST.get("draft", "") if request.method == "POST" else ""
    return posted if FORM_TOKEN.fullmatch(posted) else secrets.token_urlsafe(16)


def _key(draft: str) -> str:
    return f"registries.pending.{draft}"


def held(request: HttpRequest, draft: str) -> dict[int, dict[str, str]]:
    """The photos kept for ``draft``, by slot: {1: {"name": …, "token": …}} (only live ones)."""
    kept = request.session.get(_key(draft), {})
    return {int(n): v for n, v in kept.items() if store.path(v.get("token"))}


def keep(request: HttpRequest, draft: str, slot: int, upload: Any) -> None:
    """Keep an uploaded photo for ``slot`` (replacing the one kept before)."""
    kept = request.session.get(_key(draft), {})
    old = kept.get(str(slot))
    if old:
        store.discard(old.get("token"))
    upload.seek(0)
    kept[str(slot)] = {"name": upload.name or "photo", "token": store.keep(upload)}
    request.session[_key(draft)] = kept


def drop(request: HttpRequest, draft: str, slot: int | None = None) -> None:
    """Forget one kept photo (or all of the draft's) and remove the files."""
    kept = request.session.get(_key(draft), {})
    for n in list(kept):
        if slot is None or int(n) == slot:
            store.discard(kept.pop(n).get("token"))
    if kept:
        request.session[_key(draft)] = kept
    else:
        request.session.pop(_key(draft), None)


def read(request: HttpRequest, draft: str, slot: int) -> bytes | None:
    """The bytes of the photo kept for ``slot``, or None."""
    found = held(request, draft).get(slot)
    path = store.path(found["token"]) if found else None
    return path.read_bytes() if path else None
