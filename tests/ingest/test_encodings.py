"""CSV encodings: UTF-8 (with or without BOM) first, then Shift_JIS, never a silent mis-decode."""

from __future__ import annotations

import pytest

from shinchoku.ingest.encodings import MAX_LINE, decode_text, detect
from shinchoku.ingest.errors import InputError

TEXT = '指標,年度,値,出典\n総生産額,令和4年度,"9,300",県経済計算\n'


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (TEXT.encode("utf-8"), ("utf-8", 0)),
        (TEXT.encode("utf-8-sig"), ("utf-8", 3)),
        (TEXT.encode("cp932"), ("cp932", 0)),
        (b"indicator,year,value,source\n", ("utf-8", 0)),  # ASCII is UTF-8
        (b"", ("utf-8", 0)),
    ],
)
def test_the_encoding_is_found_without_being_told(data, found):
    assert detect(data, "f.csv") == found
    if data:
        assert decode_text(data, "f.csv").startswith(("指標", "indicator"))


def test_a_valid_utf8_file_is_utf8_even_when_its_bytes_also_read_as_shift_jis():
    data = "年年\n".encode()
    assert data.decode("cp932") == "蟷ｴ蟷ｴ\n"  # what a Shift_JIS-first guess would show
    assert decode_text(data, "f.csv") == "年年\n"


def error(data: bytes, encoding: str = "auto") -> str:
    with pytest.raises(InputError) as caught:
        detect(data, "f.csv", encoding)
    (problem,) = caught.value.problems
    assert problem.where == "f.csv"
    return problem.message


def test_latin1_names_the_byte_offset_and_line_and_what_to_do():
    data = b"indicator,year,value,source\nx,2023,1,M\xfcller\n"
    assert data.index(b"\xfc") == 38  # the 39th byte, counted from 1
    message = error(data)
    assert message.startswith(
        "文字コードを判別できません（UTF-8としては39バイト目（2行目、0xFC）、"
        "Shift_JIS（cp932）としては39バイト目（2行目、0xFC）が読めません）: "
    )
    assert "「CSV UTF-8（コンマ区切り）」または「CSV（コンマ区切り）」（Shift_JIS）" in message


@pytest.mark.parametrize(
    ("data", "offset"),
    [
        (b"ab\x80c\n", 3),  # cp932 reads 0x80 as a control character
        (b"ab\xf0\x40c\n", 3),  # a user-defined character (private use)
        (b"ab\xfd\n", 3),  # private use in cp932
        (b"\x82\xa0ok\xff\n", 5),  # Shift_JIS up to a byte that is no text
    ],
)
def test_bytes_shift_jis_only_maps_to_non_text_are_not_read_as_text(data, offset):
    assert f"Shift_JIS（cp932）としては{offset}バイト目" in error(data)


def test_a_bom_says_utf8_so_a_bad_byte_after_it_is_not_tried_as_shift_jis():
    message = error(b"\xef\xbb\xbfabc\x82\xa0\n")
    assert "UTF-8としては7バイト目（1行目、0x82）が読めません" in message
    assert "Shift_JIS" not in message.split("）: ")[0]


def test_an_explicit_encoding_is_an_override():
    sjis = TEXT.encode("cp932")
    assert detect(sjis, "f.csv", "cp932") == ("cp932", 0)
    assert error(sjis, "utf-8").startswith("UTF-8として読めません: 1バイト目（1行目、0x8E）。")
    assert "文字コード「klingon」は使えません" in error(b"a\n", "klingon")


def test_a_line_without_end_is_refused_before_csv_reads_it():
    data = b"indicator,year\n" + b"1," * (MAX_LINE // 2 + 1)
    assert error(data).startswith("2行目が長すぎます（256 KB を超えて改行がありません）")
