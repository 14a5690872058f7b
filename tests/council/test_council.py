"""Council opinions on plan items, the city's responses, meetings; who may do what."""

from __future__ import annotations

import datetime

import pytest

from shinchoku.accounts.permissions import NotAllowed
from shinchoku.council import services as council
from shinchoku.council.models import Response
from shinchoku.ingest.errors import InputError


def test_opinion_and_response_versions(plan, users):
    op = council.add_opinion(
        plan,
        2022,
        "indicator",
        "tourist-visits",
        "回復が遅れている理由を分析してほしい",
        users["council"],
    )
    council.respond(op, "観光施設ごとの入込客数を次回報告する", "considering", users["secretariat"])
    council.respond(op, "施設別の分析を報告書に加えた", "done", users["secretariat"])
    (exchange,) = council.exchanges(
        plan, public=False, item_kind="indicator", item_code="tourist-visits"
    )
    assert exchange.response.follow_up == "done"
    assert Response.objects.filter(opinion=op).count() == 2  # the earlier version is kept


def test_declining_needs_a_reason(plan, users):
    op = council.add_opinion(
        plan, 2022, "project", "10", "認定品を増やしてほしい", users["council"]
    )
    with pytest.raises(InputError, match="理由"):
        council.respond(op, "対応しない", "declined", users["secretariat"])
    council.respond(op, "現行制度で対応", "declined", users["secretariat"], reason="予算の制約")


@pytest.mark.parametrize(
    ("kind", "code"), [("indicator", "nothing"), ("project", "99"), ("measure", "9-9")]
)
def test_opinions_must_name_a_plan_item(plan, users, kind, code):
    with pytest.raises(InputError, match="計画にありません"):
        council.add_opinion(plan, 2022, kind, code, "意見", users["council"])


@pytest.mark.parametrize(
    ("who", "opine", "respond"),
    [
        ("secretariat", True, True),
        ("council", True, False),
        ("department", False, False),
        ("partner", False, False),
    ],
)
def test_who_may_opine_and_respond(plan, users, who, opine, respond):
    if opine:
        op = council.add_opinion(plan, 2022, "plan", "", "全体への意見", users[who])
    else:
        with pytest.raises(NotAllowed):
            council.add_opinion(plan, 2022, "plan", "", "全体への意見", users[who])
        op = council.add_opinion(plan, 2022, "plan", "", "全体への意見", users["council"])
    if respond:
        council.respond(op, "対応", "done", users[who])
    else:
        with pytest.raises(NotAllowed):
            council.respond(op, "対応", "done", users[who])


def test_public_pages_show_published_years_only(client, plan, users, publish):
    op = council.add_opinion(
        plan, 2023, "indicator", "employees", "若年層の就職支援を強化して", users["council"]
    )
    council.respond(op, "就職面接会を年4回に増やす", "later", users["secretariat"])
    page = client.get("/indicators/employees/").content.decode()
    assert "若年層の就職支援" not in page  # 2023 is not published yet
    publish(2023)
    page = client.get("/indicators/employees/").content.decode()
    assert "若年層の就職支援を強化して" in page and "就職面接会を年4回に増やす" in page
    assert "次年度以降" in page


def test_workspace_page_permissions(client_as, plan):
    anonymous = client_as(None).post(
        "/workspace/council/", {"item": "plan:", "kind": "opinion", "text": "x"}
    )
    assert anonymous.status_code == 302
    assert (
        client_as("department")
        .post("/workspace/council/?year=2022", {"item": "plan:", "kind": "opinion", "text": "x"})
        .status_code
        == 403
    )
    done = client_as("council").post(
        "/workspace/council/?year=2022",
        {"item": "indicator:gross-product", "kind": "proposal", "text": "市内総生産の内訳を示して"},
        follow=True,
    )
    assert "市内総生産の内訳を示して" in done.content.decode()
    opinion = plan.opinions.get()
    assert (
        client_as("council")
        .post(f"/workspace/council/{opinion.pk}/respond/", {"text": "x", "follow_up": "done"})
        .status_code
        == 403
    )


def test_meeting_with_minutes(client_as, plan, tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    client = client_as("secretariat")
    minutes = tmp_path / "gijiroku.pdf"
    minutes.write_bytes(b"%PDF-1.4 minutes")
    with minutes.open("rb") as f:
        client.post(
            "/workspace/council/meetings/",
            {
                "held_on": "2024-11-12",
                "title": "令和6年度第2回推進会議",
                "agenda": "進捗報告",
                "minutes": f,
            },
        )
    meeting = plan.meetings.get()
    assert meeting.held_on == datetime.date(2024, 11, 12)
    response = client_as("council").get(f"/workspace/council/meetings/{meeting.pk}/minutes/")
    assert b"".join(response.streaming_content) == b"%PDF-1.4 minutes"
    assert (
        client_as("department")
        .post("/workspace/council/meetings/", {"held_on": "2024-11-12", "title": "x"})
        .status_code
        == 403
    )


def test_the_report_carries_opinions_and_responses(plan, users):
    from shinchoku.reports.context import load_context

    op = council.add_opinion(
        plan, 2022, "project", "3", "交流会の参加者を増やす工夫を", users["council"]
    )
    council.respond(op, "SNSでの周知を始める", "done", users["secretariat"])
    context = load_context(plan, 2023)
    (entry,) = context.opinions
    # Named, not coded; the year and the state are columns of their own (和暦 in the report).
    assert entry.item == "重点推進事業3　農商工連携推進事業"
    assert (entry.year, entry.state, entry.reason) == (2022, "対応済", "")
    assert entry.opinion == "交流会の参加者を増やす工夫を"
    assert entry.response == "SNSでの周知を始める"
    assert context.follow_ups == (entry,) and context.current_opinions == ()


def test_opinion_items_in_the_page_language_without_the_lists_indentation(client_as, plan):
    """The item list indents a measure under its basic policy; an opinion's card names the
    item without that indentation, and on /en/ both use the plan's English titles (the
    Japanese, marked lang="ja", where a title has no translation)."""
    from shinchoku.plan.models import Measure

    client = client_as("council")
    client.post(
        "/workspace/council/?year=2023",
        {"item": "measure:1-1", "kind": "opinion", "text": "用地の確保の見通しを示して"},
    )
    japanese = client.get("/workspace/council/?year=2023").content.decode()
    assert '<option value="measure:1-1">\u30001-1 新たな産業用地等の創出</option>' in japanese
    assert "意見 · 1-1 新たな産業用地等の創出 · council ·" in japanese
    english = client.get("/en/workspace/council/?year=2023").content.decode()
    assert '<option value="policy:1">Basic policy 1 Creating innovation for growth</option>' in (
        english
    )
    assert '<option value="measure:1-1">\u00a0\u00a01-1 Creating new industrial land' in english
    assert '<option value="project:1">Priority project 1 Business Attraction Promotion' in english
    assert "Opinion · 1-1 Creating new industrial land and sites · council ·" in english
    card = english.split('class="exchange panel"', 1)[1].split("</article>")[0]
    assert "\u3000" not in card and "\u00a0" not in card
    Measure.objects.filter(policy__plan=plan, code="1-1").update(translations={})
    untranslated = client.get("/en/workspace/council/?year=2023").content.decode()
    assert 'Opinion · 1-1 <span lang="ja">新たな産業用地等の創出</span> · council' in untranslated
