"""Importers end to end: commands → readers → preview → record, on the test database."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from shinchoku.cli import main
from shinchoku.cli.fetch import estat_command
from shinchoku.cli.import_table import command as import_table
from shinchoku.cli.template import import_command, template_command
from shinchoku.observations import services
from shinchoku.observations.models import ImportRun, Observation

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SHARED_HISTORY = Path(__file__).resolve().parents[3] / "shared" / "data" / "tokorozawa-history.csv"


def run(command, *args: str, ok: bool = True):
    # Through the top command, as people run it (a command invoked alone would cache Click's
    # default help option and change docs/cli.md's text for the rest of the run).
    path = ["fetch", "estat"] if command is estat_command else [command.name]
    result = CliRunner().invoke(main, [*path, *args], catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    else:
        assert result.exit_code == 2, result.output
    return result


def counted(plan, code: str, year: int):
    (rev,) = [
        r
        for r in services.revisions(plan)
        if r.current and (r.observation.indicator, r.observation.year) == (code, year)
    ]
    return rev.observation


def test_gross_product_table_previews_then_stores_the_baseline_as_a_revision(plan):
    table = str(FIXTURES / "tables" / "saitama-gdp-r1.xlsx")
    args = [table, "--mapping", "saitama-gross-product", "--published-on", "2022-08-19"]
    before = Observation.objects.count()
    preview = json.loads(run(import_table, *args, "--dry-run", "--format", "json").stdout)
    assert Observation.objects.count() == before  # a dry run stores nothing
    r1 = next(c for c in preview["changes"] if c["year"] == 2019)
    assert (r1["value"], r1["status"], r1["counts"]) == (9095, "revision", True)
    assert r1["previous"]["source"].endswith("909533百万円")
    assert (r1["source_value"], r1["source_unit"]) == (909533, "百万円")
    assert r1["source_ref"] == "saitama-gdp-r1.xlsx F8"

    shown = run(import_table, *args).stdout
    assert "saitama-gdp-r1.xlsx (saitama-gross-product): 5件を追加しました" in shown
    o = counted(plan, "gross-product", 2019)
    assert (o.value, o.edition, o.published_on) == (
        Decimal("9095"),
        "令和元年度版",
        datetime.date(2022, 8, 19),
    )
    run_row = ImportRun.objects.get(kind="table")
    assert run_row.sha256 and run_row.user.endswith("(CLI)")
    # Next year's edition, with no change to the mapping: 令和元年度 is revised and counts.
    table2 = str(FIXTURES / "tables" / "saitama-gdp-r2.xlsx")
    run(import_table, table2, "--mapping", "saitama-gross-product", "--published-on", "2023-08-18")
    assert counted(plan, "gross-product", 2019).value == Decimal("9118")
    assert counted(plan, "gross-product", 2020).edition == "令和2年度版"
    # The same file again changes nothing.
    again = run(
        import_table, table2, "--mapping", "saitama-gross-product", "--published-on", "2023-08-18"
    ).stdout
    assert "何も追加していません（5件すべて登録済みの値と同じです）" in again


def test_tourist_visits_by_month_store_the_year(plan):
    table = str(FIXTURES / "tables" / "saitama-tourism-r3.xlsx")
    run(import_table, table, "--mapping", "saitama-tourist-visits")
    o = counted(plan, "tourist-visits", 2021)
    assert (o.value, o.edition) == (Decimal("476"), "令和3年埼玉県観光入込客統計調査")


def test_a_bad_table_stores_nothing(plan, tmp_path):
    book = load_workbook(FIXTURES / "tables" / "saitama-tourism-r3.xlsx")
    book.worksheets[0]["N6"] = 1
    bad = tmp_path / "bad.xlsx"
    book.save(bad)
    runs = ImportRun.objects.count()
    result = run(import_table, str(bad), "--mapping", "saitama-tourist-visits", ok=False)
    assert "bad.xlsx [市町村別] N6 [total]" in result.stderr
    assert ImportRun.objects.count() == runs


def test_template_round_trip(plan, tmp_path):
    out = tmp_path / "sangyo.xlsx"
    shown = run(
        template_command, "--year", "令和6年度", "--organisation", "産業振興課", "--out", str(out)
    ).stdout
    assert "評価指標4件のテンプレート" in shown
    book = load_workbook(out)
    book["実績値"]["E4"] = 9300
    book["実績値"]["G4"] = datetime.datetime(2025, 8, 1)
    book["実績値"]["E7"] = 115000
    book.save(out)
    preview = json.loads(run(import_command, str(out), "--dry-run", "--format", "json").stdout)
    assert [(c["indicator"], c["year"], c["status"]) for c in preview["changes"]] == [
        ("gross-product", 2024, "new"),
        ("employees", 2024, "new"),
    ]
    assert preview["notes"] == ["値が空欄の行（未記入）: 2行"] and preview["run"] is None
    run(import_command, str(out))
    assert counted(plan, "employees", 2024).value == Decimal("115000")
    assert ImportRun.objects.filter(kind="template", file_name="sangyo.xlsx").count() == 1
    again = run(import_command, str(out)).stdout
    assert "sangyo.xlsx: 何も追加していません（2件すべて登録済みの値と同じです）" in again


def test_template_for_an_organisation_without_indicators(plan, tmp_path):
    out = tmp_path / "t.xlsx"
    result = run(
        template_command,
        "--year",
        "R6",
        "--organisation",
        "nogyo-shinko",
        "--out",
        str(out),
        ok=False,
    )
    assert "農業振興課が担当する評価指標はありません" in result.stderr and not out.exists()
    result = run(
        template_command, "--year", "R6", "--organisation", "観光課", "--out", str(out), ok=False
    )
    assert "「観光課」という組織は計画にありません" in result.stderr


def test_estat_responses_store_values_then_a_revision(plan):
    sources = str(FIXTURES / "estat" / "sources.yaml")
    pages = str(FIXTURES / "estat" / "employees-2pages.json")
    shown = run(
        estat_command, "--indicator", "employees", "--response", pages, "--sources", sources
    ).stdout
    assert "2件を追加しました（新規 2・改訂 0・変更なし 0）" in shown
    assert counted(plan, "employees", 2021).value == Decimal("114500")
    revised = str(FIXTURES / "estat" / "employees-revised.json")
    out = json.loads(
        run(
            estat_command,
            "--indicator",
            "市内事業所従業者数",
            "--response",
            revised,
            "--sources",
            sources,
            "--format",
            "json",
        ).stdout
    )
    (change,) = out["changes"]
    assert (change["status"], change["counts"], change["previous"]["value"]) == (
        "revision",
        True,
        114500,
    )
    o = counted(plan, "employees", 2021)
    assert (o.value, o.published_on) == (Decimal("114622"), datetime.date(2025, 1, 31))
    assert ImportRun.objects.filter(kind="estat").count() == 2


def test_estat_placeholder_is_reported_not_stored(plan):
    sources = str(FIXTURES / "estat" / "sources.yaml")
    shipments = str(FIXTURES / "estat" / "shipments-single-class.json")
    shown = run(
        estat_command,
        "--indicator",
        "manufacturing-shipments",
        "--response",
        shipments,
        "--sources",
        sources,
    ).stdout
    assert "製造品出荷額等 令和5年: 未公表 「***」（未公表）" in shown
    assert not Observation.objects.filter(indicator__code="manufacturing-shipments", year=2023)
    assert counted(plan, "manufacturing-shipments", 2021).value == Decimal("1785")


def test_estat_error_status_changes_nothing(plan):
    runs = ImportRun.objects.count()
    result = run(
        estat_command,
        "--response",
        str(FIXTURES / "estat" / "error-status.json"),
        "--sources",
        str(FIXTURES / "estat" / "sources.yaml"),
        ok=False,
    )
    assert "STATUS 100" in result.stderr and ImportRun.objects.count() == runs


def test_estat_without_network_fails_clearly_and_changes_nothing(plan, monkeypatch, tmp_path):
    monkeypatch.setenv("ESTAT_APP_ID", "test-app-id")
    monkeypatch.setenv("SHINCHOKU_ESTAT_URL", "http://127.0.0.1:9/")
    sources = str(FIXTURES / "estat" / "sources.yaml")
    runs = ImportRun.objects.count()
    result = run(estat_command, "--sources", sources, "--timeout", "2", ok=False)
    assert "e-Statに接続できません" in result.stderr and "test-app-id" not in result.stderr
    saved = tmp_path / "responses.json"
    run(estat_command, "--sources", sources, "--save", str(saved), "--timeout", "2", ok=False)
    assert not saved.exists() and ImportRun.objects.count() == runs


def test_estat_without_application_id(plan, monkeypatch):
    monkeypatch.delenv("ESTAT_APP_ID", raising=False)
    sources = str(FIXTURES / "estat" / "sources.yaml")
    result = run(estat_command, "--sources", sources, ok=False)
    assert "ESTAT_APP_ID" in result.stderr


def test_builtin_sources_have_no_estat_mapping_yet(plan, monkeypatch):
    monkeypatch.setenv("ESTAT_APP_ID", "x")
    result = run(
        estat_command, "--response", str(FIXTURES / "estat" / "employees-revised.json"), ok=False
    )
    assert "e-Statの対応づけ（estat:）がありません" in result.stderr


@pytest.mark.skipif(not SHARED_HISTORY.exists(), reason="../shared/data is not beside the repo")
def test_the_real_published_figures_import_through_the_same_path(plan):
    out = json.loads(run(import_command, str(SHARED_HISTORY), "--format", "json").stdout)
    # The built-in history is the same file: every row is already stored.
    assert (out["added"], out["unchanged"]) == (0, 8)


def test_a_shift_jis_csv_is_read_without_options(plan, tmp_path):
    path = tmp_path / "sjis.csv"
    path.write_bytes('指標,年度,値,出典\n総生産額,令和4年度,"9,300",県経済計算\n'.encode("cp932"))
    # Forcing UTF-8 names the first byte it cannot read and how to fix it.
    result = run(import_command, str(path), "--encoding", "utf-8", ok=False)
    assert "UTF-8として読めません: 1バイト目（1行目、0x8E）" in result.stderr
    assert "Shift_JISのファイルなら文字コードの指定を省いてください" in result.stderr
    run(import_command, str(path))
    assert counted(plan, "gross-product", 2022).value == Decimal("9300")


def test_a_plain_xlsx_still_imports_through_import(plan, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["indicator", "year", "value", "source"])
    book.active.append(["観光入込客数", "令和4年", 500, "県観光入込客統計"])
    path = tmp_path / "plain.xlsx"
    book.save(path)
    run(import_command, str(path))
    assert counted(plan, "tourist-visits", 2022).value == Decimal("500")


def test_editions_of_a_table_list_as_revisions_with_their_published_figures(plan):
    from shinchoku.cli.observe import group as observe

    tables = FIXTURES / "tables"
    run(import_table, str(tables / "saitama-gdp-r1.xlsx"), "--mapping", "saitama-gross-product",
        "--published-on", "2022-08-19")  # fmt: skip
    shown = run(import_table, str(tables / "saitama-gdp-r2.xlsx"), "--mapping",
                "saitama-gross-product", "--published-on", "2023-08-18").stdout  # fmt: skip
    assert "911,842百万円（saitama-gdp-r2.xlsx E8）" in shown  # the preview's 公表値 column
    # Stored beside the converted value: 911,842百万円 → 9,118億円.
    o = counted(plan, "gross-product", 2019)
    assert (o.value, o.source_value) == (Decimal("9118"), Decimal("911842"))
    assert o.source_unit == "百万円"
    assert (o.conversion, o.source_ref) == (
        "÷100、小数点以下を四捨五入（ROUND_HALF_UP）",
        "saitama-gdp-r2.xlsx E8",
    )
    assert ImportRun.objects.filter(kind="table").count() == 2
    listed = json.loads(
        run(observe, "list", "--indicator", "gross-product", "--format", "json").stdout
    )
    fy2019 = [r for r in listed["observations"] if r["year"] == 2019]
    assert [(r["edition"], r["value"], r["source_value"], r["current"]) for r in fy2019] == [
        ("令和元年度版", 9095, None, False),  # the built-in history's row
        ("令和元年度版", 9095, 909533, False),
        ("令和2年度版", 9118, 911842, True),
    ]
    # The table groups by year: 平成30年度 moved 5% from its own edition to the 令和元年度版.
    lines = run(observe, "list", "--indicator", "総生産額").stdout.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("平成30年度"))
    fy2018 = [line.split() for line in lines[start : start + 3]]
    assert [row[:3] for row in fy2018] == [
        ["平成30年度", "平成30年度版", "8,624"],
        ["令和元年度版", "9,054", "+430（+5.0%）"],
        ["令和2年度版", "9,060", "+6（+0.1%）"],
    ]
    assert "905,418百万円（saitama-gdp-r1.xlsx" in lines[start + 1]
