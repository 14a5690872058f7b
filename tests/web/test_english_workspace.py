"""The workspace in English (issue 14): a round's items, owners and states in English."""

from __future__ import annotations

import datetime

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.cycle import services
from shinchoku.web.langcheck import unmarked_japanese


def test_round_items_owners_and_states_are_english_on_en_pages(client_as, plan):
    services.open_round(plan, 2023, datetime.date(2027, 6, 30), actor=SYSTEM)
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


def test_an_item_page_in_english_names_its_item_owner_and_state(client_as, plan):
    import re

    services.open_round(plan, 2023, datetime.date(2027, 6, 30), actor=SYSTEM)
    client = client_as("department")
    dashboard = client.get("/en/workspace/").content.decode()
    item = re.search(r'href="(/en/workspace/cycle/\d+/)"', dashboard).group(1)
    html = client.get(item).content.decode()
    assert unmarked_japanese(html) == []
    assert "<h1>Indicator: Gross product" in html and "e.g. 2023, FY2023, R5" in html


def test_a_move_made_on_an_english_page_is_logged_in_japanese(plan, users):
    """The audit log stores the item as the plan names it: an approval on /en/ must not
    store "Indicator: Tourist visits", which the Japanese log's item filter would miss."""
    from django.utils import translation

    from shinchoku.audit.models import AuditEntry

    round_ = services.open_round(plan, 2023, datetime.date(2027, 6, 30), actor=SYSTEM)
    request = round_.requests.get(indicator__code="tourist-visits")
    with translation.override("en"):
        services.move(request, "submit", users["department"])
    entry = AuditEntry.objects.get(action="cycle.submit")
    assert entry.target == "2023 評価指標 観光入込客数"
