"""How large an input file may be: one set of limits for the web upload and the command line.

Each limit is checked while the file is read (bytes before reading, XLSX parts before they are
expanded, rows and cells as they stream), so a hostile file is refused before memory grows.
The values in force are Django's ``SHINCHOKU_UPLOAD_LIMITS`` (settings.py, from environment
variables); readers called without limits use the defaults below.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from ..core.messages import tr
from .errors import InputError, Problem

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Upper bounds for one input file (documented in docs/observations.md)."""

    max_bytes: int = 20 * MB  # the file as uploaded
    max_rows: int = 200_000  # rows of a CSV or sheet, blank rows included
    max_columns: int = 100  # columns holding a value
    max_cell_chars: int = 10_000  # characters in one cell
    max_unzipped_bytes: int = 100 * MB  # an XLSX's parts once expanded (declared and actual)
    max_shared_strings: int = 1_000_000  # distinct texts an XLSX keeps in its shared strings
    max_cells: int = 2_000_000  # cells in an XLSX (a tenth of that for workbooks read whole)
    max_photo_bytes: int = 2 * MB  # one registry photo

    @classmethod
    def from_env(cls, env: Mapping[str, str], prefix: str = "SHINCHOKU_UPLOAD_") -> Limits:
        """Defaults overridden by ``SHINCHOKU_UPLOAD_MAX_BYTES`` … (``_MB`` suffix for sizes)."""
        values: dict[str, int] = {}
        for f in dataclasses.fields(cls):
            key = prefix + f.name.upper()
            mb_key = key.removesuffix("_BYTES") + "_MB" if key.endswith("_BYTES") else ""
            if env.get(key):
                values[f.name] = int(env[key])
            elif mb_key and env.get(mb_key):
                values[f.name] = int(float(env[mb_key]) * MB)
        return cls(**values)

    def raised(self, factor: int) -> Limits:
        """Every limit multiplied (``--trusted`` on the command line, for a large known file)."""
        return Limits(**{f.name: getattr(self, f.name) * factor for f in dataclasses.fields(self)})


DEFAULT = Limits()


def size_text(n: int) -> str:
    """A byte count as people read it: 20 MB, 512 KB."""
    if n >= MB:
        return f"{n / MB:,.1f} MB".replace(".0 MB", " MB")
    return f"{max(1, round(n / 1024)):,} KB"


def too_large(source: str, size: int, limit: int) -> InputError:
    """The error for a file over the size limit, saying what to do."""
    message = tr(
        "ファイルが大きすぎます（{size}、上限 {limit}）: "
        "必要な行だけのファイルに分けて取り込んでください",
        size=size_text(size),
        limit=size_text(limit),
    )
    return InputError([Problem(source, message)], source)


def check_size(size: int, source: str, limits: Limits = DEFAULT) -> None:
    """Refuse a file over ``max_bytes`` before it is read."""
    if size > limits.max_bytes:
        raise too_large(source, size, limits.max_bytes)


def too_many_rows(source: str, limits: Limits) -> InputError:
    """The error for a table with more rows than ``max_rows``."""
    message = tr(
        "行が多すぎます（上限 {limit}行。空の行も数えます）: "
        "不要な行を削除するか、ファイルを分けて取り込んでください",
        limit=f"{limits.max_rows:,}",
    )
    return InputError([Problem(source, message)], source)


def too_many_columns(where: str, source: str, count: int, limits: Limits) -> InputError:
    """The error for a row with values beyond ``max_columns``."""
    message = tr(
        "列が多すぎます（{count}列目に値があります。上限 {limit}列）: "
        "観測値の表は indicator, year, value, source などの列だけにしてください",
        count=f"{count:,}",
        limit=limits.max_columns,
    )
    return InputError([Problem(where, message)], source)


def too_long_cell(where: str, source: str, length: int, limits: Limits) -> InputError:
    """The error for a cell longer than ``max_cell_chars``."""
    message = tr(
        "セルの文字数が多すぎます（{length}字、上限 {limit}字）: セルの内容を確かめてください",
        length=f"{length:,}",
        limit=f"{limits.max_cell_chars:,}",
    )
    return InputError([Problem(where, message)], source)
