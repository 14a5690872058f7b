"""全国地方公共団体コード (local government codes): the check digit and what a code names.

A code is six digits: the prefecture (2), the municipality within it (3) and a check digit.
Statistics (e-Stat) use the first five alone, so a plan file may give either:

==========  =========================================================  ===========
given       accepted when                                              stored as
==========  =========================================================  ===========
5 digits    always (the check digit is computed)                       5 + check
6 digits    the last digit equals the check digit of the first five    as given
other       never                                                      refused
==========  =========================================================  ===========

Check digit (総務省, JIS X 0402): the first five digits weighted 6, 5, 4, 3, 2 and summed;
``(11 − sum mod 11) mod 10`` (remainder 0 → 1, remainder 1 → 0). Full-width digits are read
as digits (NFKC). Pure: no I/O.
"""

from __future__ import annotations

import unicodedata

WEIGHTS = (6, 5, 4, 3, 2)


class CodeError(ValueError):
    """A local government code that cannot be right (its message says why, in Japanese)."""


def check_digit(five: str) -> str:
    """The check digit of a five-digit code (``11208`` → ``9``)."""
    total = sum(int(d) * w for d, w in zip(five, WEIGHTS, strict=True))
    return str((11 - total % 11) % 10)


def full_code(text: str) -> str:
    """The six-digit code for a five- or six-digit one; CodeError if it cannot be right."""
    code = unicodedata.normalize("NFKC", str(text)).strip()
    if not (code.isascii() and code.isdigit() and len(code) in (5, 6)):
        raise CodeError(
            f"地方公共団体コード「{text}」は5桁または6桁の数字で書いてください（例: 112089）"
        )
    digit = check_digit(code[:5])
    if len(code) == 6 and code[5] != digit:
        raise CodeError(
            f"地方公共団体コード「{text}」の検査数字（6桁目）が合いません"
            f"（{code[:5]} なら {code[:5]}{digit}）"
        )
    if not 1 <= int(code[:2]) <= 47:
        raise CodeError(f"地方公共団体コード「{text}」の都道府県（上2桁）は01～47です")
    return code[:5] + digit


def kind_of(code: str) -> str:
    """``prefecture`` for a prefecture's code (xx000x), ``municipality`` for any other code,
    ``organisation`` for none (an owner without a code, such as a council or a company)."""
    if not code:
        return "organisation"
    return "prefecture" if code[2:5] == "000" else "municipality"
