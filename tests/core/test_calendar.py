"""Tests for shinchoku.core.calendar: era/Western year parsing, formatting and 年度."""

from __future__ import annotations

import datetime
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shinchoku.core import calendar
from shinchoku.core.calendar import (
    CALENDAR,
    FISCAL,
    ParsedYear,
    YearParseError,
    era_year,
    fiscal_year_bounds,
    fiscal_year_of,
    format_year,
    parse_year,
)

D = datetime.date


@pytest.mark.parametrize(
    ("text", "year", "kind"),
    [
        # 令和
        ("令和5年度", 2023, FISCAL),
        ("令和5年", 2023, CALENDAR),
        ("令和5", 2023, None),
        ("令5年度", 2023, FISCAL),
        ("R5", 2023, None),
        ("R05", 2023, None),
        ("R.5", 2023, None),
        ("R5年度", 2023, FISCAL),
        ("R5年", 2023, CALENDAR),
        ("令和元年", 2019, CALENDAR),
        ("令和元年度", 2019, FISCAL),
        ("令和元", 2019, None),
        ("R元年度", 2019, FISCAL),
        ("R1", 2019, None),
        ("令和99年", 2117, CALENDAR),
        ("令和99年度", 2117, FISCAL),
        # 平成
        ("平成31年度", 2019, FISCAL),
        ("平成31年", 2019, CALENDAR),
        ("H31", 2019, None),
        ("H31年度", 2019, FISCAL),
        ("平成元年", 1989, CALENDAR),
        ("平成元年度", 1989, FISCAL),
        ("H30", 2018, None),
        ("平30年度", 2018, FISCAL),
        # 昭和
        ("S64", 1989, None),
        ("昭和64年", 1989, CALENDAR),
        ("昭和63年度", 1988, FISCAL),
        ("昭和2年度", 1927, FISCAL),
        ("昭和元年", 1926, CALENDAR),
        ("S1", 1926, None),
        ("昭50年", 1975, CALENDAR),
        # Western
        ("2023", 2023, None),
        ("2023年", 2023, CALENDAR),
        ("2023年度", 2023, FISCAL),
        ("FY2023", 2023, FISCAL),
        ("FY 2023", 2023, FISCAL),
        ("1900", 1900, None),
        ("2200年度", 2200, FISCAL),
    ],
)
def test_parse_year(text: str, year: int, kind: str | None) -> None:
    assert parse_year(text) == ParsedYear(year, kind)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # full width (NFKC)
        ("Ｒ５", ParsedYear(2023, None)),
        ("２０２３年度", ParsedYear(2023, FISCAL)),
        ("令和５年度", ParsedYear(2023, FISCAL)),
        ("Ｒ．５", ParsedYear(2023, None)),
        ("ＦＹ２０２３", ParsedYear(2023, FISCAL)),
        ("㋿5年度", ParsedYear(2023, FISCAL)),  # U+32FF, the one-character 令和
        ("㍻31年", ParsedYear(2019, CALENDAR)),  # U+337B, the one-character 平成
        # whitespace, outside and inside, ASCII and ideographic
        ("  令和5年度  ", ParsedYear(2023, FISCAL)),
        ("　令和　５　年度　", ParsedYear(2023, FISCAL)),
        ("令和 元 年", ParsedYear(2019, CALENDAR)),
        ("R 5", ParsedYear(2023, None)),
        ("\t2023 年\n", ParsedYear(2023, CALENDAR)),
        # case
        ("r5", ParsedYear(2023, None)),
        ("h31年度", ParsedYear(2019, FISCAL)),
        ("s64", ParsedYear(1989, None)),
        ("fy2023", ParsedYear(2023, FISCAL)),
        ("Fy2023", ParsedYear(2023, FISCAL)),
    ],
)
def test_parse_year_normalises(text: str, expected: ParsedYear) -> None:
    assert parse_year(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "空です"),
        ("   ", "空です"),
        ("令和0年", "令和は1～99年です"),
        ("R0", "令和は1～99年です"),
        ("令和100年", "令和は1～99年です"),
        ("平成40年", "平成は1～31年です"),
        ("平成32年度", "平成は1～31年度です"),
        ("H0", "平成は1～31年です"),
        ("昭和65年", "昭和は1～64年です"),
        ("昭和64年度", "昭和は2～63年度です"),
        ("昭和元年度", "昭和は2～63年度です"),
        ("元年", "元年の前に元号が要ります"),
        ("元年度", "元年の前に元号が要ります"),
        ("R", "元号の後に年の数字が要ります"),
        ("令和", "元号の後に年の数字が要ります"),
        ("令和年度", "元号の後に年の数字が要ります"),
        ("X5", "元号は令和・平成・昭和（R・H・S）のどれかです"),
        ("T15", "元号は令和・平成・昭和（R・H・S）のどれかです"),
        ("大正15年", "元号は令和・平成・昭和（R・H・S）のどれかです"),
        ("5", "数字だけのときは西暦4桁で書きます"),
        ("23", "数字だけのときは西暦4桁で書きます"),
        ("23年度", "数字だけのときは西暦4桁で書きます"),
        ("20230", "数字だけのときは西暦4桁で書きます"),
        ("1899", "西暦は1900～2200年です"),
        ("2201年", "西暦は1900～2200年です"),
        ("FY1899", "西暦は1900～2200年です"),
        ("2023FY", "FYは西暦4桁の前にだけ付けます"),
        ("FY23", "FYは西暦4桁の前にだけ付けます"),
        ("FY2023年度", "FYは西暦4桁の前にだけ付けます"),
        ("令和5年度度", "書き方が違います"),
        ("2023年4月", "書き方が違います"),
        ("令和5年4月1日", "書き方が違います"),
        ("R5-6", "書き方が違います"),
    ],
)
def test_parse_year_errors(text: str, reason: str) -> None:
    with pytest.raises(YearParseError) as info:
        parse_year(text)
    err = info.value
    message = str(err)
    assert err.text == text
    assert message.startswith(f"「{text}」は年として読めません: {reason}")
    assert message.endswith("（例: 令和5年度, R5, 2023年度）")
    assert "\n" not in message


def test_error_message_example_from_spec() -> None:
    with pytest.raises(YearParseError) as info:
        parse_year("平成40年")
    assert (
        str(info.value)
        == "「平成40年」は年として読めません: 平成は1～31年です（例: 令和5年度, R5, 2023年度）"
    )


def test_error_keeps_original_text_and_one_line() -> None:
    with pytest.raises(YearParseError) as info:
        parse_year("　令和０年\n")
    assert info.value.text == "　令和０年\n"
    assert str(info.value).startswith("「　令和０年\\n」は年として読めません: 令和は1～99年です")


def test_error_is_value_error_and_pickles() -> None:
    with pytest.raises(ValueError):
        parse_year("X5")
    err = YearParseError("X5", "書き方が違います")
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.text, str(copy)) == (err.text, str(err))


@pytest.mark.parametrize(
    ("year", "kind", "style", "expected"),
    [
        (2023, FISCAL, "era", "令和5年度"),
        (2023, CALENDAR, "era", "令和5年"),
        (2023, None, "era", "令和5"),
        (2019, FISCAL, "era", "令和元年度"),
        (2019, CALENDAR, "era", "令和元年"),
        (2019, None, "era", "令和元"),
        (2018, FISCAL, "era", "平成30年度"),
        (1989, FISCAL, "era", "平成元年度"),
        (1989, CALENDAR, "era", "平成元年"),
        (1988, FISCAL, "era", "昭和63年度"),
        (1927, FISCAL, "era", "昭和2年度"),
        (1926, CALENDAR, "era", "昭和元年"),
        (2023, FISCAL, "short", "R5"),
        (2023, CALENDAR, "short", "R5"),
        (2019, FISCAL, "short", "R1"),
        (2019, CALENDAR, "short", "R1"),
        (2018, None, "short", "H30"),
        (1988, CALENDAR, "short", "S63"),
        (2023, FISCAL, "western", "2023年度"),
        (2023, CALENDAR, "western", "2023年"),
        (2023, None, "western", "2023"),
    ],
)
def test_format_year(year: int, kind: str | None, style: str, expected: str) -> None:
    assert format_year(year, kind, style) == expected  # type: ignore[arg-type]


def test_format_year_defaults_to_era_without_kind() -> None:
    assert format_year(2023) == "令和5"


@pytest.mark.parametrize(
    ("year", "kind", "style", "expected"),
    [
        (1926, FISCAL, "era", "1926年度"),  # FY1926 began under 大正: written the Western way
        (1925, CALENDAR, "era", "1925年"),
        (2118, CALENDAR, "short", "2118年"),  # would be 令和100
    ],
)
def test_years_no_era_can_name_are_written_western(year, kind, style, expected) -> None:
    assert format_year(year, kind, style) == expected


@pytest.mark.parametrize(
    ("year", "kind", "style"),
    [
        (1899, FISCAL, "western"),
        (1899, FISCAL, "era"),
        (2201, None, "western"),
        (2023, FISCAL, "kanji"),
        (2023, "annual", "era"),
    ],
)
def test_format_year_errors(year: int, kind: str | None, style: str) -> None:
    with pytest.raises(ValueError):
        format_year(year, kind, style)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("year", "kind", "expected"),
    [
        (2023, None, ("令和", 5)),
        (2019, FISCAL, ("令和", 1)),
        (2019, CALENDAR, ("令和", 1)),
        (2019, None, ("令和", 1)),
        (2018, FISCAL, ("平成", 30)),
        (1989, FISCAL, ("平成", 1)),
        (1989, CALENDAR, ("平成", 1)),
        (1988, FISCAL, ("昭和", 63)),
        (1927, FISCAL, ("昭和", 2)),
        (1926, CALENDAR, ("昭和", 1)),
        (2117, FISCAL, ("令和", 99)),
    ],
)
def test_era_year(year: int, kind: str | None, expected: tuple[str, int]) -> None:
    assert era_year(year, kind) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(("year", "kind"), [(1926, FISCAL), (1925, None), (2118, FISCAL)])
def test_era_year_out_of_range(year: int, kind: str | None) -> None:
    with pytest.raises(ValueError):
        era_year(year, kind)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "text",
    [
        "令和5年度", "令和5年", "R5", "令和元年", "令和元年度", "H31", "H31年度", "平成31年",
        "平成元年度", "S64", "昭和64年", "昭和2年度", "昭和元年", "2023", "2023年", "FY2023",
        "Ｒ５", " r 05 年度 ",
    ],
)  # fmt: skip
def test_format_parse_round_trip(text: str) -> None:
    parsed = parse_year(text)
    for style in ("era", "western"):
        assert parse_year(format_year(parsed.year, parsed.kind, style)) == parsed


@given(st.integers(1927, 2100), st.sampled_from([FISCAL, CALENDAR, None]))
def test_round_trip_property(year: int, kind: str | None) -> None:
    for style in ("era", "western"):
        text = format_year(year, kind, style)  # type: ignore[arg-type]
        assert parse_year(text) == ParsedYear(year, kind)  # type: ignore[arg-type]
    assert parse_year(format_year(year, kind, "short")) == ParsedYear(year, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("d", "fy"),
    [
        (D(2024, 3, 31), 2023),
        (D(2024, 4, 1), 2024),
        (D(2024, 1, 1), 2023),
        (D(2023, 12, 31), 2023),
        (D(2019, 4, 30), 2019),  # last day of 平成, already FY2019
        (D(2019, 5, 1), 2019),
        (D(1989, 1, 7), 1988),
        (datetime.datetime(2024, 3, 31, 23, 59), 2023),
    ],
)
def test_fiscal_year_of(d: datetime.date, fy: int) -> None:
    assert fiscal_year_of(d) == fy


@pytest.mark.parametrize(
    ("fy", "bounds"),
    [
        (2023, (D(2023, 4, 1), D(2024, 3, 31))),
        (2019, (D(2019, 4, 1), D(2020, 3, 31))),
        (1988, (D(1988, 4, 1), D(1989, 3, 31))),
    ],
)
def test_fiscal_year_bounds(fy: int, bounds: tuple[datetime.date, datetime.date]) -> None:
    assert fiscal_year_bounds(fy) == bounds


@given(st.dates(D(1900, 1, 1), D(2200, 12, 31)))
def test_fiscal_year_bounds_contain_date(d: datetime.date) -> None:
    first, last = fiscal_year_bounds(fiscal_year_of(d))
    assert first <= d <= last
    assert (last - first).days in (364, 365)


@pytest.mark.parametrize("era", calendar._ERAS, ids=lambda era: era.name)
def test_era_table_matches_start_dates(era: calendar._Era) -> None:
    # Re-derive the table's ranges from the start dates and the documented exceptions.
    newer = [e for e in calendar._ERAS if e.start > era.start]
    next_start = min(e.start for e in newer) if newer else None
    assert era.last == (next_start.year - era.start.year + 1 if next_start else 99)
    assert era.first_fy == (1 if era.start <= D(era.start.year, 4, 1) or era.name == "令和" else 2)
    last_fy = era.last if next_start is None or next_start.month >= 4 else era.last - 1
    assert era.last_fy == last_fy
