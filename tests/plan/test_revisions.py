"""Plan revisions: versions kept, the year's version judges the year, changes listed."""

from __future__ import annotations

import json

import pytest

from shinchoku.accounts.permissions import SYSTEM, NotAllowed
from shinchoku.ingest.errors import InputError
from shinchoku.observations import services as observations
from shinchoku.plan.builtin import plan_text
from shinchoku.plan.revisions import plan_for_year, revise, version_for

# 観光入込客数: the R6–R9 targets lowered by 40万人 from 令和6年 on (a realistic revision).
LOWERED = (
    plan_text()
    .replace("{year: R6, value: 566}", "{year: R6, value: 526}")
    .replace("{year: R7, value: 596}", "{year: R7, value: 556}")
    .replace("{year: R8, value: 626}", "{year: R8, value: 586}")
    .replace("{year: R9, value: 656}", "{year: R9, value: 616}")
)


def test_first_version_is_the_loaded_file(plan):
    (v1,) = plan.versions.all()
    assert (v1.number, v1.valid_from, v1.source_text) == (1, 2018, plan_text())


def test_a_revision_applies_from_its_year_and_keeps_the_old_targets(plan, users):
    v2 = revise(
        plan,
        LOWERED,
        2024,
        "コロナ後の回復の遅れを反映",
        "令和6年度第2回推進会議",
        users["secretariat"],
    )
    assert v2.number == 2
    assert version_for(plan, 2023).number == 1 and version_for(plan, 2024).number == 2
    old = plan_for_year(plan, 2023).indicator("tourist-visits")
    new = plan_for_year(plan, 2025).indicator("tourist-visits")
    assert [int(t.value) for t in old.targets] == [536, 566, 596, 626, 656]
    assert [int(t.value) for t in new.targets] == [536, 526, 556, 586, 616]
    # 2024 judged against the new path: (2021, 476) → (2023, 536) → (2024, 526)
    observations.add(
        plan,
        {
            "indicator": "観光入込客数",
            "year": "令和6年",
            "value": "521",
            "source": "県観光入込客統計",
        },
        actor=SYSTEM,
    )
    tourism = observations.evaluate_year(plan, 2024)[2]
    assert tourism.expected == 526 and tourism.progress == pytest.approx(45 / 50)


def test_revision_rules(plan, users):
    with pytest.raises(NotAllowed):
        revise(plan, LOWERED, 2024, "理由", actor=users["department"])
    with pytest.raises(InputError, match="理由"):
        revise(plan, LOWERED, 2024, "", actor=users["secretariat"])
    with pytest.raises(InputError, match="前の版と同じ内容"):
        revise(plan, plan_text(), 2024, "理由", actor=users["secretariat"])
    removed = plan_text().replace("slug: tokorozawa-industrial-vision-latter", "slug: other")
    with pytest.raises(InputError, match="別の計画"):
        revise(plan, removed, 2024, "理由", actor=users["secretariat"])
    assert plan.versions.count() == 1  # nothing half-written


def test_cli_revise_versions_diff(cli, cli_json, tmp_path):
    cli("plan", "show")
    f = tmp_path / "v2.yaml"
    f.write_text(LOWERED, encoding="utf-8")
    out = cli(
        "plan",
        "revise",
        str(f),
        "--from-year",
        "令和6年度",
        "--reason",
        "回復の遅れ",
        "--meeting",
        "第2回推進会議",
    ).stdout
    assert (
        "第2版を記録しました（令和6年度から）" in out
        and "\n  評価指標 観光入込客数 targets 変更あり\n" in out
    )
    table = cli("plan", "diff", "1", "2").stdout
    assert "評価指標 観光入込客数 targets 変更あり: " in table and "year 2024, value 566" in table
    assert "{'year'" not in table
    assert [v["number"] for v in cli_json("plan", "versions")["versions"]] == [1, 2]
    (change,) = cli_json("plan", "diff", "1", "2")["changes"]
    assert change["before"][1] == {"year": 2024, "value": 566}
    assert change["after"][1] == {"year": 2024, "value": 526}
    assert cli("plan", "diff", "1", "9", ok=False).exit_code == 2
    assert (
        json.loads(cli("evaluate", "--year", "2025", "--format", "json").stdout)["indicators"][2][
            "target"
        ]["value"]
        == 556
    )


def test_revision_pages(client_as, plan, tmp_path):
    f = tmp_path / "v2.yaml"
    f.write_text(LOWERED, encoding="utf-8")
    with f.open("rb") as upload:
        assert (
            client_as("department")
            .post("/workspace/plan/revise/", {"file": upload, "valid_from": 2024, "reason": "x"})
            .status_code
            == 403
        )
    with f.open("rb") as upload:
        client_as("secretariat").post(
            "/workspace/plan/revise/",
            {"file": upload, "valid_from": 2024, "reason": "回復の遅れを反映", "meeting": "第2回"},
        )
    assert plan.versions.count() == 2
    html = client_as(None).get("/plan/versions/").content.decode()
    assert "第2版（令和6年度から）" in html and "回復の遅れを反映" in html
    assert "評価指標 観光入込客数" in html and "targets" in html


def test_a_thresholds_only_revision_is_recorded(plan, users):
    text = plan_text().replace("structure:", "evaluation: {rating_b: 0.7}\nstructure:", 1)
    v2 = revise(plan, text, 2025, "評価区分の見直し", actor=users["secretariat"])
    assert plan_for_year(plan, 2025).thresholds.rating_b == 0.7
    assert plan_for_year(plan, 2024).thresholds.rating_b == 0.6
    assert v2.number == 2


def test_a_year_before_every_version_uses_the_first(plan, users):
    revise(plan, LOWERED, 2024, "回復の遅れ", actor=users["secretariat"])
    assert version_for(plan, 2010).number == 1
