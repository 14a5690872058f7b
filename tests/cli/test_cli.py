"""The ``shinchoku`` command against the built-in plan, in-process on the test database."""

from __future__ import annotations

import json

import pytest

from shinchoku.observations.models import ImportRun, Observation


def test_plan_show_json_shape(cli_json):
    plan = cli_json("plan", "show")
    assert plan["municipality"] == "所沢市"
    assert plan["period"] == {"start": 2023, "end": 2027}
    assert plan["vision"]["period"] == {"start": 2018, "end": 2027}
    assert plan["policies"][0]["code"] == "1"
    assert plan["policies"][0]["measures"][0] == {"code": "1-1", "title": "新たな産業用地等の創出"}
    assert len(plan["projects"]) == 15
    p12 = plan["projects"][11]
    assert (p12["number"], p12["measures"]) == (12, ["3-5"])
    assert plan["projects"][1]["partners"] == ["公益財団法人埼玉県産業振興公社", "所沢商工会議所"]
    gp = plan["indicators"][0]
    assert {k: gp[k] for k in ("code", "name", "unit", "policy", "period_kind", "direction")} == {
        "code": "gross-product",
        "name": "総生産額",
        "unit": "億円",
        "policy": "1",
        "period_kind": "fiscal",
        "direction": "increase",
    }
    assert gp["baseline"]["year"] == 2019 and gp["baseline"]["value"] == 9095
    assert gp["targets"][-1] == {"year": 2027, "value": 9559}
    assert gp["rule"]["text"] == "毎年度1%分の増加"
    assert gp["source"].startswith("埼玉県市町村民経済計算")


def test_plan_show_text(cli):
    out = cli("plan", "show").stdout
    assert "基本理念: 活力ある産業と豊かなくらしの融合で" in out
    assert (
        "重点推進事業15 就労チャレンジ支援事業（所管: 産業振興課／連携: ハローワーク所沢）" in out
    )
    assert "現状 R3 114,500 → R5 114,700" in out


def test_plan_validate(cli, tmp_path):
    from shinchoku.plan.builtin import plan_text

    good = tmp_path / "plan.yaml"
    good.write_text(plan_text(), encoding="utf-8")
    assert (
        "基本方針 4、施策の柱 14、重点推進事業 15、評価指標 4"
        in cli("plan", "validate", str(good)).stdout
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text(plan_text().replace("value: 9278}", "value: 九千}"), encoding="utf-8")
    result = cli("plan", "validate", str(bad), ok=False)
    assert result.exit_code == 2
    assert "indicators[0].targets[1].value: 数値を書いてください" in result.stderr
    assert result.stdout == ""


def test_targets_check_json(cli_json):
    report = cli_json("targets", "check")
    assert [(i["code"], i["convention"], i["mismatches"]) for i in report["indicators"]] == [
        ("gross-product", "from_plan_start", []),
        ("manufacturing-shipments", "from_plan_start", []),
        ("tourist-visits", "from_baseline_year", []),
        ("employees", "from_plan_start", []),
    ]
    assert any("観光入込客数" in d for d in report["disagreements"])


def test_targets_check_strict_passes_on_the_seed(cli):
    assert cli("targets", "check", "--strict").exit_code == 0


def test_observe_add_list_and_revise(cli, cli_json):
    cli(
        "observe",
        "add",
        "--indicator",
        "観光入込客数",
        "--year",
        "令和4年",
        "--value",
        "498",
        "--source",
        "令和4年埼玉県観光入込客統計調査",
        "--published-on",
        "2023-09-01",
    )
    cli(
        "observe",
        "add",
        "--indicator",
        "tourist-visits",
        "--year",
        "2022",
        "--value",
        "501",
        "--source",
        "同 改訂",
        "--published-on",
        "2024-09-01",
        "--note",
        "revised",
    )
    listed = cli_json("observe", "list", "--indicator", "tourist-visits")
    assert [(o["year"], o["value"], o["current"]) for o in listed["observations"]] == [
        (2022, 498, False),
        (2022, 501, True),
    ]
    table = cli("observe", "list", "--indicator", "観光入込客数").stdout
    assert "令和4年" in table and "501" in table and "◎" in table


def test_observe_add_bad_input_exits_non_zero_and_stores_nothing(cli):
    cli("plan", "show")  # seed the database
    before = Observation.objects.count()
    result = cli(
        "observe",
        "add",
        "--indicator",
        "総生産額",
        "--year",
        "令和4年",
        "--value",
        "x",
        "--source",
        "s",
        ok=False,
    )
    assert result.exit_code == 2
    assert "--year:" in result.stderr and "--value:" in result.stderr
    assert Observation.objects.count() == before


def test_observe_import_all_or_nothing(cli, tmp_path):
    cli("plan", "show")  # seed the database
    before = (Observation.objects.count(), ImportRun.objects.count())
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "indicator,year,value,source\n総生産額,R4,9300,s\n総生産額,R5,***,s\n", encoding="utf-8"
    )
    result = cli("observe", "import", str(bad), ok=False)
    assert result.exit_code == 2
    assert "bad.csv 3行目 C列 [value]" in result.stderr
    assert (Observation.objects.count(), ImportRun.objects.count()) == before
    good = tmp_path / "good.csv"
    good.write_text("indicator,year,value,source\n総生産額,R4,9300,s\n", encoding="utf-8-sig")
    assert "1件を追加" in cli("observe", "import", str(good)).stdout
    run = ImportRun.objects.get(file_name="good.csv")
    assert (run.kind, len(run.sha256), run.added) == ("csv", 64, 1)
    again = cli("observe", "import", str(good)).stdout
    assert again == "good.csv: 何も追加していません（1件すべて登録済みの値と同じです）\n"


def test_observe_list_unknown_indicator(cli):
    result = cli("observe", "list", "--indicator", "売上高", ok=False)
    assert result.exit_code == 2 and "gross-product（総生産額）" in result.stderr


def test_evaluate_json_on_the_seed_history(cli_json):
    ev = cli_json("evaluate", "--year", "令和5年度")
    assert (ev["year"], ev["as_of"]) == (2023, None)
    gp, ms, tv, em = ev["indicators"]
    # 総生産額: the latest published figure is the baseline itself (令和元年度).
    assert gp["latest"] == {
        "year": 2019,
        "value": 9095,
        "source": "2019年度（令和元年度）埼玉県市町村民経済計算 所沢市 909533百万円",
        "published_on": "2022-08-19",
    }
    # 令和元年度 is before the first target year (令和5年度): not rated, the line shown.
    assert (gp["expected"], gp["progress"], gp["attainment"], gp["rating"]) == (
        9095.0,
        None,
        None,
        None,
    )
    assert (gp["rated"], gp["reason"], gp["comparable"]) == (False, "before_first_target", True)
    assert gp["target_line"] == {
        "year": 2019,
        "value": 9095.0,
        "derived": "baseline",
        "between": None,
    }
    assert gp["target"] == {"year": 2023, "value": 9186.0}
    assert (gp["projection"], gp["status"]) == (None, "not_available")
    assert ms["latest"] is None and tv["latest"] is None
    # 従業者数: only figures from before the baseline (平成21年) exist.
    assert em["latest"]["year"] == 2009 and em["latest"]["value"] == 118798
    assert (em["expected"], em["progress"], em["status"]) == (None, None, "not_available")


def test_evaluate_with_new_actuals_and_as_of(cli, cli_json):
    for year, value, published in (
        ("令和4年", "498", "2023-09-01"),
        ("令和5年", "530", "2024-09-01"),
    ):
        cli(
            "observe",
            "add",
            "--indicator",
            "観光入込客数",
            "--year",
            year,
            "--value",
            value,
            "--source",
            "県観光入込客統計",
            "--published-on",
            published,
        )
    tv = cli_json("evaluate", "--year", "2023")["indicators"][2]
    # path: (2021, 476) → (2023, 536); actual 530 in 2023: progress 54/60, attainment 530/536
    assert tv["expected"] == 536
    assert tv["progress"] == pytest.approx(0.9)
    assert tv["attainment"] == pytest.approx(530 / 536)
    assert tv["rating"] == "B"
    # projection: (0,476), (1,498), (2,530): slope 27, intercept 474.333…; at 2027 (x=6): 636.33
    assert tv["projection"]["value"] == pytest.approx(474 + 1 / 3 + 162)
    assert tv["projection"]["on_course"] is False
    # CAGR: observed (530/476)^(1/2)-1 = 0.055194; required (656/476)^(1/6)-1 = 0.054883
    assert tv["status"] == "substantial_progress"
    earlier = cli_json("evaluate", "--year", "2023", "--as-of", "2024-01-01")["indicators"][2]
    assert earlier["latest"]["year"] == 2022
    assert earlier["latest"]["value"] == 498
    # 2022 is before the first target year (2023): path(2022) = 506 is shown, not rated.
    assert earlier["expected"] == 506
    assert (earlier["progress"], earlier["rating"], earlier["reason"]) == (
        None,
        None,
        "before_first_target",
    )


def test_evaluate_table_is_for_people(cli):
    out = cli("evaluate", "--year", "R5", "--full").stdout
    assert out == cli("evaluate", "--year", "R5", "--format", "table").stdout
    assert out.startswith("令和5年度の評価")
    assert "総生産額（億円）" in out and "9,095（令和元年度）" in out and "評価なし" in out
    assert "状況" not in out and "判定不可" not in out  # the status is not a second verdict
    assert "※ 総生産額: 令和元年度の値 9,095億円は、最初の目標年度（令和5年度）より前" in out


def test_bad_year_option(cli):
    result = cli("evaluate", "--year", "平成40年", ok=False)
    assert result.exit_code == 2 and "「平成40年」" in result.stderr


def test_json_output_is_only_json(cli):
    out = cli("evaluate", "--year", "2023", "--format", "json").stdout
    assert json.loads(out)["year"] == 2023


def test_history_older_than_the_baseline_is_not_the_latest_figure(plan, cli):
    """従業者数's newest stored figure is 平成21年 (2009), older than its 令和3年 baseline:
    history, not a result, so the table says no result yet instead of showing it as latest."""
    out = cli("evaluate", "--year", "2023", "--full").stdout
    row = next(line for line in out.splitlines() if line.startswith("市内事業所従業者数"))
    assert "未入手" in row and "118,798" not in row


@pytest.mark.parametrize("command", [("import",), ("observe", "import")])
def test_an_import_runs_at_a_lower_cpu_priority(cli, tmp_path, monkeypatch, command):
    import os

    from shinchoku.observations import importers, services

    cli("plan", "show")  # seed the database
    monkeypatch.delenv("SHINCHOKU_IMPORT_NICENESS")  # the default (tests set 0)
    priority = [5]  # this process's niceness, as the kernel would keep it (never really set)
    monkeypatch.setattr(os, "getpriority", lambda which, who: priority[0])
    monkeypatch.setattr(os, "setpriority", lambda which, who, n: priority.__setitem__(0, n))
    seen = []
    for module, name in ((importers, "import_any"), (services, "import_file")):
        real = getattr(module, name)

        def spy(*args, _real=real, **kwargs):
            seen.append(priority[0])
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, spy)
    good = tmp_path / "good.csv"
    good.write_text("indicator,year,value,source\n総生産額,R4,9300,s\n", encoding="utf-8")
    cli(*command, str(good))
    assert seen[0] == 15  # batch work yields the CPU to the web server
    assert priority[0] == 5  # and gives it back after


def test_a_bad_import_niceness_is_named(cli, tmp_path, monkeypatch):
    cli("plan", "show")  # seed the database
    monkeypatch.setenv("SHINCHOKU_IMPORT_NICENESS", "abc")
    good = tmp_path / "good.csv"
    good.write_text("indicator,year,value,source\n総生産額,R4,9300,s\n", encoding="utf-8")
    result = cli("import", str(good), ok=False)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "SHINCHOKU_IMPORT_NICENESS は 0〜19 の整数で指定してください（いまは「abc」）" in (
        result.stderr
    )
