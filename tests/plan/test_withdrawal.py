"""Withdrawing a plan version recorded by mistake: kept and listed, no longer in force, the
stored plan back to the version in force, the next revision accepted again."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction

from shinchoku.accounts.permissions import SYSTEM, NotAllowed
from shinchoku.appendonly import AppendOnlyError
from shinchoku.audit.models import AuditEntry
from shinchoku.ingest.errors import InputError
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.observations import services as observations
from shinchoku.plan.builtin import plan_text
from shinchoku.plan.models import PlanVersion, PlanVersionWithdrawal
from shinchoku.plan.revisions import plan_for_year, revise, version_for, withdraw
from shinchoku.plan.services import apply_plan

# 観光入込客数 targets R5…R9 in each version (万人).
V1 = [536, 566, 596, 626, 656]
V2 = [536, 526, 556, 586, 616]  # lowered from 令和6年度 (a real revision)
MISTAKE = [536, 526, 576, 586, 616]  # meant for 令和7年度, recorded from 令和99年度
V4 = [536, 526, 566, 586, 616]  # the correct revision, from 令和7年度


def targets_text(values: list[int]) -> str:
    text = plan_text()
    for year, old, new in zip(("R5", "R6", "R7", "R8", "R9"), V1, values, strict=True):
        text = text.replace(f"{{year: {year}, value: {old}}}", f"{{year: {year}, value: {new}}}")
    return text


def record_mistake(plan, text: str, valid_from: int) -> PlanVersion:
    """What `plan revise --from-year 令和99年度` stored before years were checked: written
    directly, since the revision's own input checks may refuse such a year now."""
    apply_plan(plan, read_plan_text(text, "v3.yaml"))
    return PlanVersion.objects.create(
        plan=plan, number=3, valid_from=valid_from, reason="目標の見直し", source_text=text
    )


def tourism_targets(plan_json: dict) -> list[int]:
    ind = next(i for i in plan_json["indicators"] if i["code"] == "tourist-visits")
    return [t["value"] for t in ind["targets"]]


def target_2025(cli_json) -> int:
    return cli_json("evaluate", "--year", "2025")["indicators"][2]["target"]["value"]


@pytest.fixture
def mistaken(plan, users):
    """Version 2 from 令和6年度, then version 3 recorded from 令和99年度 (2117) by mistake."""
    revise(plan, targets_text(V2), 2024, "回復の遅れを反映", actor=users["secretariat"])
    record_mistake(plan, targets_text(MISTAKE), 2117)
    return plan


def test_the_mistake_then_its_withdrawal_end_to_end(mistaken, users, cli, cli_json, tmp_path):
    plan = mistaken
    # The state the issue describes: plan show shows version 3, evaluate uses version 2,
    # and every normal revision is refused.
    assert tourism_targets(cli_json("plan", "show")) == MISTAKE
    assert target_2025(cli_json) == 556
    with pytest.raises(InputError, match="第3版（2117年度から）より前からは適用できません"):
        revise(plan, targets_text(V4), 2025, "正しい改定", actor=users["secretariat"])

    out = cli("plan", "withdraw", "3", "--reason", "適用年度の入力誤り（令和7年度のつもり）")
    assert "第3版を取り下げました。いま適用されるのは第2版（令和6年度から）です" in out.stdout
    # In force again: version 2, for every year; plan show and evaluate agree on it.
    assert [version_for(plan, y).number for y in (2023, 2024, 2025, 2117)] == [1, 2, 2, 2]
    assert tourism_targets(cli_json("plan", "show")) == V2
    assert target_2025(cli_json) == 556
    assert [
        int(t.value) for t in plan_for_year(plan, 2117).indicator("tourist-visits").targets
    ] == V2
    # Kept and listed as withdrawn, with the reason.
    listed = cli_json("plan", "versions")["versions"]
    assert [(v["number"], v["valid_from"], v["in_force"]) for v in listed] == [
        (1, 2018, True),
        (2, 2024, True),
        (3, 2117, False),
    ]
    assert listed[2]["withdrawal"]["reason"] == "適用年度の入力誤り（令和7年度のつもり）"
    assert listed[1]["withdrawal"] is None
    assert "【取り下げ" in cli("plan", "versions").stdout
    # The version's file is still there: diff still reads it.
    (change,) = cli_json("plan", "diff", "2", "3")["changes"]
    assert change["after"][2] == {"year": 2025, "value": 576}

    # The next normal revision is accepted; its number follows on after the withdrawn one.
    f = tmp_path / "v4.yaml"
    f.write_text(targets_text(V4), encoding="utf-8")
    out = cli("plan", "revise", str(f), "--from-year", "令和7年度", "--reason", "正しい改定")
    assert "第4版を記録しました（令和7年度から）" in out.stdout
    assert "評価指標 観光入込客数 targets 変更あり" in out.stdout  # compared with version 2
    assert tourism_targets(cli_json("plan", "show")) == V4
    assert target_2025(cli_json) == 566
    assert cli_json("evaluate", "--year", "2024")["indicators"][2]["target"]["value"] == 526

    entry = AuditEntry.objects.get(action="plan.withdraw")
    assert entry.before["valid_from"] == 2117 and entry.after["in_force"] == 2
    assert entry.after["reason"] == "適用年度の入力誤り（令和7年度のつもり）"


def test_withdrawal_rules_and_nothing_half_written(mistaken, users):
    plan = mistaken
    with pytest.raises(NotAllowed):
        withdraw(plan, 3, "誤り", users["department"])
    with pytest.raises(NotAllowed):
        withdraw(plan, 3, "誤り", users["council"])
    with pytest.raises(InputError, match=r"第1版.*取り下げられません"):
        withdraw(plan, 1, "誤り", users["secretariat"])
    with pytest.raises(InputError, match="取り下げの理由"):
        withdraw(plan, 3, "  ", users["secretariat"])
    with pytest.raises(InputError, match="第9版: その版はありません"):
        withdraw(plan, 9, "誤り", users["secretariat"])
    assert PlanVersionWithdrawal.objects.count() == 0
    assert version_for(plan, 2117).number == 3

    withdraw(plan, 3, "誤り", users["secretariat"])
    with pytest.raises(InputError, match=r"すでに取り下げられています.*理由: 誤り"):
        withdraw(plan, 3, "もう一度", users["secretariat"])
    assert PlanVersionWithdrawal.objects.count() == 1


def test_withdrawals_are_append_only(mistaken, users):
    w = PlanVersionWithdrawal.objects.create(version=mistaken.versions.get(number=3), reason="x")
    with pytest.raises(AppendOnlyError):
        w.delete()
    for sql in ("UPDATE {t} SET reason = 'y'", "DELETE FROM {t}"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cur,
        ):
            cur.execute(sql.format(t=PlanVersionWithdrawal._meta.db_table))
    assert PlanVersionWithdrawal.objects.get().reason == "x"


def test_an_item_only_the_withdrawn_version_added_goes_again(plan, users):
    text = plan_text().replace(
        "  - number: 15\n",
        "  - number: 16\n    title: 誤って追加した事業\n    summary: 誤り\n"
        "    measures: ['4-2']\n  - number: 15\n",
        1,
    )
    assert "number: 16" in text
    revise(plan, text, 2025, "事業の追加", actor=users["secretariat"])
    assert plan.projects.filter(number=16).exists()
    withdraw(plan, 2, "別の計画の事業でした", users["secretariat"])
    assert not plan.projects.filter(number=16).exists()
    assert plan.projects.count() == 15 and plan.versions.count() == 2


def test_an_item_with_values_hanging_on_it_refuses_the_withdrawal(plan, users):
    text = plan_text()
    start = text.index("  - code: tourist-visits")
    block = text[start : text.index("\n  - code:", start + 1)]
    extra = block.replace("code: tourist-visits", "code: night-visits").replace(
        "name: 観光入込客数", "name: 夜間観光客数"
    )
    revise(
        plan,
        text.replace(block, block + "\n" + extra),
        2025,
        "指標の追加",
        actor=users["secretariat"],
    )
    observations.add(
        plan,
        {"indicator": "night-visits", "year": "令和7年", "value": "12", "source": "調査"},
        actor=SYSTEM,
    )
    with pytest.raises(InputError, match="夜間観光客数"):
        withdraw(plan, 2, "誤り", users["secretariat"])
    assert version_for(plan, 2026).number == 2 and plan.indicators.count() == 5


def test_the_secretariat_withdraws_on_the_workspace_page(mistaken, client_as):
    assert (
        client_as("department")
        .post("/workspace/plan/versions/3/withdraw/", {"reason": "誤り"})
        .status_code
        == 403
    )
    assert (
        client_as("council")
        .post("/workspace/plan/versions/3/withdraw/", {"reason": "誤り"})
        .status_code
        == 403
    )
    staff = client_as("secretariat")
    page = staff.get("/workspace/plan/").content.decode()
    assert "いまは第3版です" in page and "第3版を取り下げる" in page
    assert "第1版を取り下げる" not in page
    staff.post("/workspace/plan/versions/3/withdraw/", {"reason": ""})
    assert PlanVersionWithdrawal.objects.count() == 0  # a reason is required
    response = staff.post("/workspace/plan/versions/3/withdraw/", {"reason": "年度の入力誤り"})
    assert response.status_code == 302
    assert "いまは第2版です" in staff.get("/workspace/plan/").content.decode()
    html = client_as(None).get("/plan/versions/").content.decode()
    assert "第3版（令和99年度から）（取り下げ）" in html
    assert "この版は取り下げられ、適用されていません。" in html and "年度の入力誤り" in html
