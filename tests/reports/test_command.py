"""``shinchoku report`` and load_context against the stored built-in plan."""

from __future__ import annotations

import datetime
import io

from click.testing import CliRunner
from openpyxl import load_workbook

from shinchoku.cli import main
from shinchoku.reports.context import load_context

from .conftest import source_date_epoch


def invoke(*args: str):
    return CliRunner().invoke(main, ["report", *args], catch_exceptions=False)


def test_load_context_reads_the_store(plan, publish):
    from shinchoku.plan.models import Commentary

    ind = plan.indicators.get(code="tourist-visits")
    Commentary.objects.create(indicator=ind, year=2023, text="古い所見")
    Commentary.objects.create(indicator=ind, year=2023, text="新しい所見")
    Commentary.objects.create(indicator=ind, year=2022, text="前年度の所見")
    with source_date_epoch():
        ctx = load_context(plan, 2023)
    assert ctx.generated_on == datetime.date(2024, 11, 28)
    assert ctx.draft  # nothing published yet
    assert ctx.indicators[2].commentary == "新しい所見"
    gp = ctx.indicators[0]
    assert (gp.indicator.baseline.value, gp.evaluation.target) == (9095, 9186)
    assert len(ctx.projects) == 15

    publish(2023)
    assert not load_context(plan, 2023).draft
    assert load_context(plan, 2024).draft


def test_command_writes_each_format(plan, tmp_path):
    for fmt in ("html", "xlsx"):
        out = tmp_path / f"report.{fmt}"
        result = invoke("--year", "令和5年度", "--format", fmt, "--out", str(out))
        assert result.exit_code == 0, result.output
        assert "案" in result.stderr
    assert "所沢市 産業振興ビジョン" in (tmp_path / "report.html").read_text(encoding="utf-8")
    wb = load_workbook(io.BytesIO((tmp_path / "report.xlsx").read_bytes()))
    assert wb["総括"]["C5"].value == 9095


def test_command_english_and_as_of(plan, tmp_path):
    out = tmp_path / "en.html"
    result = invoke("--year", "R5", "--as-of", "2021-01-01", "--lang", "en", "--format", "html",
                    "--out", str(out))  # fmt: skip
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert "Summary of indicators" in html and "1 Jan 2021" in html


def test_command_errors(plan, tmp_path):
    result = invoke("--year", "R5", "--format", "pdf", "--out", str(tmp_path / "no" / "x.pdf"))
    assert result.exit_code == 2 and "出力先のフォルダがありません" in result.stderr
    result = invoke("--year", "R5", "--format", "odt", "--out", str(tmp_path / "x.odt"))
    assert result.exit_code == 2
    assert not list(tmp_path.iterdir())
