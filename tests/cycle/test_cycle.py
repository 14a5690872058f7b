"""The yearly round: requests to owners, the state table, self-evaluations, reminders."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.utils import translation

from shinchoku.accounts.permissions import SYSTEM, NotAllowed
from shinchoku.audit.models import AuditEntry
from shinchoku.core.messages import language
from shinchoku.cycle import services
from shinchoku.cycle.models import APPROVED, DRAFTING, NOT_STARTED, SUBMITTED, Transition
from shinchoku.ingest.errors import InputError

DUE = datetime.date(2024, 6, 30)
SHEET = {
    "purpose": "市内企業の立地",
    "activities": "奨励金3件を交付",
    "budget": "12,500",
    "settled": "11,800",
    "rating": "B",
    "reason": "",
    "issues": "用地不足",
    "direction": "continue",
}


@pytest.fixture(autouse=True)
def _opened_in_spring_2024(monkeypatch):
    """The rounds here open for 令和5年度 in spring 2024: a deadline must not have passed."""
    monkeypatch.setattr("shinchoku.plan.services.today", lambda: datetime.date(2024, 6, 1))


@pytest.fixture
def round_(plan, users):
    return services.open_round(plan, 2023, DUE, users["secretariat"])


def request_for(round_, number):
    return round_.requests.get(project__number=number)


def test_open_creates_a_request_per_item_addressed_to_its_owner(round_):
    assert round_.requests.count() == 4 + 15
    owners = {r.project.number: r.owner.code for r in round_.requests.exclude(project=None)}
    assert owners[7] == owners[11] == owners[14] == "nogyo-shinko"
    assert owners[1] == "sangyo-shinko"
    assert {r.state for r in round_.requests.all()} == {NOT_STARTED}
    assert AuditEntry.objects.filter(action="cycle.open").count() == 1


def test_a_round_opens_once_and_only_by_the_secretariat(plan, users, round_):
    with pytest.raises(InputError, match="すでに開いています"):
        services.open_round(plan, 2023, DUE, users["secretariat"])
    with pytest.raises(NotAllowed):
        services.open_round(plan, 2024, DUE, users["department"])


def test_the_full_state_table(round_, users):
    req = request_for(round_, 1)
    project = req.project
    with pytest.raises(InputError, match="事業評価シートを保存してから"):
        services.move(req, "submit", users["department"])
    services.save_evaluation(project, 2023, SHEET, users["department"])
    req.refresh_from_db()
    assert req.state == DRAFTING  # saving a sheet starts the work
    services.move(req, "submit", users["department"])
    with pytest.raises(InputError, match="理由"):
        services.move(req, "return", users["secretariat"])
    services.move(req, "return", users["secretariat"], "事業費の内訳を添えてください")
    req.refresh_from_db()
    assert (req.state, req.returned) == (DRAFTING, True)
    assert services.state_label(req) == "差戻し（作成中）"
    services.save_evaluation(project, 2023, SHEET | {"settled": "11,750"}, users["department"])
    services.move(req, "submit", users["department"])
    services.move(req, "approve", users["secretariat"])
    req.refresh_from_db()
    assert (req.state, req.returned) == (APPROVED, False)
    assert [(t.action, t.before, t.after) for t in Transition.objects.filter(request=req)] == [
        ("draft", NOT_STARTED, DRAFTING),
        ("submit", DRAFTING, SUBMITTED),
        ("return", SUBMITTED, DRAFTING),
        ("submit", DRAFTING, SUBMITTED),
        ("approve", SUBMITTED, APPROVED),
    ]
    assert Transition.objects.get(action="return").reason == "事業費の内訳を添えてください"
    # Both versions of the sheet are kept; the latest counts.
    assert [str(e.settled) for e in project.evaluations.filter(year=2023)] == [
        "11750.000000",
        "11800.000000",
    ]


def test_illegal_moves_are_refused(round_, users):
    req = round_.requests.exclude(indicator=None).first()
    with pytest.raises(InputError, match="未着手の依頼にはこの操作はできません"):
        services.move(req, "approve", users["secretariat"])


@pytest.mark.parametrize(
    ("who", "number", "allowed"),
    [
        ("department", 1, True),
        ("other_department", 1, False),
        ("other_department", 7, True),
        ("partner", 6, True),
        ("partner", 1, False),
        ("council", 6, False),
    ],
)
def test_who_may_evaluate_which_project(round_, users, who, number, allowed):
    project = request_for(round_, number).project
    if allowed:
        services.save_evaluation(project, 2023, SHEET, users[who])
    else:
        with pytest.raises(NotAllowed):
            services.save_evaluation(project, 2023, SHEET, users[who])


def test_only_the_secretariat_reviews(round_, users):
    req = request_for(round_, 1)
    services.save_evaluation(req.project, 2023, SHEET, users["department"])
    services.move(req, "submit", users["department"])
    for who in ("department", "partner", "council"):
        with pytest.raises(NotAllowed):
            services.move(req, "approve", users[who])


def test_sheet_validation(round_, users):
    project = request_for(round_, 1).project
    with pytest.raises(InputError) as err:
        services.save_evaluation(
            project,
            2023,
            SHEET | {"rating": "D", "budget": "多い", "activities": ""},
            users["department"],
        )
    assert sorted(p.where for p in err.value.problems) == ["activities", "budget", "reason"]


def test_a_submitted_sheet_cannot_be_changed_until_returned(round_, users):
    req = request_for(round_, 1)
    services.save_evaluation(req.project, 2023, SHEET, users["department"])
    services.move(req, "submit", users["department"])
    with pytest.raises(InputError, match="提出済のため変更できません"):
        services.save_evaluation(req.project, 2023, SHEET, users["department"])


def test_status_flags_overdue_open_items(round_, users):
    req = request_for(round_, 1)
    services.save_evaluation(req.project, 2023, SHEET, users["department"])
    services.move(req, "submit", users["department"])
    rows = services.status(round_, datetime.date(2024, 7, 1))
    overdue = {r.item for r in rows if r.overdue}
    assert len(rows) == 19 and len(overdue) == 18
    assert "重点推進事業1 企業誘致活動推進事業" not in overdue
    assert not any(r.overdue for r in services.status(round_, DUE))


def test_reminders_list_only_the_recipients_own_open_items(round_, users, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    for name, address in (
        ("department", "sangyo@example.jp"),
        ("partner", "cci@example.jp"),
        ("council", "iin@example.jp"),
    ):
        users[name].email = address
        users[name].save()
    dry = services.send_reminders(round_, "http://x", dry_run=True, actor=SYSTEM)
    assert mail.outbox == []
    assert [r.username for r in dry] == ["department", "partner"]
    sent = services.send_reminders(
        round_, "https://progress.example.jp", actor=users["secretariat"]
    )
    assert len(mail.outbox) == 2
    to_partner = next(m for m in mail.outbox if m.to == ["cci@example.jp"])
    # 商工会議所 carries projects 2, 5 and 6 with the city; nothing else is in its mail.
    assert [r.project.number for r in next(s for s in sent if s.username == "partner").items] == [
        2,
        5,
        6,
    ]
    assert "重点推進事業6 事業継続力強化支援事業" in to_partner.body
    assert "総生産額" not in to_partner.body and "重点推進事業1 " not in to_partner.body
    assert f"https://progress.example.jp/workspace/cycle/{request_for(round_, 6).pk}/" in (
        to_partner.body
    )
    assert "提出期限: 令和6年6月30日" in to_partner.body


def test_reminders_are_in_japanese_whatever_language_sends_them(round_, users, client_as):
    """Users store no language preference: each mail is in the city's language, also when
    the secretariat sends from the English pages (or ``shinchoku --lang en``)."""
    for name, address in (("department", "sangyo@example.jp"), ("partner", "cci@example.jp")):
        users[name].email = address
        users[name].save()
    page = client_as("secretariat").post("/en/workspace/cycle/remind/", {"year": "2023"})
    assert page.status_code == 302 and len(mail.outbox) == 2
    to_partner = next(m for m in mail.outbox if m.to == ["cci@example.jp"])
    assert to_partner.subject == "【提出のお願い】令和5年度 進捗管理（3件）"
    assert to_partner.body.startswith("partner 様\n\n令和5年度の進捗管理で、次の項目の提出")
    assert "提出期限: 令和6年6月30日" in to_partner.body
    assert "・重点推進事業6 事業継続力強化支援事業（未着手）" in to_partner.body
    assert "Priority project" not in to_partner.body and "FY2023" not in to_partner.body
    mail.outbox.clear()
    with translation.override("en"), language("en"):  # as ``shinchoku --lang en`` runs it
        services.send_reminders(round_, "https://x", actor=users["secretariat"])
    assert [m.subject for m in mail.outbox] == [
        "【提出のお願い】令和5年度 進捗管理（16件）",
        "【提出のお願い】令和5年度 進捗管理（3件）",
    ]


def test_cli_open_status_remind(cli, cli_json, users):
    users["department"].email = "sangyo@example.jp"
    users["department"].save()
    out = cli("cycle", "open", "--year", "令和5年度", "--due", "2024-06-30").stdout
    assert "19件の依頼" in out
    again = cli("cycle", "open", "--year", "2023", "--due", "2024-06-30", ok=False)
    assert again.exit_code == 2 and "すでに開いています" in again.stderr
    status = cli_json("cycle", "status", "--year", "2023", "--today", "2024-07-01")
    first = status["items"][0]
    assert set(first) == {
        "id",
        "item",
        "kind",
        "owner",
        "state",
        "returned",
        "due",
        "updated",
        "overdue",
    }
    assert (first["state"], first["due"], first["overdue"]) == ("not_started", "2024-06-30", True)
    dry = cli("cycle", "remind", "--year", "2023", "--dry-run").stdout
    assert dry.startswith("department <sangyo@example.jp>: 16件")  # 4 indicators + 12 projects
    assert "--dry-run" in dry
    missing = cli("cycle", "status", "--year", "2030", ok=False)
    assert "まだ開いていません" in missing.stderr


def test_older_sheets_without_names_import_back(plan, users, round_, tmp_path):
    """A 事業評価シート written before its cells had defined names is read by its labels
    (the named round trip: test_sheet_roundtrip)."""
    import io

    from openpyxl import load_workbook

    from shinchoku.cycle.sheet_import import import_sheets
    from shinchoku.reports import render
    from shinchoku.reports.context import load_context

    project = request_for(round_, 10).project
    output = services.define_output(project, "認定品数", "品", actor=users["secretariat"])
    book = load_workbook(io.BytesIO(render(load_context(plan, 2023), "xlsx")))
    for each in book.worksheets:
        each.defined_names.clear()
    ws = next(s for s in book.worksheets if s["B4"].value == 10)
    rows = {ws.cell(r, 1).value: r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value}
    act, cost, grade = rows["活動指標"], rows["事業費"], rows["自己評価"]
    ws[f"B{act + 1}"], ws[f"C{act + 1}"] = "認定品数", "品"
    ws[f"E{act + 1}"], ws[f"F{act + 1}"] = 40, 38
    ws[f"C{cost}"], ws[f"F{cost}"] = 3200, 3050
    ws[f"C{grade}"], ws[f"F{grade}"] = "C", "新規申請が少なかった"
    ws[f"B{grade + 1}"] = "のぼり旗を20店に配布した"
    ws[f"B{rows['課題']}"] = "認知度（販売協力店／来店者）"
    ws[f"B{rows['今後の方向性']}"] = "改善"
    out = io.BytesIO()
    book.save(out)
    # One bad sheet rejects the file whole.
    bad = load_workbook(io.BytesIO(out.getvalue()))
    other = next(s for s in bad.worksheets if s["B4"].value == 11)
    other_rows = {
        other.cell(r, 1).value: r for r in range(1, other.max_row + 1) if other.cell(r, 1).value
    }
    other[f"C{other_rows['自己評価']}"] = "D"  # D without a reason
    broken = io.BytesIO()
    bad.save(broken)
    with pytest.raises(InputError) as err:
        import_sheets(plan, broken.getvalue(), "sheets.xlsx", users["secretariat"])
    # Sheet 11 was only given a D: every missing field is named, with the sheet.
    assert [str(p) for p in err.value.problems] == [
        f"sheets.xlsx [{other.title}] activities: 取組内容を書いてください",
        f"sheets.xlsx [{other.title}] reason: C・D の評価には理由が必要です",
        f"sheets.xlsx [{other.title}] direction: 今後の方向性を選んでください",
    ]
    assert not project.evaluations.exists()
    saved = import_sheets(plan, out.getvalue(), "sheets.xlsx", users["secretariat"])
    (sheet,) = saved.saved
    assert (sheet.project.number, sheet.year, sheet.rating, sheet.direction) == (
        10,
        2023,
        "C",
        "improve",
    )
    assert (sheet.budget, sheet.settled) == (3200, 3050)
    assert sheet.issues == "認知度（販売協力店／来店者）"  # full-width kept as written
    assert "認定品数: 38品" in sheet.activities and "のぼり旗を20店に配布した" in sheet.activities
    assert [(v.kind, int(v.value)) for v in output.values.order_by("id")] == [
        ("target", 40),
        ("actual", 38),
    ]


def test_outputs_are_frozen_once_submitted(round_, users):
    req = request_for(round_, 1)
    output = services.define_output(req.project, "立地件数", "件", actor=users["secretariat"])
    services.record_output(output, 2023, "actual", "2", users["department"])
    services.save_evaluation(req.project, 2023, SHEET, users["department"])
    services.move(req, "submit", users["department"])
    with pytest.raises(InputError, match="提出済のため変更できません"):
        services.record_output(output, 2023, "actual", "3", users["department"])
    assert output.values.count() == 1


def test_a_published_report_carries_approved_sheets_only(plan, round_, users, publish):

    for number in (1, 2):
        req = request_for(round_, number)
        services.save_evaluation(req.project, 2023, SHEET, users["secretariat"])
        services.move(req, "submit", users["secretariat"])
    services.move(request_for(round_, 1), "approve", users["secretariat"])
    assert set(services.report_submissions(plan, 2023)) == {1, 2}  # the draft shows both
    publish(2023)
    assert set(services.report_submissions(plan, 2023, approved_only=True)) == {1}
