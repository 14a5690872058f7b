"""Text encodings of CSV files: UTF-8 (with or without BOM) or Shift_JIS (cp932), decided safely.

A valid UTF-8 file is UTF-8; otherwise a file that reads cleanly as cp932 is Shift_JIS (what
Excel in Japan saves as "CSV (コンマ区切り)"); anything else is refused with the byte offset
and line of the first byte that cannot be read. Bytes cp932 only maps to control or
private-use characters count as unreadable, so Latin-1 or binary data is not mis-decoded.
The check walks the file in pieces of at most 256 KB (split after a newline, which is never
part of a multibyte character in either encoding), so no second copy of the file is kept.
"""

from __future__ import annotations

import codecs
import io
import re

from ..core.messages import N_, tr
from .errors import InputError, Problem

MAX_LINE = 256 * 1024  # the longest line a CSV may have; also the size of the pieces checked
LABELS = {"utf-8": "UTF-8", "cp932": N_("Shift_JIS（cp932）")}
RESAVE = N_(
    "Excelの「名前を付けて保存」で「CSV UTF-8（コンマ区切り）」"
    "または「CSV（コンマ区切り）」（Shift_JIS）を選んで保存し直してください"
)
# What cp932 makes of bytes that are not Japanese text: C1 controls (0x80), private use
# (0xA0, 0xFD–0xFF, the user-defined rows 0xF040–0xF9FC).
_NOT_TEXT = re.compile("[\x80-\x9f\ue000-\uf8ff]")


def _line(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def _pieces(data: bytes, start: int, source: str) -> list[tuple[int, int]]:
    """(start, end) of pieces of at most MAX_LINE bytes, each ending after a newline.

    A line longer than MAX_LINE leaves a piece without a newline: it is refused, so csv never
    builds a row of a million cells from one endless line.
    """
    found = []
    pos, n = start, len(data)
    while pos < n:
        end = min(pos + MAX_LINE, n)
        if end < n:
            cut = data.rfind(b"\n", pos, end)
            if cut == -1:
                message = tr(
                    "{line}行目が長すぎます（{size} KB を超えて改行がありません）: "
                    "CSVファイルか、改行と区切り文字を確かめてください",
                    line=f"{_line(data, pos):,}",
                    size=f"{MAX_LINE // 1024:,}",
                )
                raise InputError([Problem(source, message)], source)
            end = cut + 1
        found.append((pos, end))
        pos = end
    return found


def first_unreadable(data: bytes, codec: str, start: int = 0, source: str = "") -> int | None:
    """The offset of the first byte that ``codec`` cannot read as text, or None."""
    view = memoryview(data)
    for begin, end in _pieces(data, start, source):
        try:
            text = str(view[begin:end], codec)
        except UnicodeDecodeError as err:
            return begin + err.start
        if codec == "cp932" and (m := _NOT_TEXT.search(text)):
            return begin + len(text[: m.start()].encode("cp932", errors="replace"))
    return None


def _where(data: bytes, offset: int) -> str:
    return tr(
        "{byte}バイト目（{line}行目、{code}）",
        byte=f"{offset + 1:,}",
        line=f"{_line(data, offset):,}",
        code=f"0x{data[offset]:02X}",
    )


def detect(data: bytes, source: str, encoding: str = "auto") -> tuple[str, int]:
    """The codec a CSV is written in and the offset its text starts at (after a BOM).

    ``auto``: UTF-8 first, then cp932; ``utf-8`` or ``cp932`` (or another codec name): only
    that one. Either way an unreadable file is an InputError naming the byte and what to do.
    """
    try:
        codec = codecs.lookup(encoding).name if encoding != "auto" else "auto"
    except LookupError:
        message = tr(
            "文字コード「{encoding}」は使えません: utf-8 か cp932 を指定してください",
            encoding=encoding,
        )
        raise InputError([Problem(source, message)], source) from None
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    if codec in ("auto", "utf-8", "utf-8-sig"):
        bad = first_unreadable(data, "utf-8", bom, source)
        if bad is None:
            return "utf-8", bom
        if codec != "auto":
            message = tr(
                "UTF-8として読めません: {where}。"
                "Shift_JISのファイルなら文字コードの指定を省いてください（自動で判別します）。{resave}",
                where=_where(data, bad),
                resave=tr(RESAVE),
            )
            raise InputError([Problem(source, message)], source)
        sjis = None if bom else first_unreadable(data, "cp932", 0, source)
        if not bom and sjis is None:
            return "cp932", 0
        also = (
            tr("、Shift_JIS（cp932）としては{where}", where=_where(data, sjis))
            if sjis is not None
            else ""
        )
        message = tr(
            "文字コードを判別できません（UTF-8としては{where}{also}が読めません）: {resave}",
            where=_where(data, bad),
            also=also,
            resave=tr(RESAVE),
        )
        raise InputError([Problem(source, message)], source)
    bad = first_unreadable(data, codec, 0, source)
    if bad is not None:
        label = tr(LABELS[codec]) if codec in LABELS else codec
        message = tr(
            "{label}として読めません: {where}。文字コードの指定（{encoding}）を"
            "確かめるか、指定を省いて自動で判別させてください。{resave}",
            label=label,
            where=_where(data, bad),
            encoding=encoding,
            resave=tr(RESAVE),
        )
        raise InputError([Problem(source, message)], source)
    return codec, 0


def decode_text(data: bytes, source: str, encoding: str = "auto") -> str:
    """The whole text of a CSV file (UTF-8 with or without BOM, or Shift_JIS)."""
    codec, start = detect(data, source, encoding)
    return str(memoryview(data)[start:], codec)


def text_stream(data: bytes, source: str, encoding: str = "auto") -> io.TextIOWrapper:
    """The text of a CSV file, decoded as it is read (for ``csv.reader``)."""
    codec, start = detect(data, source, encoding)
    raw = io.BytesIO(data)
    raw.seek(start)
    return io.TextIOWrapper(raw, encoding=codec, newline="")
