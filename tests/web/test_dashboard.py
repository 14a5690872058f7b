"""The dashboard as each role's task list, the round's progress by organisation, one default
year for the whole workspace, and the display defects of issue 12 (names, amounts, dates)."""

from __future__ import annotations

import datetime
import re

import pytest

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.council import services as council
from shinchoku.cycle import progress, services
from shinchoku.cycle.models import APPROVED, DRAFTING, NOT_STARTED, SUBMITTED

SHEET = {"activities": "奨励金3件", "budget": "1200", "rating": "B", "direction": "continue"}
REASON = "出典の版を確かめてください"


@pytest.fixture(autouse=True)
def _opened_in_spring_2024(monkeypatch):
    """The round opens in spring 2024 (its deadline not yet past then); the pages are seen
    later, with the deadline past, so every open item is overdue."""
    monkeypatch.setattr("shinchoku.plan.services.today", lambda: datetime.date(2024, 6, 1))


@pytest.fixture
def round_(plan, users):
    """令和5年度, due 2024-06-30, moved through every state:
    産業振興課 (16 items): 総生産額 returned, 製造品出荷額等 submitted, 観光入込客数 approved,
    project 1 drafting, the other 12 not started; 農業振興課 (3): project 7 submitted."""
    r = services.open_round(plan, 2023, datetime.date(2024, 6, 30), users["secretariat"])

    def item(**where):
        return r.requests.get(**where)

    services.move(item(indicator__code="gross-product"), "submit", users["department"])
    services.move(item(indicator__code="gross-product"), "return", users["secretariat"], REASON)
    services.move(item(indicator__name="製造品出荷額等"), "submit", users["department"])
    services.move(item(indicator__name="観光入込客数"), "submit", users["department"])
    services.move(item(indicator__name="観光入込客数"), "approve", users["secretariat"])
    services.save_evaluation(plan.projects.get(number=1), 2023, SHEET, users["department"])
    services.save_evaluation(plan.projects.get(number=7), 2023, SHEET, SYSTEM)
    services.move(item(project__number=7), "submit", SYSTEM)
    return r


def section(html: str, heading_id: str) -> str:
    start = html.index(f'id="{heading_id}"')
    return html[start : html.index("</section>", start)]


def rows(html: str) -> list[list[str]]:
    """Each table row's cells as text."""
    found = []
    for tr in re.findall(r"<tr[^>]*>(.*?)</tr>", html, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        found.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return found


def test_progress_by_organisation_counts_every_state(round_):
    found = {p.name: p for p in progress.by_organisation(round_, datetime.date(2024, 7, 1))}
    sangyo, nogyo = found["産業振興課"], found["農業振興課"]
    assert sangyo.counts == {
        NOT_STARTED: 12, DRAFTING: 1, SUBMITTED: 1, APPROVED: 1, progress.RETURNED: 1
    }  # fmt: skip
    assert (sangyo.overdue, sangyo.total) == (14, 16)  # 12 not started, 1 drafting, 1 returned
    assert nogyo.counts[SUBMITTED] == 1 and (nogyo.overdue, nogyo.total) == (2, 3)
    # Before the deadline nothing is overdue.
    early = progress.by_organisation(round_, datetime.date(2024, 6, 30))
    assert [p.overdue for p in early] == [0, 0]


def test_secretariat_sees_the_status_by_department(client_as, round_):
    html = client_as("secretariat").get("/workspace/").content.decode()
    table = rows(section(html, "progress-heading"))
    assert table[0] == ["組織", "未着手", "作成中", "提出済", "承認", "差戻し", "期限切れ", "計"]
    assert ["産業振興課", "12", "1", "1", "1", "1", "14", "16"] in table
    assert ["農業振興課", "2", "0", "1", "0", "0", "2", "3"] in table
    assert ["計", "14", "1", "2", "1", "1", "16", "19"] in table
    # The review queue: the two submitted items, each linked to its page.
    queue = html[html.index("審査待ち（2件）") :]
    for req in round_.requests.filter(state=SUBMITTED):
        assert f'href="/workspace/cycle/{req.pk}/"' in queue
    assert 'href="/workspace/cycle/remind/?year=2023"' in html


def test_department_sees_only_its_items_returned_first(client_as, round_):
    html = client_as("department").get("/workspace/").content.decode()
    mine = section(html, "mine-heading")
    names = [r[0] for r in rows(mine)[1:]]
    assert len(names) == 16  # 産業振興課's 16 items, not 農業振興課's project 7
    assert names[0] == f"評価指標 総生産額差戻しの理由: {REASON}"
    assert not any("重点推進事業7 " in n for n in names)
    states = [r[1] for r in rows(mine)[1:]]
    assert states[0] == "差戻し（作成中）" and states[-1] == "承認"
    assert mine.count("期限切れ") == 14  # returned, drafting and 12 not started
    assert "組織ごとの進捗" not in html and "審査待ちの登録申請" not in html
    # The partner sees the projects it carries with the city (2, 5 and 6 for the CCI).
    partner = section(client_as("partner").get("/workspace/").content.decode(), "mine-heading")
    assert [r[0].split()[0] for r in rows(partner)[1:]] == [
        "重点推進事業2",
        "重点推進事業5",
        "重点推進事業6",
    ]


def test_council_sees_its_opinions_and_the_draft_report_but_no_edit_links(
    client_as, users, plan, round_
):
    council.add_opinion(plan, 2023, "plan", "", "数値の出典を示してほしい", users["council"])
    html = client_as("council").get("/workspace/").content.decode()
    mine = section(html, "council-heading")
    assert "令和5年度の進捗報告書（案）をお読みください" in mine
    assert 'href="/workspace/reports/2023.html"' in mine
    assert "数値の出典を示してほしい" in mine and "対応方針はまだです" in mine
    edits = ("/workspace/import/", "/workspace/cycle/remind/", "/workspace/publish/",
             "入力できます", "/workspace/users/", 'method="post" action="/workspace')  # fmt: skip
    for edit in edits:
        assert edit not in html, edit
    assert not re.search(r"/workspace/cycle/\d", html)  # no items to work on


def test_pending_applications_are_listed_for_the_secretariat(client_as, users):
    from shinchoku.registries.models import Shop

    shop = Shop.objects.create(
        applicant=users["partner"], name="所沢駅前店", address="所沢市", hours="10-18"
    )
    html = client_as("secretariat").get("/workspace/").content.decode()
    apps = section(html, "applications-heading")
    assert "審査待ちの登録申請（1件）" in apps
    assert f'href="/workspace/registries/shop/{shop.pk}/"' in apps and "所沢駅前店" in apps


def test_one_default_year_for_every_workspace_page(client_as, plan, round_):
    # The open round's year (令和5年度), although the newest value is of 令和元年度.
    client = client_as("secretariat")
    assert '<option value="2023" selected>' in client.get("/workspace/").content.decode()
    assert "進捗管理の依頼 — 令和5年度" in client.get("/workspace/cycle/").content.decode()
    assert "対応方針 — 令和5年度" in client.get("/workspace/council/").content.decode()
    registries = client.get("/workspace/registries/").content.decode()
    assert '<option value="2023" selected>' in registries
    english = client.get("/en/workspace/").content.decode()
    assert "FY2023" in english and '<option value="2023" selected>FY2023' in english


def test_once_the_round_is_published_the_newest_year_with_data_counts(client_as, plan, publish):
    services.open_round(plan, 2023, datetime.date(2024, 6, 30), actor=SYSTEM)
    publish(2023)
    html = client_as("secretariat").get("/workspace/").content.decode()
    assert '<option value="2019" selected>' in html  # the newest value: 令和元年度 総生産額


def test_the_owner_is_named_and_dates_follow_the_language(client_as, round_):
    client = client_as("secretariat")
    html = client.get("/workspace/").content.decode()
    owners = [r[-1] for r in rows(html[html.index("評価指標の一覧") :])[1:]]
    assert owners[0].startswith("産業振興課") and "sangyo-shinko" not in html
    assert "提出期限: 令和6年6月30日" in html
    english = client_as("department").get("/en/workspace/").content.decode()
    assert "30 Jun 2024" in english and "年6月30日" not in english
    cycle = client.get("/en/workspace/cycle/").content.decode()
    assert "30 Jun 2024" in cycle and "2024年" not in cycle


def test_a_saved_budget_is_shown_as_people_write_it(client_as, round_):
    req = round_.requests.get(project__number=1)
    html = client_as("department").get(f"/workspace/cycle/{req.pk}/").content.decode()
    assert 'value="1,200"' in html and "1200.000000" not in html
