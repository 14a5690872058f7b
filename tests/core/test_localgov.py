"""Local government codes: the check digit, as the 総務省 code tables print it."""

from __future__ import annotations

import re

import pytest

from shinchoku.core.localgov import CodeError, check_digit, full_code, kind_of


@pytest.mark.parametrize(
    ("five", "digit"),
    [
        ("11208", "9"),  # 所沢市 112089: 6+5+8+0+16 = 35, 35 mod 11 = 2, 11 − 2 = 9
        ("11201", "1"),  # 川越市 112011: 21 mod 11 = 10, 11 − 10 = 1
        ("13101", "6"),  # 千代田区 131016
        ("01100", "2"),  # 札幌市 011002
        ("13000", "1"),  # 東京都 130001
        ("27000", "8"),  # 大阪府 270008
        ("13104", "1"),  # 新宿区 131041: 33 mod 11 = 0, 11 − 0 = 11 → 1
        ("11202", "0"),  # 熊谷市 112020: 23 mod 11 = 1, 11 − 1 = 10 → 0
    ],
)
def test_check_digit(five: str, digit: str) -> None:
    assert check_digit(five) == digit


@pytest.mark.parametrize(
    ("given", "code"),
    [("11208", "112089"), ("112089", "112089"), ("１１２０８９", "112089"), (" 13104 ", "131041")],
)
def test_full_code(given: str, code: str) -> None:
    assert full_code(given) == code


@pytest.mark.parametrize(
    ("given", "why"),
    [
        ("112088", "検査数字（6桁目）が合いません（11208 なら 112089）"),
        ("1120", "5桁または6桁の数字"),
        ("11208a", "5桁または6桁の数字"),
        ("1120899", "5桁または6桁の数字"),
        ("48201", "都道府県（上2桁）は01～47"),
        ("00000", "都道府県（上2桁）は01～47"),
    ],
)
def test_wrong_codes_are_refused_with_the_reason(given: str, why: str) -> None:
    with pytest.raises(CodeError, match=re.escape(why)):
        full_code(given)


def test_kind_of() -> None:
    assert kind_of("112089") == "municipality"
    assert kind_of("110001") == "prefecture"
    assert kind_of("") == "organisation"
