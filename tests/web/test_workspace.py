"""The workspace: who may do what (every role × every write action), and what they see."""

from __future__ import annotations

import pytest

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.audit.models import AuditEntry
from shinchoku.observations.models import Observation

# No round opened for 令和5年度: its 19 items (4 indicators, 15 projects) are all unapproved.
CONFIRM = "未承認の項目が19件あるまま令和5年度の結果を公表する"
VALUE = {"year": "令和4年度", "value": "9,300", "source": "県経済計算 速報", "published_on": ""}

# Expected status for each role: 302 to login for anonymous, 403 refused, else the success code.
MATRIX = {
    #                   add value  commentary publish   import    audit
    None: (302, 302, 302, 302, 302),
    "secretariat": (302, 302, 302, 200, 200),
    "department": (302, 403, 403, 200, 403),
    "other_department": (403, 403, 403, 200, 403),
    "partner": (403, 403, 403, 200, 403),
    "council": (403, 403, 403, 403, 403),
}


def actions(client):
    return (
        lambda: client.post("/workspace/indicators/gross-product/", VALUE),
        lambda: client.post(
            "/workspace/indicators/gross-product/commentary/2022/", {"text": "所見"}
        ),
        lambda: client.post("/workspace/publish/", {"year": 2023, "confirm": CONFIRM}),
        lambda: client.get("/workspace/import/"),
        lambda: client.get("/workspace/audit/"),
    )


@pytest.mark.parametrize("who", list(MATRIX))
def test_permission_matrix(client_as, who):
    client = client_as(who)
    for n, (act, expected) in enumerate(zip(actions(client), MATRIX[who], strict=True)):
        response = act()
        assert response.status_code == expected, (who, n, response.status_code)
        if expected == 302 and who is None:
            assert response["Location"].startswith("/login/")


@pytest.mark.parametrize("who", ["department", "other_department", "partner", "council"])
def test_refused_writes_change_nothing(client_as, who, plan):
    before = (Observation.objects.count(), AuditEntry.objects.count(), plan.published_year)
    client = client_as(who)
    for act in actions(client)[:3]:
        act()
    plan.refresh_from_db()
    after_audit = AuditEntry.objects.count()
    assert (Observation.objects.count(), after_audit, plan.published_year) == (
        before[0] + (1 if who == "department" else 0),
        before[1] + (1 if who == "department" else 0),
        before[2],
    )


def test_department_enters_a_value_and_sees_the_rating(client_as):
    client = client_as("department")
    value = {**VALUE, "year": "令和5年度"}  # 令和4年度 is before the first target: not rated
    response = client.post("/workspace/indicators/gross-product/", value, follow=True)
    html = response.content.decode()
    assert "値を登録しました" in html
    # path(2023) = 9186 (the R5 target), progress = (9300 - 9095) / 91 = 225.3% → A
    assert "225.3%" in html and "rating-A" in html
    entry = AuditEntry.objects.filter(action="observation.add").first()
    assert entry.actor == "department" and entry.after["value"] == 9300


def test_a_bad_value_shows_the_reason_on_the_field(client_as):
    html = (
        client_as("department")
        .post("/workspace/indicators/gross-product/", VALUE | {"value": "x"})
        .content.decode()
    )
    assert "未公表・秘匿などを表す記号" in html and 'class="field-error"' in html


def test_council_reads_drafts_but_sees_no_forms(client_as, plan):
    from shinchoku.observations import services

    services.add(
        plan,
        {"indicator": "employees", "year": "R5", "value": "116,000", "source": "速報"},
        actor=SYSTEM,
    )
    html = client_as("council").get("/workspace/?year=2023").content.decode()
    assert "116,000" in html and "案（未公表）" in html
    page = client_as("council").get("/workspace/indicators/employees/").content.decode()
    assert "実績値を登録する" not in page and "所見を保存する" not in page


def test_import_preview_then_confirm(client_as, tmp_path):
    client = client_as("department")
    csv = tmp_path / "values.csv"
    csv.write_text(
        "indicator,year,value,source\n総生産額,R4,9300,s\n総生産額,R1,9095,s2\n", "utf-8"
    )
    with csv.open("rb") as f:
        html = client.post("/workspace/import/", {"file": f}).content.decode()
    assert "確認: 次の内容を登録します" in html and "新規" in html and "改訂" in html
    assert Observation.objects.filter(year=2022).count() == 0  # nothing stored yet
    client.post("/workspace/import/", {"confirm": "1"})
    assert Observation.objects.filter(year=2022).count() == 1


def test_import_errors_name_row_and_column(client_as, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,year,value,source\n総生産額,R4,x,s\n", "utf-8")
    with bad.open("rb") as f:
        html = client_as("secretariat").post("/workspace/import/", {"file": f}).content.decode()
    assert "bad.csv 2行目 C列 [value]" in html


def test_import_of_items_the_user_does_not_own_is_refused(client_as, tmp_path):
    csv = tmp_path / "values.csv"
    csv.write_text("indicator,year,value,source\n総生産額,R4,9300,s\n", "utf-8")
    with csv.open("rb") as f:
        html = client_as("partner").post("/workspace/import/", {"file": f}).content.decode()
    assert "権限がありません" in html


def test_publish_moves_the_public_year_and_is_audited(client_as, plan):
    client_as("secretariat").post("/workspace/publish/", {"year": 2023, "confirm": CONFIRM})
    plan.refresh_from_db()
    assert plan.published_year == 2023
    entry = AuditEntry.objects.filter(action="plan.publish").get()
    assert (entry.before, entry.after) == (
        {"published_year": None},
        {"published_year": 2023, "unapproved": 19, "missing": 4},
    )


def test_audit_export_is_csv(client_as):
    response = client_as("secretariat").get("/workspace/audit/?format=csv")
    text = response.content.decode("utf-8-sig")
    assert text.startswith("at,actor,action,target,before,after")
    assert "plan.load" in text and "user.add" in text


@pytest.mark.parametrize(
    ("who", "expected"), [("secretariat", 200), ("department", 302), ("council", 302)]
)
def test_only_the_secretariat_opens_the_admin(client_as, who, expected):
    assert client_as(who).get("/admin/observations/observation/").status_code == expected


def test_admin_shows_values_but_offers_no_change(client_as):
    client = client_as("secretariat")
    html = client.get("/admin/observations/observation/").content.decode()
    assert "909533百万円" in html
    assert client.get("/admin/observations/observation/add/").status_code == 403


def test_a_filled_template_uploaded_in_the_workspace_is_stored(client_as, plan, tmp_path):
    import datetime
    import io

    from openpyxl import load_workbook

    from shinchoku.observations import importers
    from shinchoku.observations.models import ImportRun

    data, codes = importers.template(plan, 2024, "sangyo-shinko")
    assert codes[0] == "gross-product"
    book = load_workbook(io.BytesIO(data))
    book["実績値"]["E4"] = 9300  # 総生産額 令和6年度
    book["実績値"]["G4"] = datetime.datetime(2025, 8, 1)
    filled = tmp_path / "sangyo.xlsx"
    book.save(filled)
    client = client_as("department")
    with filled.open("rb") as f:
        html = client.post("/workspace/import/", {"file": f}).content.decode()
    assert "確認: 次の内容を登録します" in html
    assert "総生産額" in html and "令和6年度" in html and "9,300" in html and "新規" in html
    assert "値が空欄の行（未記入）: 3行" in html  # the template's notes are shown too
    assert not Observation.objects.filter(year=2024).exists()  # nothing stored yet
    client.post("/workspace/import/", {"confirm": "1"})
    stored = Observation.objects.get(indicator__code="gross-product", year=2024)
    assert (stored.value, stored.published_on) == (9300, datetime.date(2025, 8, 1))
    assert stored.run.kind == "template" and stored.run.file_name == "sangyo.xlsx"
    assert ImportRun.objects.filter(kind="template").count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "/workspace/?year=abc",
        "/workspace/?year=1900",
        "/workspace/council/?year=abc",
        "/workspace/indicators/gross-product/?year=2200",
    ],
)
def test_odd_years_in_urls_do_not_break_pages(client_as, url):
    assert client_as("secretariat").get(url).status_code == 200


def test_out_of_range_years_are_404(client_as, plan):
    assert client_as(None).get("/reports/1900.html").status_code == 404
    assert client_as(None).get("/feeds/projects/abc.atom").status_code == 404
    client = client_as("secretariat")
    assert client.get("/workspace/reports/0.html").status_code == 404
    assert (
        client.post(
            "/workspace/indicators/gross-product/commentary/9999/", {"text": "x"}
        ).status_code
        == 404
    )
    assert client_as("department").get("/workspace/plan/").status_code == 403


def test_a_year_no_era_names_is_still_shown(client, plan):
    # Recording 1923 is refused now (plausibility); a row stored before that rule still shows.
    from shinchoku.observations.models import ImportRun

    run = ImportRun.objects.create(kind="entry")
    Observation.objects.create(
        indicator=plan.indicators.get(code="gross-product"),
        year=1923,
        value=100,
        source="入力誤り",
        run=run,
    )
    assert client.get("/indicators/gross-product/").status_code == 200
