"""Fixed dates in Office files (ZIP packages) when SOURCE_DATE_EPOCH is set."""

from __future__ import annotations

import datetime
import io
import re
import zipfile

from .context import source_date

_CORE_DATES = re.compile(r"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def fix_package(data: bytes) -> bytes:
    """The package with every entry time and core-property date set to SOURCE_DATE_EPOCH."""
    when = source_date()
    if when is None:
        return data
    return restamp(data, when)


def restamp(data: bytes, when: datetime.datetime) -> bytes:
    """Rewrite a ZIP package so that its dates are ``when`` and its bytes depend on nothing else."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    date_time = max(when.timetuple()[:6], (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w") as zout:
        for info in zin.infolist():
            content = zin.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = _CORE_DATES.sub(lambda m: f"{m[1]}{stamp}{m[3]}", content.decode("utf-8"))
                content = text.encode("utf-8")
            fixed = zipfile.ZipInfo(info.filename, date_time=date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            zout.writestr(fixed, content)
    return out.getvalue()
