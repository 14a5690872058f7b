"""Each plan's workspace, publication and round under its own address."""

from __future__ import annotations

import datetime

from django.core import mail

from .conftest import HANNO, add, publish_through


def test_publication_is_per_plan(client, plan, hanno):
    add(hanno, "観光入込客数", "令和5年度", "120")
    publish_through(hanno, 2023)
    plan.refresh_from_db()
    assert (plan.published_year, hanno.published_year) == (None, 2023)
    default = client.get("/").content.decode()
    assert "最初の評価（令和5年度）はまだ公表されていません" in default
    other = client.get(f"/plans/{HANNO}/").content.decode()
    assert "公表済みのデータ: 令和5年度まで" in other
    assert "令和5年度の目標線 110万人に対して 120万人（達成率 109.1%）" in other


def test_the_workspace_of_another_plan(client_as, hanno):
    client = client_as("secretariat")
    html = client.get(f"/plans/{HANNO}/workspace/").content.decode()
    assert "観光入込客数" in html and "製造品出荷額等" not in html
    assert f'href="/plans/{HANNO}/workspace/indicators/visitors/' in html
    page = client.get(f"/plans/{HANNO}/workspace/indicators/visitors/")
    assert page.status_code == 200
    assert client.get("/workspace/indicators/visitors/").status_code == 404


def test_a_round_of_another_plan_links_to_its_own_pages(client_as, users, hanno, settings):
    from shinchoku.accounts.services import add_user
    from shinchoku.cycle import services as cycle

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    add_user(
        "hanno", "department", "a-long-test-password-2026", "hanno-shoko", email="h@example.jp"
    )
    round_ = cycle.open_round(
        hanno, 2023, datetime.date.today() + datetime.timedelta(days=60), users["secretariat"]
    )
    item = round_.requests.get(indicator__code="visitors")
    cycle.send_reminders(round_, "https://progress.example.jp", actor=users["secretariat"])
    (sent,) = mail.outbox
    assert f"https://progress.example.jp/plans/{HANNO}/workspace/cycle/{item.pk}/" in sent.body
    client = client_as("secretariat")
    assert client.get(f"/plans/{HANNO}/workspace/cycle/{item.pk}/").status_code == 200
    assert client.get(f"/workspace/cycle/{item.pk}/").status_code == 404  # not 所沢市's item


def test_a_council_opinion_answers_only_under_its_own_plan(client_as, users, hanno):
    from shinchoku.council import services as council

    opinion = council.add_opinion(
        hanno, 2023, "indicator", "visitors", "観光の数字を詳しく", users["secretariat"]
    )
    client = client_as("secretariat")
    form = {"text": "次回に示します", "follow_up": "in_progress"}
    wrong = client.post(f"/workspace/council/{opinion.pk}/respond/", form)
    assert wrong.status_code == 404  # 所沢市's address does not reach 飯能市's opinion
    assert not opinion.responses.exists()
    right = client.post(f"/plans/{HANNO}/workspace/council/{opinion.pk}/respond/", form)
    assert right.status_code == 302 and opinion.responses.count() == 1
