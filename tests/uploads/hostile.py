"""Hostile files for the upload limits, built in memory in well under a second each.

A zip bomb is written by hand: one megabyte of shared strings is deflated once (with a full
flush, which makes every repetition compress to the same bytes) and repeated, so a 1.5 GB
part costs about 1.5 MB and no 1.5 GB buffer is ever made. ``Body`` is a request body
generated as it is read, so a test can send hundreds of megabytes without holding them.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator

MB = 1024 * 1024
SCHEMAS = "http://schemas.openxmlformats.org"
SHEETML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
RELS = f"{SCHEMAS}/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Types xmlns="{SCHEMAS}/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{SHEETML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{SHEETML}.worksheet+xml"/>'
    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{SHEETML}.sharedStrings+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Relationships xmlns="{SCHEMAS}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<workbook xmlns="{SCHEMAS}/spreadsheetml/2006/main" xmlns:r="{RELS}">'
    '<sheets><sheet name="data" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    f'<Relationships xmlns="{SCHEMAS}/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/>'
    "</Relationships>"
)
SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
SHEET_TAIL = "</sheetData></worksheet>"
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>indicator</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>year</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>value</t></is></c>'
    '<c r="D1" t="inlineStr"><is><t>source</t></is></c></row>'
)
SST_HEAD = b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


class Member:
    """One zip part: deflated bytes, CRC, real size, and the size its headers declare."""

    def __init__(self, name: str, pieces: Iterator[bytes] | bytes, declared: int | None = None):
        self.name = name.encode()
        if isinstance(pieces, bytes):
            pieces = iter([pieces])
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        out, crc, size = io.BytesIO(), 0, 0
        cache: dict[bytes, bytes] = {}
        for piece in pieces:
            crc = zlib.crc32(piece, crc)
            size += len(piece)
            if len(piece) >= MB:  # a repeated megabyte compresses to the same bytes each time
                if piece not in cache:
                    cache[piece] = packer.compress(piece) + packer.flush(zlib.Z_FULL_FLUSH)
                out.write(cache[piece])
            else:
                out.write(packer.compress(piece))
        out.write(packer.flush())
        self.data, self.crc, self.size = out.getvalue(), crc, size
        self.declared = size if declared is None else declared


def write_zip(members: list[Member]) -> bytes:
    """A zip archive of deflated members (sizes under 4 GB), headers written by hand."""
    out = io.BytesIO()
    central = []
    for m in members:
        offset = out.tell()
        out.write(struct.pack("<4s5H3I2H", b"PK\x03\x04", 20, 0, 8, 0, 0x21, m.crc,
                              len(m.data), m.declared, len(m.name), 0))  # fmt: skip
        out.write(m.name + m.data)
        header = (20, 20, 0, 8, 0, 0x21, m.crc, len(m.data), m.declared, len(m.name))
        entry = struct.pack("<4s6H3I5H2I", b"PK\x01\x02", *header, 0, 0, 0, 0, 0, offset)
        central.append(entry + m.name)
    start = out.tell()
    for c in central:
        out.write(c)
    out.write(struct.pack("<4s4H2IH", b"PK\x05\x06", 0, 0, len(members), len(members),
                          out.tell() - start, start, 0))  # fmt: skip
    return out.getvalue()


def workbook(sheet: Member, shared: Member | None = None) -> bytes:
    """A minimal XLSX around a worksheet part (and a shared-strings part)."""
    parts = [
        Member("[Content_Types].xml", CONTENT_TYPES.encode()),
        Member("_rels/.rels", ROOT_RELS.encode()),
        Member("xl/workbook.xml", WORKBOOK.encode()),
        Member("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.encode()),
        sheet,
    ]
    if shared is not None:
        parts.append(shared)
    else:
        parts.append(Member("xl/sharedStrings.xml", SST_HEAD + b"</sst>"))
    return write_zip(parts)


def zip_bomb(expanded: int = 1500 * MB, declared: int | None = None) -> bytes:
    """An XLSX whose shared strings expand to ``expanded`` bytes (headers may understate it)."""
    text = b"<si><t>" + b"A" * (MB - 15) + b"</t></si>"  # one megabyte, one string

    def pieces() -> Iterator[bytes]:
        yield SST_HEAD
        for _ in range(expanded // MB):
            yield text
        yield b"</sst>"

    sheet = Member("xl/worksheets/sheet1.xml", (SHEET_HEAD + HEADER_ROW + SHEET_TAIL).encode())
    return workbook(sheet, Member("xl/sharedStrings.xml", pieces(), declared))


def empty_rows(rows: int = 3_000_000) -> bytes:
    """An XLSX with a header and then ``rows`` empty rows (a few hundred KB)."""

    def pieces() -> Iterator[bytes]:
        yield (SHEET_HEAD + HEADER_ROW).encode()
        for start in range(2, rows + 2, 100_000):
            end = min(start + 100_000, rows + 2)
            yield "".join(f'<row r="{n}"/>' for n in range(start, end)).encode()
        yield SHEET_TAIL.encode()

    return workbook(Member("xl/worksheets/sheet1.xml", pieces()))


class Body(io.RawIOBase):
    """A multipart request body generated as it is read: a head, ``size`` filler bytes, a tail."""

    def __init__(self, head: bytes, size: int, tail: bytes, filler: bytes = b"1,") -> None:
        self.parts = [head, tail]
        self.size = size
        self.filler = (filler * (64 * 1024 // len(filler) + 1))[: 64 * 1024]
        self.sent = 0
        self.length = len(head) + size + len(tail)
        self.pos = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        chunk = self._next(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def _next(self, n: int) -> bytes:
        head, tail = self.parts
        if self.pos < len(head):
            chunk = head[self.pos : self.pos + n]
        elif self.pos < len(head) + self.size:
            left = len(head) + self.size - self.pos
            chunk = self.filler[: min(n, left, len(self.filler))]
        else:
            at = self.pos - len(head) - self.size
            chunk = tail[at : at + n]
        self.pos += len(chunk)
        return chunk


def multipart(
    field: str,
    file_name: str,
    size: int,
    fields: dict[str, str] | None = None,
    filler: bytes = b"1,",
    content_type: str = "text/csv",
) -> tuple[Body, str]:
    """A form with one file of ``size`` bytes (generated lazily) and its content type."""
    boundary = "----shinchoku-test-boundary"
    head = b""
    for k, v in (fields or {}).items():
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
        ).encode()
    head += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; '
        f'filename="{file_name}"\r\nContent-Type: {content_type}\r\n\r\n'
    ).encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    return Body(head, size, tail, filler), f"multipart/form-data; boundary={boundary}"
