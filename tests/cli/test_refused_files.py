"""A refused file on the command line: the first 20 problems, then how many more and the
command that lists them all (``shinchoku --all-problems``); exit 2 and nothing changed."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from shinchoku.cli import main
from shinchoku.core.i18n import JAPANESE
from shinchoku.ingest.errors import SHOWN_PROBLEMS


def run(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def thousand_bad_rows(tmp_path):
    """1,000 rows whose value is not a number (rows 2–1001 of the file)."""
    path = tmp_path / "bad.csv"
    rows = [f"gross-product,R4,abc{n},s" for n in range(1000)]
    path.write_text("indicator,year,value,source\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("  bad.csv ")]


@pytest.mark.parametrize("command", [["import"], ["observe", "import"]])
def test_a_thousand_bad_rows_print_twenty_and_a_count(plan, thousand_bad_rows, command):
    result = run(*command, str(thousand_bad_rows))
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert lines[0] == "エラー: bad.csv: 1000件の問題があるため、何も変更していません。"
    shown = problem_lines(result.stderr)
    assert SHOWN_PROBLEMS == 20 and len(shown) == 20
    assert shown[0].startswith("  bad.csv 2行目 C列 [value]: 「abc0」は数値として読めません")
    assert shown[-1].startswith("  bad.csv 21行目 C列 [value]: 「abc19」は")
    again = " ".join(["shinchoku --all-problems", *command, "…"])
    assert lines[-1] == f"  ほか980件の問題は省略しました。すべて表示するには: {again}"
    assert len(lines) == 22


def test_all_problems_lists_every_row(plan, thousand_bad_rows):
    result = run("--all-problems", "import", str(thousand_bad_rows))
    assert result.exit_code == 2
    shown = problem_lines(result.stderr)
    assert len(shown) == 1000
    assert shown[-1].startswith("  bad.csv 1001行目 C列 [value]: 「abc999」は")
    assert "省略" not in result.stderr
    from_env = run("import", str(thousand_bad_rows), env={"SHINCHOKU_ALL_PROBLEMS": "1"})
    assert len(problem_lines(from_env.stderr)) == 1000


def test_the_count_in_english(plan, thousand_bad_rows):
    result = run("--lang", "en", "observe", "import", str(thousand_bad_rows))
    assert result.exit_code == 2
    assert len(problem_lines(result.stderr)) == 20
    assert result.stderr.splitlines()[-1] == (
        "  980 more problem(s) not shown. To see them all: "
        "shinchoku --all-problems observe import …"
    )
    assert not JAPANESE.search(result.stderr), result.stderr
