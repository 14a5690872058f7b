"""Plausibility at every command-line entrance: each refusal names what is wrong and stores
nothing; a large change is recorded only when confirmed, and stays marked as confirmed."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from shinchoku.cycle.models import Round
from shinchoku.observations.models import ImportRun, Observation
from shinchoku.plan.builtin import plan_text
from shinchoku.plan.models import PlanVersion

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HEADER = "indicator,year,value,source,published_on\n"
FUTURE_DUE = (datetime.date.today() + datetime.timedelta(days=60)).isoformat()


@pytest.fixture
def stored(plan):
    """How many observations and runs are stored: a refusal must leave both unchanged."""
    return lambda: (Observation.objects.count(), ImportRun.objects.count())


def csv_file(tmp_path: Path, *rows: str, name: str = "values.csv") -> str:
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return str(path)


def tourist_558(cli) -> None:
    cli("observe", "add", "--indicator", "観光入込客数", "--year", "令和5年", "--value", "558",
        "--source", "令和5年埼玉県観光入込客統計調査")  # fmt: skip


# --- years ------------------------------------------------------------------------------------


def test_observe_add_refuses_reiwa_99(cli, stored):
    before = stored()
    result = cli("observe", "add", "--indicator", "総生産額", "--year", "令和99年度",
                 "--value", "9500", "--source", "入力誤り", ok=False)  # fmt: skip
    assert result.exit_code == 2
    assert "--year: 令和99年度（2117）はまだ始まっていません" in result.stderr
    assert stored() == before


@pytest.mark.parametrize("command", [("observe", "import"), ("import",)])
def test_file_imports_refuse_reiwa_99_naming_the_row(cli, stored, tmp_path, command):
    path = csv_file(tmp_path, "総生産額,令和5年度,9186,テスト,", "総生産額,令和99年度,9500,テスト,")
    before = stored()
    result = cli(*command, path, ok=False)
    where = "values.csv 総生産額 令和99年度の行 [year]"
    assert f"{where}: 令和99年度（2117）はまだ始まっていません" in result.stderr
    assert stored() == before  # the good row is not stored either


def test_import_dry_run_refuses_what_the_import_would(cli, stored, tmp_path):
    path = csv_file(tmp_path, "総生産額,令和99年度,9500,テスト,")
    result = cli("import", path, "--dry-run", ok=False)
    assert "令和99年度（2117）はまだ始まっていません" in result.stderr


def test_import_table_refuses_a_year_not_begun(cli, stored):
    table = str(FIXTURES / "tables" / "saitama-tourism-r3.xlsx")
    before = stored()
    result = cli("import-table", table, "--mapping", "saitama-tourist-visits",
                 "--year", "令和99年", ok=False)  # fmt: skip
    assert "観光入込客数 令和99年の行" in result.stderr and "[year]" in result.stderr
    assert "令和99年（2117）はまだ始まっていません" in result.stderr
    assert stored() == before


def test_the_shared_history_back_to_heisei_3_stays_valid(plan, cli_json):
    listed = cli_json("observe", "list", "--indicator", "市内事業所従業者数")
    assert [o["year"] for o in listed["observations"]][:2] == [1991, 1996]


@pytest.mark.parametrize(
    "args",
    [
        ("evaluate", "--year", "令和99年度"),
        ("evaluate", "--year", "1990"),
        ("template", "--year", "令和99年度", "--out", "{tmp}/t.xlsx"),
        ("report", "--year", "令和99年度", "--format", "html", "--out", "{tmp}/r.html"),
        ("report", "--year", "1990", "--format", "html", "--out", "{tmp}/r.html"),
    ],
)
def test_plan_year_commands_refuse_years_outside_the_vision(cli, plan, tmp_path, args):
    args = tuple(a.replace("{tmp}", str(tmp_path)) for a in args)
    result = cli(*args, ok=False)
    assert result.exit_code == 2
    assert "は計画の期間外です" in result.stderr
    assert "（平成30年度～令和9年度）の年度を指定してください" in result.stderr
    assert list(tmp_path.iterdir()) == []  # no report, no template written


def test_report_1990_is_refused_not_published(cli, plan, tmp_path):
    result = cli("report", "--year", "1990", "--format", "html", "--out",
                 str(tmp_path / "r.html"), ok=False)  # fmt: skip
    assert "--year: 平成2年度（1990年度）は計画の期間外です" in result.stderr
    assert "公表" not in result.stderr


def test_cycle_open_refuses_reiwa_99_and_a_past_due_date(cli, plan):
    far = cli("cycle", "open", "--year", "令和99年度", "--due", FUTURE_DUE, ok=False)
    assert "--year: 令和99年度（2117年度）は計画の期間外です" in far.stderr
    past = cli("cycle", "open", "--year", "令和5年度", "--due", "2020-01-01", ok=False)
    assert "--due: 提出期限 2020-01-01 はすでに過ぎています" in past.stderr
    assert Round.objects.count() == 0
    cli("cycle", "open", "--year", "令和5年度", "--due", FUTURE_DUE)
    assert Round.objects.get().year == 2023


def test_plan_revise_from_reiwa_99_is_refused(cli, plan, tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(plan_text().replace("{year: R9, value: 656}", "{year: R9, value: 616}"))
    result = cli("plan", "revise", str(path), "--from-year", "令和99年度",
                 "--reason", "誤り", ok=False)  # fmt: skip
    assert "valid_from: 令和99年度（2117年度）は計画の期間外です" in result.stderr
    assert PlanVersion.objects.count() == 1
    # A normal revision is still possible afterwards.
    cli("plan", "revise", str(path), "--from-year", "令和6年度", "--reason", "見直し")
    assert PlanVersion.objects.count() == 2


# --- ranges -----------------------------------------------------------------------------------


def test_minus_five_for_gross_product_is_refused(cli, stored, tmp_path):
    before = stored()
    result = cli("observe", "add", "--indicator", "総生産額", "--year", "令和5年度",
                 "--value", "-5", "--source", "入力誤り", ok=False)  # fmt: skip
    assert "--value: -5 は総生産額（億円）の範囲外です: 0 以上の値を書いてください" in result.stderr
    result = cli("import", csv_file(tmp_path, "総生産額,令和5年度,-5,入力誤り,"), ok=False)
    assert "values.csv 総生産額 令和5年度の行 [value]: -5 は総生産額（億円）の範囲外です" in (
        result.stderr
    )
    # --confirm accepts large changes, never a value outside the range.
    result = cli("import", csv_file(tmp_path, "総生産額,令和5年度,-5,入力誤り,"), "--confirm",
                 ok=False)  # fmt: skip
    assert "範囲外" in result.stderr
    assert stored() == before


def test_the_plan_declares_non_negative_indicators(cli_json, plan):
    shown = cli_json("plan", "show")
    assert [(i["unit"], i["min"], i["max"]) for i in shown["indicators"]] == [
        ("億円", 0, None),
        ("億円", 0, None),
        ("万人", 0, None),
        ("人", 0, None),
    ]
    assert shown["evaluation"]["jump_share"] == 0.5


# --- jumps ------------------------------------------------------------------------------------


def test_a_tenfold_typo_is_refused_then_recorded_as_confirmed(cli, cli_json, stored):
    tourist_558(cli)
    before = stored()
    add = ("observe", "add", "--indicator", "観光入込客数", "--year", "令和6年", "--value",
           "5,580", "--source", "令和6年埼玉県観光入込客統計調査")  # fmt: skip
    result = cli(*add, ok=False)
    assert "--value: 5,580 は前年 558 の 10.0 倍です。" in result.stderr
    assert "確認（--confirm）を付けて" in result.stderr
    assert stored() == before
    cli(*add, "--confirm")
    listed = cli_json("observe", "list", "--indicator", "観光入込客数")["observations"]
    assert [(o["year"], o["value"], o["confirmed_change"]) for o in listed] == [
        (2023, 558, ""),
        (2024, 5580, "5,580 は前年 558 の 10.0 倍です"),
    ]
    table = cli("observe", "list", "--indicator", "観光入込客数").stdout
    assert "確認済み: 5,580 は前年 558 の 10.0 倍です" in table
    row = Observation.objects.get(year=2024)
    assert row.confirmed_change == "5,580 は前年 558 の 10.0 倍です"


def test_a_jump_in_a_file_names_the_row_and_needs_confirm(cli, stored, tmp_path):
    tourist_558(cli)
    path = csv_file(tmp_path, "観光入込客数,令和6年,5580,令和6年埼玉県観光入込客統計調査,")
    before = stored()
    for command in (("observe", "import"), ("import",), ("import", "--dry-run")):
        result = cli(*command, path, ok=False)
        assert (
            "values.csv 観光入込客数 令和6年の行 [value]: 5,580 は前年 558 の 10.0 倍です"
            in result.stderr
        )
    assert stored() == before
    shown = cli("import", path, "--confirm").stdout
    assert "確認済みの大きな変化: 5,580 は前年 558 の 10.0 倍です" in shown
    assert Observation.objects.get(year=2024).confirmed_change.endswith("10.0 倍です")


def test_a_small_change_needs_no_confirmation(cli):
    tourist_558(cli)
    cli("observe", "add", "--indicator", "観光入込客数", "--year", "令和6年", "--value", "600",
        "--source", "令和6年埼玉県観光入込客統計調査")  # fmt: skip
    assert Observation.objects.get(year=2024).confirmed_change == ""
