"""The council and review pages choose their year like the dashboard: a list of the plan's
years in 和暦, not a number box showing 2024 (refs #12)."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("path", ["/workspace/council/", "/workspace/reviews/"])
def test_the_year_is_chosen_from_the_plans_years_in_wareki(client_as, path):
    html = client_as("secretariat").get(f"{path}?year=2024").content.decode()
    assert '<select id="year" name="year">' in html and 'type="number"' not in html
    assert '<option value="2024" selected>令和6年度</option>' in html
    assert '<option value="2023">令和5年度</option>' in html  # the plan's first year
    assert '<option value="2027">令和9年度</option>' in html  # and its last
    assert 'value="2022"' not in html  # no opinion or review before the plan
