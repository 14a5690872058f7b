"""The page numbers' one spelling (paging.py), shared by every paged list."""

from __future__ import annotations

import pytest

from shinchoku.paging import PageMoved, page_of, page_query


def test_the_page_a_number_means_and_its_own_spelling():
    rows = list(range(250))  # three pages of 100
    assert list(page_of(rows, 100, None)) == list(range(100))
    assert page_of(rows, 100, "3").number == 3
    moves = [("1", 1, True), ("x", 1, True), (" 3", 3, True), ("-1", 1, True),
             ("4", 3, False), ("1e3", 1, True)]  # fmt: skip
    for text, number, permanent in moves:
        with pytest.raises(PageMoved) as moved:
            page_of(rows, 100, text)
        assert (moved.value.number, moved.value.permanent) == (number, permanent), text


def test_an_empty_list_has_one_page():
    assert page_of([], 100, None).number == 1
    with pytest.raises(PageMoved) as moved:
        page_of([], 100, "2")
    assert moved.value.number == 1 and not moved.value.permanent


def test_the_query_of_a_page_names_no_first_page():
    assert page_query("year=2023&", 1) == "year=2023"
    assert page_query("year=2023&", 2) == "year=2023&page=2"
    assert page_query("", 1) == "" and page_query("", 5) == "page=5"
