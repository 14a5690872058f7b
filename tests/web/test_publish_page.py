"""The workspace's 公表 page: preview, checklist, confirmation, refusal, withdrawal."""

from __future__ import annotations

import datetime

import pytest

from shinchoku.cycle import publication
from shinchoku.plan.models import Plan, Publication

PHRASE = "未承認の項目が19件あるまま令和5年度の結果を公表する"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(publication, "today", lambda: datetime.date(2026, 12, 1))


def published_year(plan) -> int | None:
    return Plan.objects.get(pk=plan.pk).published_year


def test_the_page_shows_checklist_preview_and_the_phrase(client_as, plan):
    html = client_as("secretariat").get("/workspace/publish/").content.decode()
    assert "令和5年度の結果の公表" in html  # the next year to publish, not the year viewed
    assert "令和5年度の進捗管理の回は開かれていません" in html
    assert "未承認の項目: 19件（全19件中）" in html and "この年の実績値がない指標: 4件" in html
    assert f'value="{PHRASE}" required> {PHRASE}' in html
    # The preview: what the public pages will show for 令和5年度 (総生産額: 9,095 of 令和元年度).
    preview = html[html.index('id="preview"') : html.index('id="confirm-heading"')]
    assert "9,095" in preview and "令和元年度" in preview
    dashboard = client_as("secretariat").get("/workspace/").content.decode()
    assert "まだどの年度の結果も公表していません（最初の評価は令和5年度）" in dashboard
    assert 'href="/workspace/publish/"' in dashboard and 'name="confirm"' not in dashboard


def test_without_the_confirmation_nothing_is_published(client_as, plan):
    response = client_as("secretariat").post("/workspace/publish/", {"year": 2023})
    assert response.status_code == 400
    assert (
        f"確認が必要です: 「{PHRASE}」と確認してから公表してください" in response.content.decode()
    )
    assert published_year(plan) is None and not Publication.objects.exists()


def test_a_year_not_ended_is_refused_and_offers_no_button(client_as, plan):
    client = client_as("secretariat")
    html = client.get("/workspace/publish/?year=R9").content.decode()
    assert "令和9年度はまだ終わっていません（2028年3月31日まで）" in html
    assert 'name="confirm"' not in html
    phrase = "未承認の項目が19件あるまま令和9年度の結果を公表する"
    response = client.post("/workspace/publish/", {"year": 2027, "confirm": phrase})
    assert response.status_code == 400 and published_year(plan) is None


def test_publish_then_withdraw_with_a_reason(client_as, plan):
    client = client_as("secretariat")
    done = client.post("/workspace/publish/", {"year": 2023, "confirm": PHRASE}, follow=True)
    assert "令和5年度の結果を公表しました" in done.content.decode()
    assert published_year(plan) == 2023
    assert "令和5年度の評価" in client.get("/indicators/gross-product/").content.decode()
    no_reason = client.post("/workspace/unpublish/", {"year": 2023, "reason": ""}, follow=True)
    assert "取り消す年度と理由を入力してください" in no_reason.content.decode()
    assert published_year(plan) == 2023
    client.post("/workspace/unpublish/", {"year": 2023, "reason": "値の誤り"})
    assert published_year(plan) is None
    assert [p.action for p in Publication.objects.all()] == ["publish", "unpublish"]
    html = client.get("/indicators/gross-product/").content.decode()
    assert "最初の評価（令和5年度）はまだ公表されていません" in html


@pytest.mark.parametrize("who", ["department", "council"])
def test_only_the_secretariat_sees_the_gate(client_as, who):
    assert client_as(who).get("/workspace/publish/").status_code == 403
    assert (
        client_as(who).post("/workspace/unpublish/", {"year": 2023, "reason": "x"}).status_code
        == 403
    )


def test_a_form_sent_to_a_page_number_is_answered_not_redirected(client_as, plan):
    """What a user sent (the year, an unconfirmed phrase) is answered on the first page: a
    redirect would turn the POST into a GET and drop it."""
    response = client_as("secretariat").post("/workspace/publish/?page=abc", {"year": 2023})
    assert response.status_code == 400
    assert f"「{PHRASE}」と確認してから公表してください" in response.content.decode()


@pytest.fixture
def hundredths(plan):
    """The 飯能市 test plan with a ratio written to two places (places 2): 観光入込客数 as
    倍, baseline 令和3年度 0.50, target line 令和5年度 0.75 and 令和9年度 1.00; 令和5年度 0.65
    → progress (0.65 − 0.50) / (0.75 − 0.50) = 60.0 %."""
    from tests.plans.conftest import HANNO_FILE, add

    from shinchoku.accounts.permissions import SYSTEM
    from shinchoku.ingest.plan_file import read_plan_text
    from shinchoku.plan.services import load_plan

    text = HANNO_FILE.read_text(encoding="utf-8")
    text = text.replace("unit: 万人", "unit: 倍").replace("10 thousand people", "times")
    text = text.replace("value: 100, source", 'value: "0.50", source')
    text = text.replace("{year: R5, value: 110}", '{year: R5, value: "0.75"}')
    text = text.replace("{year: R9, value: 150}", '{year: R9, value: "1.00"}')
    row = load_plan(read_plan_text(text, "hanno.yaml"), text, SYSTEM)
    add(row, "観光入込客数", "令和5年度", "0.65")
    return row


def test_the_preview_shows_the_target_line_with_the_indicators_places(client_as, hundredths):
    """The target line beside 0.65 is 0.75 (two places, as the plan writes it), not 1."""
    html = client_as("secretariat").get(f"/plans/{hundredths.slug}/workspace/publish/").content
    preview = html.decode().split('id="preview"')[1].split("</table>")[0]
    row = preview[preview.index("観光入込客数") :].split("</tr>")[0]
    cells = [c.split("<")[0] for c in row.split('<td class="num">')[1:]]
    assert cells == ["0.65", "0.75", "60.0%"]


def test_an_unpublished_indicator_page_shows_its_figures_with_the_places(client, hundredths):
    """Before any year is published the public page shows the baseline and the final target
    to the plan's two places: 0.50 and 1.00 (not 0.5 and 1); the unpublished 0.65 stays out."""
    html = client.get(f"/plans/{hundredths.slug}/indicators/visitors/").content.decode()
    stats = html.split('<dl class="stats">')[1].split("</dl>")[0]
    figures = [d.split("<dd>")[1].split(" <")[0] for d in stats.split("</dd>")[:-1]]
    assert figures == ["0.50", "—", "1.00"]
