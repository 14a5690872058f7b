"""The round in the workspace: my items, the item page as one form, review — and who may
do each."""

from __future__ import annotations

import datetime
import re

import pytest
from django.utils import translation

from shinchoku.cycle import items, services
from shinchoku.cycle.models import APPROVED, DRAFTING, NOT_STARTED, SUBMITTED, Draft
from shinchoku.observations import services as observations

SHEET = {
    "purpose": "立地促進",
    "activities": "奨励金3件",
    "budget": "12,500",
    "settled": "11,800",
    "rating": "B",
    "reason": "",
    "issues": "",
    "direction": "continue",
}


@pytest.fixture(autouse=True)
def _opened_in_spring_2024(monkeypatch):
    """The rounds here open in spring 2024: a deadline must not have passed."""
    monkeypatch.setattr("shinchoku.plan.services.today", lambda: datetime.date(2024, 6, 1))


@pytest.fixture
def round_(plan, users):
    return services.open_round(plan, 2023, datetime.date(2024, 6, 30), users["secretariat"])


def project_request(round_, number):
    return round_.requests.get(project__number=number)


def url_of(req) -> str:
    return f"/workspace/cycle/{req.pk}/"


def form_as_shown(response) -> dict[str, str]:
    """What the browser would post: every field of the item form with the value it shows."""
    form = response.context["form"]
    return {
        name: "" if form[name].value() is None else str(form[name].value()) for name in form.fields
    }


@pytest.fixture
def output(client_as, round_):
    """An output indicator of project 10, defined by the secretariat on the item page."""
    req = project_request(round_, 10)
    client_as("secretariat").post(
        url_of(req), {"action": "define_output", "name": "認定品数", "unit": "品"}
    )
    return req.project.outputs.get(name="認定品数")


def test_owners_see_only_their_items(client_as, round_):
    html = client_as("partner").get("/workspace/cycle/?year=2023").content.decode()
    assert "重点推進事業6 事業継続力強化支援事業" in html
    assert "重点推進事業1 " not in html and "総生産額" not in html
    everything = client_as("council").get("/workspace/cycle/?year=2023").content.decode()
    assert everything.count('<tr><th scope="row">') == 19


# Expected status per role for: open a round, save a draft of project 1, submit it,
# approve it (after a department submission), return it.
MATRIX = {
    #                   open  save  submit approve return
    None: (302, 302, 302, 302, 302),
    "secretariat": (302, 302, 302, 302, 302),
    "department": (403, 302, 302, 403, 403),
    "other_department": (403, 403, 403, 403, 403),
    "partner": (403, 403, 403, 403, 403),
    "council": (403, 403, 403, 403, 403),
}


@pytest.mark.parametrize("who", list(MATRIX))
def test_permission_matrix(client_as, users, round_, who):
    req = project_request(round_, 1)
    client = client_as(who)
    codes = [
        client.post("/workspace/cycle/open/", {"year": 2024, "due": "2025-06-30"}).status_code,
        client.post(url_of(req), SHEET | {"action": "save"}).status_code,
        client.post(url_of(req), SHEET | {"action": "submit"}).status_code,
    ]
    req.refresh_from_db()
    if req.state != SUBMITTED:  # the owner submits, so that every role can try to review
        items.submit(req, SHEET, users["department"])
    codes.append(client.post(url_of(req), {"action": "approve"}).status_code)
    codes.append(
        client.post(url_of(req), {"action": "return", "return-reason": "再確認"}).status_code
    )
    assert tuple(codes) == MATRIX[who]


def test_the_state_table_says_which_moves_each_role_may_make(users, round_):
    req = project_request(round_, 1)
    assert items.actions(req, users["department"]) == ["submit"]
    assert items.actions(req, users["council"]) == []
    items.submit(req, SHEET, users["department"])
    req.refresh_from_db()
    assert items.actions(req, users["department"]) == []
    assert items.actions(req, users["secretariat"]) == ["approve", "return"]
    services.move(req, "approve", users["secretariat"])
    req.refresh_from_db()
    assert items.actions(req, users["secretariat"]) == ["return"]  # reopen an approval


def test_an_error_anywhere_keeps_every_typed_value_and_lists_every_problem(
    client_as, round_, output
):
    """Today's loss: an error in the outputs form showed the just-saved sheet blank."""
    req = project_request(round_, 10)
    typed = SHEET | {
        "activities": "認定審査会を2回開いた",
        "rating": "C",  # C needs a reason: an error in the sheet
        f"target-{output.pk}": "40",
        f"actual-{output.pk}": "三十八",  # not a number: an error in the outputs
        "action": "submit",
    }
    response = client_as("department").post(url_of(req), typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert "C・D の評価には理由が必要です" in html
    assert "「三十八」は数値として読めません" in html
    # The summary at the top links to each field.
    summary = html[html.index('id="error-summary"') : html.index('id="item-form"')]
    assert f'href="#id_actual-{output.pk}"' in summary and 'href="#id_reason"' in summary
    shown = form_as_shown(response)
    for name in ("purpose", "activities", "budget", "settled", "rating", "direction"):
        assert shown[name] == typed[name]
    assert shown[f"target-{output.pk}"] == "40" and shown[f"actual-{output.pk}"] == "三十八"
    assert 'value="三十八"' in html and "認定審査会を2回開いた" in html
    # Nothing of the item was stored (all or nothing), but the draft keeps it all.
    assert not req.project.evaluations.exists() and not output.values.exists()
    req.refresh_from_db()
    assert req.state == DRAFTING
    assert Draft.objects.get(request=req).data[f"actual-{output.pk}"] == "三十八"


def test_submit_without_saving_first_keeps_the_prefilled_purpose(client_as, round_):
    """Today's loss: 提出する before 「シートを保存する」 stored the 目的 blank."""
    req = project_request(round_, 1)
    dept = client_as("department")
    page = dept.get(url_of(req))
    shown = form_as_shown(page)
    assert shown["purpose"] == req.project.summary != ""
    answer = dept.post(
        url_of(req),
        shown
        | {"activities": "製造業2社に奨励金", "rating": "B", "direction": "continue"}
        | {"action": "submit"},
    )
    assert answer.status_code == 302
    sheet = services.latest_evaluation(req.project, 2023)
    assert sheet.purpose == req.project.summary and sheet.activities == "製造業2社に奨励金"
    req.refresh_from_db()
    assert req.state == SUBMITTED
    assert not Draft.objects.filter(request=req).exists()  # submitted: the draft is done


def test_output_targets_typed_before_saving_are_kept_and_stored_on_submit(
    client_as, round_, output
):
    """Today's loss: targets typed before 「シートを保存する」 were lost."""
    req = project_request(round_, 10)
    dept = client_as("department")
    dept.post(url_of(req), {f"target-{output.pk}": "40", "activities": "審査会", "action": "save"})
    req.refresh_from_db()
    assert req.state == DRAFTING  # 下書きを保存 starts the item
    again = form_as_shown(dept.get(url_of(req)))
    assert again[f"target-{output.pk}"] == "40" and again["activities"] == "審査会"
    assert not output.values.exists()  # a draft is not a version
    dept.post(
        url_of(req),
        again
        | {f"actual-{output.pk}": "38", "rating": "B", "direction": "continue"}
        | {"action": "submit"},
    )
    stored = [(v.kind, f"{v.value:.0f}") for v in output.values.order_by("id")]
    assert stored == [("target", "40"), ("actual", "38")]


def test_autosave_keeps_one_draft_and_the_page_shows_it_after_reload(client_as, round_):
    req = project_request(round_, 1)
    dept = client_as("department")
    autosave = f"/workspace/cycle/{req.pk}/draft/"
    first = dept.post(autosave, {"activities": "途中まで"})
    second = dept.post(autosave, {"activities": "途中まで書いた取組", "budget": "1,200"})
    assert (first.status_code, second.status_code) == (200, 200)
    assert re.fullmatch(r"\d\d:\d\d", second.json()["time"])
    draft = Draft.objects.get(request=req)  # one draft per item and user, replaced
    assert draft.data["activities"] == "途中まで書いた取組"
    assert not req.project.evaluations.exists()  # typing adds no version
    req.refresh_from_db()
    assert req.state == NOT_STARTED  # an autosave is no move
    html = dept.get(url_of(req)).content.decode()
    assert "途中まで書いた取組" in html and "保存した下書きを表示しています" in html
    assert 'value="1,200"' in html
    assert 'src="/static/web/cycle-item.js"' in html and 'data-autosave="' + autosave in html
    # Others' drafts are their own: a colleague without a draft sees the stored sheet.
    assert "途中まで書いた取組" not in client_as("secretariat").get(url_of(req)).content.decode()


def test_a_long_text_is_kept_whole_in_the_draft(client_as, round_):
    """Nothing typed is cut: 30,000 characters (over the old 20,000 cut) come back whole,
    from the autosave and from 「下書きを保存」 alike."""
    req = project_request(round_, 1)
    dept = client_as("department")
    long_text = "取組" * 15_000
    saved = dept.post(f"/workspace/cycle/{req.pk}/draft/", {"activities": long_text})
    assert saved.status_code == 200
    assert Draft.objects.get(request=req).data["activities"] == long_text
    longer = long_text + "続き"
    dept.post(url_of(req), SHEET | {"action": "save", "activities": longer})
    assert Draft.objects.get(request=req).data["activities"] == longer
    assert form_as_shown(dept.get(url_of(req)))["activities"] == longer


@pytest.mark.parametrize("who", ["other_department", "partner", "council"])
def test_only_the_owner_may_autosave(client_as, round_, who):
    req = project_request(round_, 1)
    assert (
        client_as(who).post(f"/workspace/cycle/{req.pk}/draft/", {"activities": "x"}).status_code
        == 403
    )
    assert not Draft.objects.exists()


def test_autosave_is_refused_once_submitted(client_as, users, round_):
    req = project_request(round_, 1)
    items.submit(req, SHEET, users["department"])
    answer = client_as("department").post(f"/workspace/cycle/{req.pk}/draft/", {"activities": "x"})
    assert answer.status_code == 409 and "提出済" in answer.json()["error"]


def test_the_reviewer_sees_the_sheet_against_last_year_and_the_outputs(
    client_as, users, round_, output
):
    req = project_request(round_, 10)
    services.save_evaluation(
        req.project, 2022, SHEET | {"activities": "審査会を1回開いた"}, users["department"]
    )
    items.submit(
        req,
        SHEET | {"activities": "審査会を2回開いた", "budget": "13,000",
                 f"target-{output.pk}": "40", f"actual-{output.pk}": "38"},
        users["department"],
    )  # fmt: skip
    html = client_as("secretariat").get(url_of(req)).content.decode()
    hidden = r"<span class=\"visually-hidden\">(追加|削除): </span>"
    html = re.sub(hidden, "", html)  # the words a screen reader hears inside <ins>, <del>
    assert "審査会を<del>1</del><ins>2</ins>回開いた" in html  # text: by character
    assert "<del>12,500</del><ins>13,000</ins>" in html  # an amount: as a whole
    assert "差戻し前に提出した版との違い" not in html  # submitted once
    row = html[html.index('<th scope="row">認定品数（品）</th>') :].split("</tr>")[0]
    assert re.findall(r'<td class="num"[^>]*>([^<]*)</td>', row) == ["40", "38", "95.0%"]
    assert 'value="approve"' in html and 'class="danger"' in html
    assert 'id="item-form"' not in html  # a submitted item is not edited


def test_the_reviewer_sees_the_value_its_target_line_and_its_changes(
    client_as, users, plan, round_
):
    req = round_.requests.get(indicator__code="gross-product")
    for year, value, published in (("R4", "9200", "2024-08-01"), ("R5", "9350", "2025-08-01")):
        observations.add(
            plan,
            {"indicator": "gross-product", "year": year, "value": value,
             "source": "埼玉県市町村民経済計算", "published_on": published},
            users["department"], False,
        )  # fmt: skip
    dept = client_as("department")
    answer = dept.post(
        url_of(req),
        {"year": "令和5年度", "value": "9,380", "source": "埼玉県市町村民経済計算（確報）",
         "published_on": "2025-09-10", "edition": "", "note": "確報で改訂",
         "action": "submit"},
    )  # fmt: skip
    assert answer.status_code == 302
    req.refresh_from_db()
    assert req.state == SUBMITTED
    html = client_as("secretariat").get(url_of(req)).content.decode()
    text = re.sub(r"<[^>]+>", "", html)
    assert "9,380億円（令和5年度）" in text
    assert "埼玉県市町村民経済計算（確報）" in text and "令和7年9月10日" in text
    assert "9,186億円（令和5年度の目標値）" in text
    assert "+180億円（+2.0%） · 令和4年度は 9,200億円" in text  # from FY2022's 9,200
    assert "+30億円 · 改訂前は 9,350" in text  # from the revision it replaced


def test_an_indicator_value_error_keeps_what_was_typed(client_as, round_):
    req = round_.requests.get(indicator__code="gross-product")
    typed = {"year": "令和99年度", "value": "9,380", "source": "経済計算", "published_on": "",
             "edition": "", "note": "メモ", "action": "submit"}  # fmt: skip
    response = client_as("department").post(url_of(req), typed)
    assert response.status_code == 200
    shown = form_as_shown(response)
    assert (shown["year"], shown["value"], shown["note"]) == ("令和99年度", "9,380", "メモ")
    assert response.context["summary"]  # listed at the top
    req.refresh_from_db()
    assert req.state == DRAFTING


def test_return_needs_a_reason_and_the_owner_reads_it_first(client_as, users, round_):
    req = project_request(round_, 1)
    items.submit(req, SHEET, users["department"])
    sec = client_as("secretariat")
    refused = sec.post(url_of(req), {"action": "return", "return-reason": "  "})
    assert refused.status_code == 200 and "差戻しの理由を書いてください" in refused.content.decode()
    req.refresh_from_db()
    assert req.state == SUBMITTED
    sec.post(url_of(req), {"action": "return", "return-reason": "決算額を確認してください"})
    req.refresh_from_db()
    assert (req.state, req.returned) == (DRAFTING, True)
    html = client_as("department").get(url_of(req)).content.decode()
    notice = html.index('class="returned-notice"')
    assert notice < html.index("決算額を確認してください") < html.index('id="item-form"')
    assert "差戻し（作成中）" in html and "return —" not in html
    # The owner's form starts from the submitted sheet; resubmitting stores no copy of it.
    dept = client_as("department")
    dept.post(url_of(req), form_as_shown(dept.get(url_of(req))) | {"action": "submit"})
    req.refresh_from_db()
    assert req.state == SUBMITTED and req.project.evaluations.filter(year=2023).count() == 1
    history = client_as("secretariat").get(url_of(req)).content.decode()
    assert "差戻しの履歴" in history and "決算額を確認してください" in history
    # A corrected resubmission shows what changed since the returned version.
    sec.post(url_of(req), {"action": "return", "return-reason": "もう一度"})
    dept.post(
        url_of(req),
        form_as_shown(dept.get(url_of(req))) | {"settled": "11,900", "action": "submit"},
    )
    html = client_as("secretariat").get(url_of(req)).content.decode()
    rediff = re.sub(r"<span class=\"visually-hidden\">[^<]*</span>", "", html)
    rediff = rediff[rediff.index("差戻し前に提出した版との違い") :]
    assert "<del>11,800</del><ins>11,900</ins>" in rediff


def test_the_council_reads_without_forms(client_as, users, round_):
    req = project_request(round_, 1)
    items.submit(req, SHEET, users["department"])
    services.move(req, "approve", users["secretariat"])
    html = client_as("council").get(url_of(req)).content.decode()
    assert "奨励金3件" in html
    assert 'id="item-form"' not in html and 'value="approve"' not in html
    assert 'value="return"' not in html
    req.refresh_from_db()
    assert req.state == APPROVED


def test_output_indicators_defined_by_the_secretariat_and_filled_by_the_owner(
    client_as, round_, output
):
    req = project_request(round_, 10)
    assert (
        client_as("department")
        .post(url_of(req), {"action": "define_output", "name": "販路数", "unit": "件"})
        .status_code
        == 403
    )
    dept = client_as("department")
    shown = form_as_shown(dept.get(url_of(req))) | SHEET
    dept.post(
        url_of(req),
        shown | {f"target-{output.pk}": "40", f"actual-{output.pk}": "38", "action": "submit"},
    )
    client_as("secretariat").post(url_of(req), {"action": "return", "return-reason": "実績を確認"})
    shown = form_as_shown(dept.get(url_of(req)))
    assert shown[f"target-{output.pk}"] == "40" and shown[f"actual-{output.pk}"] == "38"
    dept.post(url_of(req), shown | {f"actual-{output.pk}": "39", "action": "submit"})
    values = [(v.kind, f"{v.value:.0f}") for v in output.values.order_by("id")]
    assert values == [("target", "40"), ("actual", "38"), ("actual", "39")]  # revisions kept
    html = client_as("council").get(url_of(req)).content.decode()
    assert "認定品数（品）" in html and ">39<" in html and "97.5%" in html


def test_last_years_sheet_prefills_this_year_without_its_judgement(client_as, users, round_):
    req = project_request(round_, 1)
    services.save_evaluation(
        req.project,
        2022,
        SHEET | {"activities": "前年度の取組", "rating": "A"},
        users["department"],
    )
    shown = form_as_shown(client_as("department").get(url_of(req)))
    assert (shown["activities"], shown["budget"], shown["direction"]) == (
        "前年度の取組",
        "12,500",  # as typed, not 12500.000000
        "continue",
    )
    assert (shown["rating"], shown["settled"]) == (
        "",
        "",
    )  # last year's judgement is not this year's


def test_a_draft_older_than_a_submission_says_so_and_can_be_discarded(client_as, users, round_):
    req = project_request(round_, 1)
    dept = client_as("department")
    dept.post(f"/workspace/cycle/{req.pk}/draft/", {"activities": "古い下書き"})
    Draft.objects.filter(request=req).update(
        saved_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    )
    items.submit(req, SHEET, users["secretariat"])  # a colleague submits
    services.move(req, "return", users["secretariat"], "直してください")
    html = dept.get(url_of(req)).content.decode()
    assert "古い下書き" in html and "この下書きより後に、この項目は提出されています" in html
    # Enter in a field must not discard: the form's first button is 下書きを保存.
    form = html[html.index('id="item-form"') :]
    buttons = re.findall(r'<button type="submit"[^>]*>', form)
    own = [b for b in buttons if "form=" not in b]  # those whose form is the item form
    assert 'value="save"' in own[0] and any('value="discard"' in b for b in buttons)
    dept.post(url_of(req), {"action": "discard"})
    html = dept.get(url_of(req)).content.decode()
    assert "古い下書き" not in html and "奨励金3件" in html  # the stored sheet again


def test_a_large_change_asks_for_confirmation_on_the_item_page(client_as, round_):
    req = round_.requests.get(indicator__code="gross-product")
    typed = {"year": "令和5年度", "value": "19,000", "source": "埼玉県市町村民経済計算",
             "published_on": "2025-09-10", "edition": "", "note": "",
             "action": "submit"}  # fmt: skip
    dept = client_as("department")
    asked = dept.post(url_of(req), typed)
    assert asked.status_code == 200 and 'name="confirm"' in asked.content.decode()
    assert form_as_shown(asked)["value"] == "19,000"  # kept while asking
    req.refresh_from_db()
    assert req.state == DRAFTING
    assert dept.post(url_of(req), typed | {"confirm": "on"}).status_code == 302
    req.refresh_from_db()
    assert req.state == SUBMITTED
    assert req.indicator.observations.filter(year=2023).count() == 1


def test_an_indicator_submitted_blank_submits_the_values_already_stored(client_as, round_):
    req = round_.requests.get(indicator__code="gross-product")
    before = req.indicator.observations.count()
    blank = dict.fromkeys(("year", "value", "source", "published_on", "edition", "note"), "")
    assert (
        client_as("department").post(url_of(req), blank | {"action": "submit"}).status_code == 302
    )
    req.refresh_from_db()
    assert req.state == SUBMITTED and req.indicator.observations.count() == before


def test_english_pages_stay_english_after_a_save(client_as, round_):
    req = project_request(round_, 1)
    with translation.override("ja"):  # the request switches the thread to English
        answer = client_as("department").post(f"/en{url_of(req)}", SHEET | {"action": "save"})
    assert answer.status_code == 302 and answer["Location"] == f"/en{url_of(req)}"


def test_saving_after_a_colleague_submitted_keeps_what_was_typed(client_as, users, round_):
    """The page was open while the item was submitted elsewhere: the save is refused at the
    form, with what was typed still on screen (it was a server error, and the text lost)."""
    req = project_request(round_, 1)
    items.submit(req, SHEET, users["department"])
    typed = SHEET | {"activities": "二つ目のタブで書いた長い説明", "action": "save"}
    response = client_as("department").post(url_of(req), typed)
    html = response.content.decode()
    assert response.status_code == 200
    assert "提出済のため変更できません" in html
    assert form_as_shown(response)["activities"] == "二つ目のタブで書いた長い説明"
    assert "二つ目のタブで書いた長い説明" in html
    req.refresh_from_db()
    assert req.state == SUBMITTED


def reference(html: str) -> str:
    """The page's panel of reference figures as text, one ``term: figure`` a line."""
    panel = re.search(r'<dl class="facts">(.*?)</dl>', html, re.S).group(1)
    pairs = re.findall(r"<dt>(.*?)</dt><dd[^>]*>(.*?)</dd>", panel, re.S)
    return "\n".join(f"{re.sub(r'<[^>]+>', '', t)}: {re.sub(r'<[^>]+>', '', d)}" for t, d in pairs)


def test_the_owner_types_the_value_beside_its_unit_and_the_reference_figures(client_as, round_):
    """While the item can be edited, the page shows the figures to compare with (所沢市
    総生産額: latest 令和元年度 9,095, 平成30年度 8,624, the 令和5年度 target line 9,186,
    baseline 9,095) and the unit beside the field, announced with it; a refused value
    keeps what was typed and the same figures."""
    req = round_.requests.get(indicator__code="gross-product")
    dept = client_as("department")
    html = dept.get(url_of(req)).content.decode()
    assert 'name="action" value="submit"' in html  # the form, not the read-only page
    shown = reference(html)
    assert "値: 9,095億円（令和元年度）" in shown
    assert "前年からの変化: +471億円（+5.5%） · 平成30年度は 8,624億円" in shown
    assert "令和5年度の目標線: 9,186億円" in shown
    assert "基準値: 9,095億円（令和元年度）" in shown
    field = re.search(r'<input[^>]*name="value"[^>]*>', html).group(0)
    assert 'aria-describedby="value-unit"' in field
    assert f'{field} <span class="unit" id="value-unit">億円</span>' in html
    typed = {"year": "令和99年度", "value": "9,380", "source": "経済計算", "published_on": "",
             "edition": "", "note": "", "action": "submit"}  # fmt: skip
    refused = dept.post(url_of(req), typed)
    assert refused.status_code == 200 and form_as_shown(refused)["value"] == "9,380"
    assert reference(refused.content.decode()) == shown
    english = reference(dept.get(f"/en{url_of(req)}").content.decode())
    assert "Target path for FY2023: 9,186 × 100 million yen" in english
    assert "Baseline: 9,095 × 100 million yen (FY2019)" in english
