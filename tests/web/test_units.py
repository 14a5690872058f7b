"""A figure and its unit on the pages: one rule (core.formatting.with_unit) per language."""

from __future__ import annotations


def test_home_headlines_read_as_numbers_with_units(client, plan, publish):
    publish(2023)
    english = client.get("/en/").content.decode()
    assert '<span class="value">476</span> × <span class="unit">10,000 persons</span>' in english
    assert '<span class="value">9,095</span> × <span class="unit">100 million yen</span>' in english
    assert '<span class="value">114,500</span> <span class="unit">persons</span>' in english
    japanese = client.get("/").content.decode()
    assert '<span class="value">476</span><span class="unit">万人</span>' in japanese
