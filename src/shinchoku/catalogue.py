"""The English of messages written outside Django's templates: locale/en.json, read once.

The same ja → en dict the web's gettext catalogue is filled from (``scripts/translations``);
``core.messages.tr`` looks texts up in it once a face installs it (the CLI, the web).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parent / "locale" / "en.json"


@cache
def english() -> dict[str, str]:
    """The ja → en catalogue (read once per process)."""
    return json.loads(CATALOGUE.read_text(encoding="utf-8"))
