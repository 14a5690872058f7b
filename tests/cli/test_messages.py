"""Each command says what happened in words, even when nothing happened; one ``--format``
vocabulary; ``report`` writes only the format its file name says."""

from __future__ import annotations

import json

import click
import pytest

from shinchoku.cli import main
from shinchoku.cli.common import OutputFormat
from shinchoku.cli.errors import UserError, file_problem, user_error
from shinchoku.ingest.errors import InputError, Problem

from .test_bad_arguments import COMMANDS


def test_plan_diff_of_a_version_with_itself_says_so(cli, cli_json):
    assert cli("plan", "diff", "1", "1").stdout == "第1版と第1版に違いはありません（同じ版です）\n"
    assert cli_json("plan", "diff", "1", "1") == {"from": 1, "to": 1, "changes": []}


@pytest.mark.parametrize("words", sorted(w for w, c in COMMANDS.items()
                                         if any(p.name == "fmt" for p in c.params)))  # fmt: skip
def test_one_format_vocabulary(words):
    """Every ``--format`` of a command that prints data is table|json (report writes files);
    evaluate and import, whose output grows with the data, add summary (their default) and
    ndjson."""
    (fmt,) = [p for p in COMMANDS[words].params if p.name == "fmt"]
    if words == "report":
        assert fmt.type.choices == ("pdf", "xlsx", "docx", "html")
    elif words in ("evaluate", "import"):
        assert isinstance(fmt.type, OutputFormat)
        assert list(fmt.type.choices) == ["summary", "table", "json", "ndjson"]
        assert fmt.default == "summary"
    else:
        assert isinstance(fmt.type, OutputFormat) and list(fmt.type.choices) == ["table", "json"]
        assert fmt.default == "table"


def test_text_is_still_read_as_table(cli):
    assert cli("plan", "versions", "--format", "text").stdout == cli("plan", "versions").stdout
    assert "table" in cli("plan", "show", "--help").stdout
    assert "text" not in cli("plan", "show", "--help").stdout


def test_report_format_from_the_extension(cli, tmp_path):
    out = tmp_path / "r.htm"
    result = cli("report", "--year", "2023", "--out", str(out))
    assert "（HTML、" in result.stderr and out.read_text(encoding="utf-8").startswith("<!")
    refused = cli("report", "--year", "2023", "--format", "xlsx", "--out", str(out), ok=False)
    assert refused.exit_code == 2
    assert "r.htm: --format xlsx の出力ファイルは .xlsx にしてください" in refused.stderr


def test_an_import_that_adds_nothing_says_why(cli, tmp_path):
    csv = tmp_path / "same.csv"
    csv.write_text("indicator,year,value,source\n総生産額,R4,9300,s\n", encoding="utf-8")
    assert "1件を追加しました" in cli("observe", "import", str(csv)).stdout
    again = cli("observe", "import", str(csv)).stdout
    assert again == "same.csv: 何も追加していません（1件すべて登録済みの値と同じです）\n"
    shown = cli("import", str(csv)).stdout
    assert shown.startswith("same.csv: 何も追加していません（1件すべて登録済みの値と同じです）")
    assert "0件を追加しました" not in again + shown


def test_record_outputs_twice_says_nothing_changed(cli):
    cli("registries", "load-sample")
    cli("registries", "record-outputs", "--year", "2024")
    again = cli("registries", "record-outputs", "--year", "2024").stdout
    assert again == "記録する変化はありません（2024年度: 集計した値はすべて記録済みです）\n"


def test_clean_uploads_with_nothing_to_remove(cli):
    assert (
        "期限切れのアップロードはありません（何も削除していません）" in cli("clean-uploads").stdout
    )


def test_user_errors_are_recognised_without_importing_them():
    err = user_error(InputError([Problem("--year", "読めません")], "a.csv"))
    assert isinstance(err, UserError) and err.exit_code == 2
    assert (
        err.format_message()
        == "a.csv: 1件の問題があるため、何も変更していません。\n  --year: 読めません"
    )
    assert user_error(KeyError("bug")) is None
    assert user_error(OSError("no filename")) is None  # not a file the user named
    assert user_error(ZeroDivisionError()) is None


def test_file_problems_in_japanese(tmp_path):
    with pytest.raises(OSError) as missing:
        (tmp_path / "no" / "x.pdf").write_bytes(b"")
    assert file_problem(missing.value) == (
        f"{tmp_path / 'no' / 'x.pdf'}: "
        "ファイルまたはフォルダがありません（フォルダは先に作ってください）"
    )
    with pytest.raises(OSError) as folder:
        tmp_path.read_bytes()
    assert file_problem(folder.value) == f"{tmp_path}: フォルダです（ファイルを指定してください）"


def test_a_bug_keeps_its_traceback(monkeypatch):
    """Only user errors are turned into messages: an internal error propagates."""
    from click.testing import CliRunner

    @click.command("boom")
    def boom() -> None:
        raise KeyError("a bug")

    monkeypatch.setitem(main.commands, "boom", boom)
    result = CliRunner().invoke(main, ["boom"])
    assert isinstance(result.exception, KeyError) and result.exit_code == 1


def test_the_group_speaks_japanese_for_its_own_options():
    from click.testing import CliRunner

    result = CliRunner().invoke(main, ["--no-such"])
    assert result.exit_code == 2
    assert "エラー: --no-such というオプションはありません" in result.stderr


def test_json_error_output_is_still_json(cli, tmp_path):
    """A refusal after JSON was printed leaves stdout parseable (publish --dry-run)."""
    refused = cli("publish", "--year", "2027", "--dry-run", "--format", "json", ok=False)
    assert refused.exit_code == 2
    assert json.loads(refused.stdout)["can_publish"] is False
    assert refused.stderr.startswith("エラー: ")


def test_django_refusals_are_user_errors():
    from django.core.exceptions import ValidationError
    from django.db import DataError, OperationalError

    refused = user_error(ValidationError(["名前が長すぎます", "使えない文字があります"]))
    assert refused.format_message() == (
        "名前が長すぎます、使えない文字があります（何も変更していません）"
    )
    too_long = user_error(DataError("value too long for type character varying(150)"))
    assert too_long.exit_code == 2 and "character varying(150)" in too_long.format_message()
    busy = user_error(OperationalError("database is locked"))
    assert busy.format_message().startswith("データベースが他の処理（取込みなど）で使用中です")
    assert user_error(OperationalError("no such table: plan_plan")) is None  # a bug


def test_a_dry_run_that_would_add_nothing_says_so(cli, tmp_path):
    csv = tmp_path / "same.csv"
    csv.write_text("indicator,year,value,source\n総生産額,R4,9300,s\n", encoding="utf-8")
    cli("import", str(csv))
    dry = cli("import", str(csv), "--dry-run").stdout
    assert dry.startswith(
        "same.csv: 取り込んでも追加される値はありません（1件すべて登録済みの値と同じです）。"
    )
