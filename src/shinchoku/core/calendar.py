"""Japanese era years (令和/平成/昭和) and Western years, as 年度 (fiscal) or 年 (calendar).

A 年度 runs April to March and is named by the Western year it starts in:
FY2023 = 令和5年度 = 2023-04-01..2024-03-31.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from .messages import BASE, N_, current, tr

__all__ = [
    "CALENDAR",
    "FISCAL",
    "ParsedYear",
    "PeriodKind",
    "YearParseError",
    "era_year",
    "fiscal_year_bounds",
    "fiscal_year_of",
    "format_year",
    "parse_year",
    "year_text",
]

PeriodKind = Literal["fiscal", "calendar"]
FISCAL: PeriodKind = "fiscal"
CALENDAR: PeriodKind = "calendar"


@dataclass(frozen=True)
class _Era:
    name: str  # 令和
    letter: str  # R
    kanji: str  # 令
    start: datetime.date  # first day of the era
    last: int  # last era year as 年 (or unmarked)
    first_fy: int  # first era year as 年度
    last_fy: int  # last era year as 年度


# The rules. Era year n is Western year start.year + n - 1, for 年 and 年度 alike.
# 年: every year the era touched (昭和64 = 1989 had a week of 昭和); 令和 is capped at 99.
# 年度: the era in force on 1 April, except that 平成31年度 and 令和元年度 both name FY2019
# (the era changed a month into it and documents use either). 昭和元年度 would be FY1926,
# which began under 大正, so 昭和 starts at 2年度; FY1989 began under 平成, so 昭和 ends at 63.
# Newest first: formatting uses the first row whose range holds the year.
_ERAS: tuple[_Era, ...] = (
    # name, letter, one-kanji form, first day; 年 1..last; 年度 first_fy..last_fy
    _Era("令和", "R", "令", datetime.date(2019, 5, 1), last=99, first_fy=1, last_fy=99),
    _Era("平成", "H", "平", datetime.date(1989, 1, 8), last=31, first_fy=1, last_fy=31),
    _Era("昭和", "S", "昭", datetime.date(1926, 12, 25), last=64, first_fy=2, last_fy=63),
)
_WESTERN_MIN, _WESTERN_MAX = 1900, 2200
_FISCAL_START_MONTH = 4

_ERA_BY_TOKEN: dict[str, _Era] = {
    token: era for era in _ERAS for token in (era.name, era.letter, era.kanji)
}
_SUFFIX_KIND: dict[str, PeriodKind | None] = {"": None, "年": CALENDAR, "年度": FISCAL}
_EXAMPLES = N_("（例: 令和5年度, R5, 2023年度）")

# Text is NFKC-normalised, stripped of all whitespace and upper-cased before matching.
_SUFFIX = r"(?P<suffix>年度|年)?"
_ERA_RE = re.compile(r"(?P<era>令和|平成|昭和|[令平昭]|[RHS]\.?)(?P<num>元|[0-9]+)" + _SUFFIX)
_WESTERN_RE = re.compile(r"(?P<num>[0-9]{4})" + _SUFFIX)
_FY_RE = re.compile(r"FY(?P<num>[0-9]{4})")
# Near misses, matched only to pick a helpful message.
_ERA_ONLY_RE = re.compile(r"(?:令和|平成|昭和|[令平昭]|[RHS]\.?)" + _SUFFIX)
_GANNEN_RE = re.compile(r"元" + _SUFFIX)
_OTHER_ERA_RE = re.compile(r"(?:明治|大正|[明大]|[A-Z]\.?)(?:元|[0-9]+)" + _SUFFIX)
_DIGITS_RE = re.compile(r"[0-9]+" + _SUFFIX)
_FY_BAD_RE = re.compile(r"FY.*|.*[0-9]FY")


class YearParseError(ValueError):
    """Bad year text; str(err) names the text, says what is wrong and what is accepted."""

    text: str  # the text as given, before normalisation
    reason: str  # what is wrong, in Japanese

    def __init__(self, text: str, reason: str) -> None:
        self.text = text
        self.reason = reason
        super().__init__(
            tr("「{text}」は年として読めません: {reason}", text=_one_line(text), reason=reason)
            + tr(_EXAMPLES)
        )

    def __reduce__(self) -> tuple[type[YearParseError], tuple[str, str]]:
        # args holds only the message; rebuild from text and reason so pickling works.
        return type(self), (self.text, self.reason)


@dataclass(frozen=True)
class ParsedYear:
    """A Western year and whether the text called it a 年度, a 年, or neither."""

    year: int  # for 年度, the year the fiscal year starts in
    kind: PeriodKind | None


def parse_year(text: str) -> ParsedYear:
    """Read 令和5年度, R5, H31, 令和元年, 2023年, FY2023 and the like; raise YearParseError."""
    s = "".join(unicodedata.normalize("NFKC", text).split()).upper()
    if m := _ERA_RE.fullmatch(s):
        era = _ERA_BY_TOKEN[m["era"].rstrip(".")]
        kind = _SUFFIX_KIND[m["suffix"] or ""]
        n = 1 if m["num"] == "元" else int(m["num"])
        lo, hi = _era_range(era, kind)
        if not lo <= n <= hi:
            template = (
                N_("{era}は{lo}～{hi}年度です") if kind == FISCAL else N_("{era}は{lo}～{hi}年です")
            )
            raise YearParseError(text, tr(template, era=era.name, lo=lo, hi=hi))
        return ParsedYear(era.start.year + n - 1, kind)
    if (m := _WESTERN_RE.fullmatch(s)) or (m := _FY_RE.fullmatch(s)):
        year = int(m["num"])
        if not _WESTERN_MIN <= year <= _WESTERN_MAX:
            raise YearParseError(
                text, tr("西暦は{lo}～{hi}年です", lo=_WESTERN_MIN, hi=_WESTERN_MAX)
            )
        suffix = m.groupdict().get("suffix") or ""
        return ParsedYear(year, FISCAL if s.startswith("FY") else _SUFFIX_KIND[suffix])
    raise YearParseError(text, _why_not(s))


def format_year(
    year: int,
    kind: PeriodKind | None = None,
    style: Literal["era", "short", "western"] = "era",
) -> str:
    """Write year as 令和5年度 / 令和5年 / 令和5 ("era"), R5 ("short") or 2023年度 ("western").

    A year no supported era can name (before 昭和, after 令和99) is written the Western way,
    so a stored value can always be shown.
    """
    suffix = _suffix(kind)
    if style in ("era", "short") and _WESTERN_MIN <= year <= _WESTERN_MAX:
        try:
            era_year(year, kind)
        except ValueError:
            style = "western"
    if style == "western":
        if not _WESTERN_MIN <= year <= _WESTERN_MAX:
            raise ValueError(f"西暦{year}年は{_WESTERN_MIN}～{_WESTERN_MAX}年の外です")
        return f"{year}{suffix}"
    name, n = era_year(year, kind)
    if style == "short":
        return f"{_ERA_BY_TOKEN[name].letter}{n}"
    if style == "era":
        return f"{name}{'元' if n == 1 else n}{suffix}"
    raise ValueError(f"style は era・short・western のどれかです: {style!r}")  # repr-ok: a bug


def era_year(year: int, kind: PeriodKind | None = None) -> tuple[str, int]:
    """Return (era name, era year) for a Western year, e.g. ("令和", 5) for 2023.

    A 年度 takes the era in force on its 1 April, except FY2019 is 令和元年度. A 年 (or an
    unmarked year) takes the newest era that had begun by its end: 1989 is 平成元年 and
    2019 is 令和元年 (the era of most of the year), 1926 is 昭和元年 (大正 is not supported).
    """
    _suffix(kind)  # reject a bad kind early
    for era in _ERAS:
        n = year - era.start.year + 1
        lo, hi = _era_range(era, kind)
        if lo <= n <= hi:
            return era.name, n
    unit = "年度" if kind == FISCAL else "年"
    raise ValueError(f"{year}{unit}は令和・平成・昭和で表せません")


def fiscal_year_of(d: datetime.date) -> int:
    """Return the 年度 a date falls in: 2024-03-31 → 2023, 2024-04-01 → 2024."""
    return d.year if d.month >= _FISCAL_START_MONTH else d.year - 1


def fiscal_year_bounds(fy: int) -> tuple[datetime.date, datetime.date]:
    """Return the first and last day of 年度 fy: 2023 → (2023-04-01, 2024-03-31)."""
    start = datetime.date(fy, _FISCAL_START_MONTH, 1)
    return start, datetime.date(fy + 1, _FISCAL_START_MONTH, 1) - datetime.timedelta(days=1)


def _era_range(era: _Era, kind: PeriodKind | None) -> tuple[int, int]:
    return (era.first_fy, era.last_fy) if kind == FISCAL else (1, era.last)


def _suffix(kind: PeriodKind | None) -> str:
    for suffix, k in _SUFFIX_KIND.items():
        if k == kind:
            return suffix
    raise ValueError(f"kind は fiscal・calendar・None のどれかです: {kind!r}")  # repr-ok: a bug


def _why_not(s: str) -> str:
    """Say what is wrong with normalised text that matched no accepted form."""
    if not s:
        return tr("空です")
    if _GANNEN_RE.fullmatch(s):
        return tr("元年の前に元号が要ります")
    if _ERA_ONLY_RE.fullmatch(s):
        return tr("元号の後に年の数字が要ります")
    if _OTHER_ERA_RE.fullmatch(s):
        return tr("元号は令和・平成・昭和（R・H・S）のどれかです")
    if _FY_BAD_RE.fullmatch(s):
        return tr("FYは西暦4桁の前にだけ付けます")
    if _DIGITS_RE.fullmatch(s):
        return tr("数字だけのときは西暦4桁で書きます")
    return tr("書き方が違います")


def _one_line(text: str) -> str:
    # Escape line breaks and other control characters so the message stays one line.
    return "".join(
        # \n, \x00 … shown as escapes, so an invisible character can be seen
        repr(ch)[1:-1] if unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") else ch  # repr-ok
        for ch in text
    )


def year_text(value: int, kind: str | None = "fiscal", style: str = "era") -> str:
    """A year for a message in the run's language: 令和5年度 / 令和5年 (or 2023年度 with
    ``style="western"``) in Japanese, FY2023 / 2023 in English."""
    if current() == BASE:
        try:
            return format_year(value, kind, style)  # type: ignore[arg-type]
        except ValueError:  # a year no era (nor the Western range) can name
            return f"{value}{'年度' if kind == 'fiscal' else '年' if kind else ''}"
    return f"FY{value}" if kind == "fiscal" else str(value)
