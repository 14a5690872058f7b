"""``shinchoku registries``: sample data, computed outputs, the guide map PDF."""

from __future__ import annotations

import json

from click.testing import CliRunner

from shinchoku.cli import main


def run(*args: str) -> str:
    # Through the top command, as people run it: a subcommand invoked alone would cache
    # Click's default help option ("--help" without "-h") and change docs/cli.md's text.
    result = CliRunner().invoke(main, ["registries", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_sample_outputs_and_guide_map(plan, tmp_path):
    assert "架空のデータです" in run("load-sample")
    assert "すでに読み込まれています" in run("load-sample")
    real = json.loads(run("outputs", "--year", "R6", "--format", "json"))
    values = {o["key"]: o["value"] for o in real["outputs"]}
    assert real["year"] == 2024 and values["certified-products"] == 0  # the sample never counts
    preview = json.loads(run("outputs", "--year", "2024", "--format", "json", "--include-sample"))
    assert {o["key"]: o["value"] for o in preview["outputs"]}["certified-products"] == 2
    assert "所沢ブランド特産品 認定数" in run("outputs", "--year", "2024")
    assert "件の活動指標の実績を記録しました" in run("record-outputs", "--year", "2024")
    out = tmp_path / "map.pdf"
    assert "A3" in run("guide-map", "--out", str(out), "--size", "A3")
    assert out.read_bytes().startswith(b"%PDF")
