"""Writing files into a folder: only those whose bytes changed, each replaced atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_files(directory: Path, files: dict[str, bytes]) -> list[str]:
    """Write ``files`` (relative path → bytes) under ``directory``; the paths written."""
    written = []
    for path in sorted(files):
        target = directory / path
        if target.is_file() and target.read_bytes() == files[path]:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
        with os.fdopen(fd, "wb") as out:
            out.write(files[path])
        os.chmod(temp, 0o644)
        os.replace(temp, target)
        written.append(path)
    return written
