"""What the council papers read from the store: full sheets (approved only once published),
measure reviews and the 総括 (versions, secretariat only), the meeting and its 資料番号."""

from __future__ import annotations

import datetime
import io

import pytest
from django.db import DatabaseError, connection, transaction
from openpyxl import load_workbook

from shinchoku.accounts.permissions import NotAllowed
from shinchoku.council import services as council
from shinchoku.cycle import papers, services
from shinchoku.cycle.models import MeasureReview, Overview
from shinchoku.ingest.errors import InputError

from .test_cycle import DUE, SHEET, request_for

FULL = SHEET | {
    "results": "立地3件",
    "direction_reason": "用地の確保を続ける",
    "reason": "奨励金の交付は計画どおり",
}


@pytest.fixture(autouse=True)
def _opened_in_spring_2024(monkeypatch):
    monkeypatch.setattr("shinchoku.plan.services.today", lambda: datetime.date(2024, 6, 1))


@pytest.fixture
def round_(plan, users):
    return services.open_round(plan, 2023, DUE, users["secretariat"])


def test_the_full_sheet_with_last_year_activity_targets_and_the_comment(plan, users, round_):
    req = request_for(round_, 1)
    project = req.project
    services.open_round(plan, 2024, datetime.date(2025, 6, 30), users["secretariat"])
    output = services.define_output(project, "立地件数", "件", actor=users["secretariat"])
    services.record_output(output, 2023, "target", "4", users["department"])
    services.record_output(output, 2023, "actual", "3", users["department"])
    services.save_evaluation(project, 2023, FULL, users["department"])
    services.move(req, "submit", users["department"])
    services.move(req, "approve", users["secretariat"], reason="用地情報の発信を強めてください")
    services.record_output(output, 2024, "target", "4", users["department"])
    services.record_output(output, 2024, "actual", "5", users["department"])
    services.save_evaluation(
        project, 2024, FULL | {"budget": "13,000", "rating": "A"}, users["department"]
    )
    req24 = request_for(services.current_round(plan, 2024), 1)
    services.move(req24, "submit", users["department"])
    sheet = papers.report_submissions(plan, 2024)[1].sheet
    assert (sheet.budget, sheet.budget_previous, sheet.settled_previous) == (13000, 12500, 11800)
    assert (sheet.rating, sheet.previous_rating, sheet.approved) == ("A", "B", False)
    assert (sheet.results, sheet.direction, sheet.direction_reason) == (
        "立地3件",
        "継続",
        "用地の確保を続ける",
    )
    (row,) = sheet.outputs
    assert (row.target, row.actual, row.previous) == (4, 5, 3)
    assert row.attainment == pytest.approx(1.25)
    last = papers.report_submissions(plan, 2023)[1].sheet
    assert (last.comment, last.approved) == ("用地情報の発信を強めてください", True)


def test_published_papers_fill_approved_tabs_only(plan, users, round_, publish):
    from shinchoku.reports import render
    from shinchoku.reports.context import load_context

    for number in (1, 2):
        req = request_for(round_, number)
        services.save_evaluation(req.project, 2023, FULL, users["secretariat"])
        services.move(req, "submit", users["secretariat"])
    services.move(request_for(round_, 1), "approve", users["secretariat"])
    draft = load_context(plan, 2023)
    assert draft.draft and {p.number for p in draft.projects if p.submission.sheet} == {1, 2}
    publish(2023)
    context = load_context(plan, 2023)
    assert not context.draft
    book = load_workbook(io.BytesIO(render(context, "xlsx")))
    approved, submitted = book["事業評価01"], book["事業評価02"]
    assert approved["A1"].value == "令和5年度　事業評価シート"
    assert approved["B8"].value == "奨励金3件を交付"  # 取組内容
    assert approved["B9"].value == "立地3件"  # 成果
    assert submitted["B8"].value is None and submitted["B9"].value is None
    html = render(context, "html").decode("utf-8")
    assert "立地3件" in html and html.count("用地の確保を続ける") == 1  # project 1 only


def test_measure_reviews_are_versions_written_by_the_secretariat(plan, users):
    fields = {"evaluation": "順調", "issues": "用地不足", "direction": "継続"}
    first = papers.save_measure_review(plan, 2023, "1-2", fields, users["secretariat"])
    assert first is not None
    assert papers.save_measure_review(plan, 2023, "1-2", fields, users["secretariat"]) is None
    papers.save_measure_review(plan, 2023, "1-2", fields | {"issues": "人材"}, users["secretariat"])
    assert MeasureReview.objects.filter(measure="1-2").count() == 2  # nothing overwritten
    assert papers.measure_reviews(plan, 2023)["1-2"].issues == "人材"
    assert papers.measure_reviews(plan, 2024) == {}
    with pytest.raises(NotAllowed):
        papers.save_measure_review(plan, 2023, "1-2", fields, users["department"])
    with pytest.raises(InputError, match="9-9"):
        papers.save_measure_review(plan, 2023, "9-9", fields, users["secretariat"])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE cycle_measurereview SET issues = 'x'")  # append-only in the database


def test_the_overview_and_reviews_reach_the_report(plan, users):
    from shinchoku.reports.context import load_context

    papers.save_overview(plan, 2023, "観光は好調。", users["secretariat"])
    assert papers.save_overview(plan, 2023, "観光は好調。", users["secretariat"]) is None
    papers.save_overview(plan, 2023, "観光は好調、製造業は足踏み。", users["secretariat"])
    assert Overview.objects.count() == 2
    papers.save_measure_review(
        plan, 2023, "3-1", {"evaluation": "来訪が回復"}, users["secretariat"]
    )
    context = load_context(plan, 2023)
    assert context.overview == "観光は好調、製造業は足踏み。"
    measure = next(m for p in context.policies for m in p.measures if m.code == "3-1")
    assert (measure.review.evaluation, measure.review.issues) == ("来訪が回復", "")
    assert measure.indicators == ("tourist-visits",)


def test_the_selfevaluation_table_stays_append_only_after_the_new_columns(plan, users, round_):
    project = request_for(round_, 1).project
    services.save_evaluation(project, 2023, FULL, users["department"])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE cycle_selfevaluation SET results = 'x'")


def test_the_meeting_of_the_year_and_its_document_number(plan, users):
    from shinchoku.reports.context import load_context

    before = {"title": "令和5年度第1回推進会議", "held_on": datetime.date(2023, 7, 10)}
    council.add_meeting(plan, before, users["secretariat"])
    fields = {
        "title": "令和6年度第2回推進会議",
        "held_on": datetime.date(2024, 11, 28),
        "document_number": "資料2",
    }
    council.add_meeting(plan, fields, users["secretariat"])
    meeting = council.report_meeting(plan, 2023)
    assert (meeting.title, meeting.held_on, meeting.document_number) == (
        "令和6年度第2回推進会議",
        datetime.date(2024, 11, 28),
        "資料2",
    )
    assert council.report_meeting(plan, 2023, "資料3").document_number == "資料3"
    assert council.report_meeting(plan, 2022).title == "令和5年度第1回推進会議"  # in FY2023
    assert council.report_meeting(plan, 2021) is None
    html_context = load_context(plan, 2023, document_number="資料4")
    assert html_context.meeting.document_number == "資料4"


def test_declined_follow_up_keeps_its_reason_and_in_progress_exists(plan, users):
    from shinchoku.reports.context import load_context

    op = council.add_opinion(plan, 2022, "policy", "3", "回遊の仕組みを", users["council"])
    council.respond(op, "検討する", "in_progress", users["secretariat"])
    council.respond(op, "実施しない", "declined", users["secretariat"], reason="費用が大きい")
    (entry,) = load_context(plan, 2023).follow_ups
    assert entry.item == "基本方針3　観光を軸とした新たな魅力とにぎわいの創出"
    assert (entry.state, entry.reason, entry.response) == (
        "対応しない",
        "費用が大きい",
        "実施しない",
    )


def test_the_review_page_is_for_the_secretariat(client_as, plan):
    page = client_as("secretariat").get("/workspace/reviews/?year=2023")
    assert page.status_code == 200
    html = page.content.decode("utf-8")
    assert html.count('name="evaluation-') == 14  # every measure of the plan
    assert 'name="overview"' in html
    saved = client_as("secretariat").post(
        "/workspace/reviews/?year=2023",
        {"evaluation-2-1": "牽引企業の支援が進んだ", "overview": "総括の文"},
    )
    assert saved.status_code == 302
    assert papers.measure_reviews(plan, 2023)["2-1"].evaluation == "牽引企業の支援が進んだ"
    assert papers.overview(plan, 2023) == "総括の文"
    assert MeasureReview.objects.count() == 1  # untouched measures store nothing
    assert client_as("department").get("/workspace/reviews/").status_code == 403
    assert client_as("council").post("/workspace/reviews/", {"overview": "x"}).status_code == 403


def test_the_public_project_page_shows_its_activity_indicators_once_published(
    client, plan, users, round_, publish
):
    req = request_for(round_, 1)
    output = services.define_output(req.project, "立地件数", "件", actor=users["secretariat"])
    services.record_output(output, 2023, "target", "4", users["department"])
    services.record_output(output, 2023, "actual", "3", users["department"])
    services.save_evaluation(req.project, 2023, FULL, users["department"])
    services.move(req, "submit", users["department"])
    services.move(req, "approve", users["secretariat"])
    assert "立地件数" not in client.get("/projects/1/").content.decode()
    publish(2023)
    html = client.get("/projects/1/").content.decode()
    row = html[html.index("立地件数") :].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[:3]] == ["4", "3", "75.0%"]
    english = client.get("/en/projects/1/").content.decode()
    assert '<span lang="ja">立地件数</span> (<span lang="ja">件</span>)' in english
