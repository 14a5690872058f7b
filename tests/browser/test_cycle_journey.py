"""A whole year in the browser: open the round → the department submits → the secretariat
returns it → the department fixes it → approval → a council opinion → the city's response →
publication → the public page and the report show it all."""

from __future__ import annotations

import datetime

import pytest

from .conftest import login
from .test_accessibility import violations

pytestmark = pytest.mark.browser


def as_user(page, server: str, name: str) -> None:
    page.context.clear_cookies()
    login(page, server, name)


def open_item(page, server: str) -> None:
    page.goto(server + "/workspace/cycle/?year=2024")
    page.get_by_role("link", name="重点推進事業1 企業誘致活動推進事業").click()


def test_the_yearly_cycle_end_to_end(page, server):
    as_user(page, server, "secretariat")
    page.goto(server + "/workspace/cycle/")
    page.fill("#id_year", "2024")
    # A deadline must not have passed (plausibility, refs #10).
    page.fill("#id_due", (datetime.date.today() + datetime.timedelta(days=60)).isoformat())
    page.get_by_role("button", name="回を開いて依頼する").click()
    assert "回を開き、各担当に依頼しました" in page.locator(".messages").text_content()

    as_user(page, server, "department")
    open_item(page, server)
    purpose = page.input_value("#id_purpose")
    assert purpose  # pre-filled from the plan: nobody retypes it
    page.fill("#id_activities", "製造業2社に立地奨励金を交付した")
    # The draft is kept on the server as the owner types, and survives a reload.
    page.wait_for_selector(".autosave-status:has-text('下書きを自動保存しました')")
    page.reload()
    assert page.input_value("#id_activities") == "製造業2社に立地奨励金を交付した"
    page.fill("#id_budget", "12,500")
    page.select_option("#id_rating", "C")  # C without a reason: refused, nothing lost
    page.select_option("#id_direction", "continue")
    page.get_by_role("button", name="提出する").click()
    summary = page.locator("#error-summary")
    assert "C・D の評価には理由が必要です" in summary.text_content()
    assert page.input_value("#id_activities") == "製造業2社に立地奨励金を交付した"
    assert page.input_value("#id_budget") == "12,500"
    assert page.input_value("#id_purpose") == purpose
    assert violations(page) == []  # the page with its errors, too
    summary.get_by_role("link").first.click()
    page.fill("#id_reason", "用地不足で1社が見送った")
    page.get_by_role("button", name="提出する").click()
    assert "提出済" in page.locator("main").text_content()

    as_user(page, server, "secretariat")
    open_item(page, server)
    assert "製造業2社に立地奨励金を交付した" in page.locator(".sheet-diff").text_content()
    assert violations(page) == []
    page.get_by_role("button", name="差し戻す").click()  # without a reason: refused
    assert "差戻しの理由を書いてください" in page.locator(".review-return").text_content()
    page.fill("#id_return-reason", "決算額を書き加えてください")
    page.get_by_role("button", name="差し戻す").click()
    assert "差戻し（作成中）" in page.locator("main").text_content()

    as_user(page, server, "department")
    open_item(page, server)
    assert "決算額を書き加えてください" in page.locator(".returned-notice").text_content()
    assert page.input_value("#id_activities") == "製造業2社に立地奨励金を交付した"
    page.fill("#id_settled", "11,800")
    page.get_by_role("button", name="提出する").click()

    as_user(page, server, "secretariat")
    open_item(page, server)
    page.get_by_role("button", name="承認する").click()
    assert page.locator("main .state").first.text_content() == "承認"
    assert "決算額を書き加えてください" in page.locator(".returns").text_content()
    assert page.errors == []  # no CSP violation or script error on the way

    as_user(page, server, "council")
    page.goto(server + "/workspace/council/?year=2024")
    page.select_option("#id_item", "project:1")
    page.fill("#id_text", "立地した企業の雇用の効果も示してほしい")
    page.get_by_role("button", name="意見を登録する").click()

    as_user(page, server, "secretariat")
    page.goto(server + "/workspace/council/?year=2024")
    page.locator("textarea[name=text]").first.fill("次年度の報告から雇用者数を加える")
    page.locator("select[name=follow_up]").first.select_option("later")
    page.get_by_role("button", name="対応方針を保存する").first.click()
    # Years are published in order, each through its checklist and a confirmation naming it.
    page.goto(server + "/workspace/publish/")
    page.get_by_label("未承認の項目が19件あるまま令和5年度の結果を公表する").check()
    page.get_by_role("button", name="令和5年度の結果を公表する").click()
    page.goto(server + "/workspace/publish/?year=2024")
    assert "未承認の項目: 18件（全19件中）" in page.locator("main").text_content()
    page.get_by_label("未承認の項目が18件あるまま令和6年度の結果を公表する").check()
    page.get_by_role("button", name="令和6年度の結果を公表する").click()
    assert "令和6年度の結果を公表しました" in page.locator(".messages").text_content()

    page.context.clear_cookies()
    page.goto(server + "/projects/1/")
    text = page.locator("main").text_content()
    assert "製造業2社に立地奨励金を交付した" in text
    assert "立地した企業の雇用の効果も示してほしい" in text
    assert "次年度の報告から雇用者数を加える" in text and "次年度以降" in text
    report = page.request.get(server + "/reports/2024.html").text()
    assert "製造業2社に立地奨励金を交付した" in report
    assert "立地した企業の雇用の効果も示してほしい" in report
