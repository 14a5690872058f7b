"""Writing and exporting the audit log."""

from __future__ import annotations

import getpass
import json
from typing import Any

from ..exports import csv_text
from .models import AuditEntry


def actor_name(user: Any) -> str:
    """How the log names whoever acted: the user name, or the shell user for the CLI."""
    if user is not None and getattr(user, "is_authenticated", False):
        return user.get_username()
    try:
        return f"{getpass.getuser()} (CLI)"
    except (KeyError, OSError):
        return "(CLI)"


def log(user: Any, action: str, target: str, before: Any = None, after: Any = None) -> AuditEntry:
    """Record a change; call inside the change's own transaction."""
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    return AuditEntry.objects.create(
        user=user if authenticated else None,
        actor=actor_name(user),
        action=action,
        target=target,
        before=before,
        after=after,
    )


def export_csv(entries: Any) -> str:
    """The entries as CSV (UTF-8 with BOM so Excel opens it in Japanese)."""
    return csv_text(
        ["at", "actor", "action", "target", "before", "after"],
        (
            [
                e.at.isoformat(),
                e.actor,
                e.action,
                e.target,
                json.dumps(e.before, ensure_ascii=False) if e.before is not None else "",
                json.dumps(e.after, ensure_ascii=False) if e.after is not None else "",
            ]
            for e in entries
        ),
    )
