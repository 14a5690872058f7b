"""The workspace in English (issue 14): a round's items, owners and states in English."""

from __future__ import annotations

import datetime

from shinchoku.cycle import services
from shinchoku.web.langcheck import unmarked_japanese


def test_round_items_owners_and_states_are_english_on_en_pages(client_as, plan):
    services.open_round(plan, 2023, datetime.date(2027, 6, 30))
    for who in ("department", "secretariat"):
        client = client_as(who)
        for url in ("/en/workspace/", "/en/workspace/cycle/"):
            html = client.get(url).content.decode()
            assert unmarked_japanese(html) == [], (who, url)
    cycle = client_as("secretariat").get("/en/workspace/cycle/").content.decode()
    assert "Indicator: Tourist visits" in cycle and "評価指標" not in cycle
    assert "Priority project 3: Agriculture, Commerce and Industry Collaboration Project" in cycle
    assert "Not started" in cycle and "未着手" not in cycle
    japanese = client_as("secretariat").get("/workspace/cycle/").content.decode()
    assert "評価指標 観光入込客数" in japanese and "重点推進事業3 農商工連携推進事業" in japanese
