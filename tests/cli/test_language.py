"""The command line in Japanese (default) and English (``--lang en`` or ``LANG=en*``).

Each representative command is run both ways: the English run must show English messages
with Western years (FY2023) and no Japanese character except the user's own input; the
Japanese run keeps the Japanese messages. No run shows a Python repr.
"""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from shinchoku.cli import main
from shinchoku.cli.language import from_environment
from shinchoku.core import messages
from shinchoku.core.i18n import JAPANESE

ENGLISH_ENV = {"LANG": "en_US.UTF-8", "LC_ALL": None, "LC_MESSAGES": None}
REPR = re.compile(r"\[\{'|\{'\w+': |'\w+'\]|<\w+ object at")


def run(*args: str, env: dict | None = None):
    """``shinchoku ARGS`` in-process; the result whatever its exit code."""
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


# Each case: arguments (after the language), exit code, what English says, what Japanese says.
CASES = {
    "evaluate": (["evaluate", "--year", "2023"], 0, "Evaluation of FY2023", "令和5年度の評価"),
    "year outside the plan": (
        [
            "observe",
            "add",
            "--indicator",
            "gross-product",
            "--year",
            "2040",
            "--value",
            "9300",
            "--source",
            "s",
        ],
        2,
        "--year: FY2040 has not begun yet: actual values are for years up to",
        "--year: 令和22年度（2040）はまだ始まっていません",
    ),
    "unknown indicator": (
        ["observe", "list", "--indicator", "no-such"],
        2,
        "There is no indicator “no-such” in the plan: gross-product (Gross product)",
        "「no-such」という指標は計画にありません: gross-product（総生産額）",
    ),
    "publish without confirmation": (
        ["publish", "--year", "2023"],
        2,
        "Confirmation needed: if “Publish the results of FY2023 with 19 item(s) not approved” "
        "is right, run again with --yes (nothing was changed)",
        "確認が必要です: 「未承認の項目が19件あるまま令和5年度の結果を公表する」でよければ",
    ),
    "large change needs --confirm": (
        [
            "observe",
            "add",
            "--indicator",
            "gross-product",
            "--year",
            "2022",
            "--value",
            "93000",
            "--source",
            "s",
        ],
        2,
        "Check the digits and the unit; if the value is right, record it again with the "
        "confirmation (--confirm)",
        "桁や単位を確かめ、この値で正しければ確認（--confirm）を付けてもう一度記録してください",
    ),
    "year that is not one": (
        ["evaluate", "--year", "23"],
        2,
        "--year: “23” cannot be read as a year: a number alone must be a four-digit Western "
        "year (e.g. R5, FY2023, 2023)",
        "--year: 「23」は年として読めません: 数字だけのときは西暦4桁で書きます",
    ),
}


def _check_english(result, says: str, typed: list[str]) -> None:
    text = result.output
    for given in typed:  # the user's own input is quoted back as given
        text = text.replace(given, "")
    assert says in " ".join(result.output.split("\n  ")), result.output
    assert not JAPANESE.search(text), text
    assert not REPR.search(result.output), result.output


@pytest.mark.parametrize("case", sorted(CASES))
def test_english_with_the_option(plan, case):
    args, code, english, _ = CASES[case]
    result = run("--lang", "en", *args)
    assert result.exit_code == code, result.output
    _check_english(result, english, args)
    if code:
        assert result.stderr.startswith(("Error: ", "Usage: ")), result.stderr


@pytest.mark.parametrize("case", sorted(CASES))
def test_english_from_the_locale(plan, case):
    args, code, english, _ = CASES[case]
    result = run(*args, env=ENGLISH_ENV)
    assert result.exit_code == code, result.output
    _check_english(result, english, args)


@pytest.mark.parametrize("case", sorted(CASES))
def test_japanese_by_default(plan, case):
    args, code, _, japanese = CASES[case]
    result = run(*args)
    assert result.exit_code == code, result.output
    assert japanese in result.output, result.output
    assert "Error:" not in result.output
    assert not REPR.search(result.output), result.output


def test_the_option_wins_over_the_locale(plan):
    result = run("--lang", "ja", "evaluate", "--year", "2023", env=ENGLISH_ENV)
    assert "令和5年度の評価" in result.stdout


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "en"}, "en"),
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "C.UTF-8"}, "ja"),
        ({}, "ja"),
        ({"LC_ALL": "ja_JP.UTF-8", "LANG": "en_US.UTF-8"}, "ja"),  # LC_ALL first (POSIX)
        ({"LC_MESSAGES": "en_GB.UTF-8", "LANG": "ja_JP.UTF-8"}, "en"),
        ({"LC_ALL": "", "LANG": "en_US.UTF-8"}, "en"),  # an empty variable is not set
    ],
)
def test_language_from_the_environment(env, lang):
    assert from_environment(env) == lang


def test_a_run_leaves_japanese_behind(plan):
    """Tests (and a long-lived process) run many commands: English ends with its run."""
    from django.utils import translation

    run("--lang", "en", "evaluate", "--year", "2023")
    assert messages.current() == "ja"
    assert translation.get_language() == "ja"


def test_bad_csv_import_names_row_column_and_field(plan, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "indicator,year,value,source,colour\ngross-product,R4,abc,s,red\n", encoding="utf-8"
    )
    english = run("--lang", "en", "observe", "import", str(bad))
    assert english.exit_code == 2
    assert "bad.csv row 1, column E: There is no column “colour”." in english.stderr
    assert not JAPANESE.search(english.stderr), english.stderr
    bad.write_text("indicator,year,value,source\ngross-product,R4,abc,s\n", encoding="utf-8")
    english = run("--lang", "en", "import", str(bad))
    assert english.exit_code == 2
    assert "bad.csv: 1 problem(s) found, so nothing was changed." in english.stderr
    assert (
        "bad.csv row 2, column C [value]: “abc” cannot be read as a number "
        "(e.g. 9,095 or 9095.5, in 100 million yen)" in english.stderr
    ), english.stderr
    japanese = run("import", str(bad))
    assert "bad.csv: 1件の問題があるため、何も変更していません。" in japanese.stderr
    assert "bad.csv 2行目 C列 [value]: 「abc」は数値として読めません" in japanese.stderr


def test_broken_plan_file_in_both_languages(tmp_path):
    from shinchoku.plan.builtin import plan_text

    bad = tmp_path / "plan.yaml"
    broken = (
        plan_text().replace("{code: 1-1,", "{code: one,", 1).replace("value: 9278}", "value: x}")
    )
    bad.write_text(broken, encoding="utf-8")
    english = run("--lang", "en", "plan", "validate", str(bad))
    assert english.exit_code == 2
    assert "policies[0].measures[0].code: Write it as number-number, like 1-2" in english.stderr
    assert "indicators[0].targets[1].value: Write a number" in english.stderr
    assert "should match" not in english.stderr and not JAPANESE.search(english.stderr)
    japanese = run("plan", "validate", str(bad))
    assert "policies[0].measures[0].code: 1-2 のように「数字-数字」で書いてください" in (
        japanese.stderr
    )
    assert "indicators[0].targets[1].value: 数値を書いてください" in japanese.stderr


def test_plan_diff_shows_values_not_reprs(plan, tmp_path):
    from shinchoku.plan.builtin import plan_text

    revised = tmp_path / "plan.yaml"
    revised.write_text(plan_text().replace("value: 9278}", "value: 9280}"), encoding="utf-8")
    assert (
        run("plan", "revise", str(revised), "--from-year", "2025", "--reason", "r").exit_code == 0
    )
    japanese = run("plan", "diff", "1", "2").stdout
    english = run("--lang", "en", "plan", "diff", "1", "2").stdout
    assert "評価指標 総生産額 targets 変更あり: " in japanese
    assert "year 2024, value 9278" in japanese and "year 2024, value 9280" in japanese
    assert "Indicator 総生産額 targets changed: " in english
    assert not REPR.search(japanese + english), japanese + english


def test_report_follows_the_run_language(plan, tmp_path):
    out = tmp_path / "r.html"
    result = run("--lang", "en", "report", "--year", "2023", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert re.fullmatch(rf"{re.escape(str(out))} \(HTML, [0-9,]+ bytes, Draft\)\n", result.stderr)
    assert '<html lang="en"' in out.read_text(encoding="utf-8")
    result = run("report", "--year", "2023", "--out", str(out))
    assert re.fullmatch(rf"{re.escape(str(out))}（HTML、[0-9,]+ バイト、案）\n", result.stderr)
    assert '<html lang="ja"' in out.read_text(encoding="utf-8")


def test_an_error_among_the_top_arguments_speaks_the_language_asked(plan):
    """Click refuses an unknown option before ``--lang`` is processed: it is read first."""
    assert run("--lang", "en", "--nope").stderr.endswith("Error: There is no option --nope\n")
    assert run("--lang=en", "--nope").stderr.endswith("Error: There is no option --nope\n")
    assert run("--nope").stderr.endswith("エラー: --nope というオプションはありません\n")
    # report's own --lang is the report's language, not the run's
    result = run("report", "--lang", "en", "--year", "1990", "--out", "r.html")
    assert "エラー: " in result.stderr


def test_lists_name_the_plan_in_english(plan):
    listed = run("--lang", "en", "plan", "list").stdout
    assert "Tokorozawa City Industrial Promotion Vision, Latter Action Plan" in listed
    assert not JAPANESE.search(listed), listed
    revisions = run("--lang", "en", "observe", "list", "--indicator", "gross-product").stdout
    assert revisions.startswith("Gross product (100 million yen)  by year")
    assert "Value (100 million yen)" in revisions


def test_cycle_and_council_messages_and_reminders_in_english(plan, users):
    """The round's refusals and the reminder e-mail follow ``--lang en``; Japanese stays the
    default (the same ``tr`` texts)."""
    from django.core import mail

    from shinchoku.council import services as council
    from shinchoku.ingest.errors import InputError

    users["department"].email = "dept@example.jp"
    users["department"].save()
    opened = run("cycle", "open", "--year", "2024", "--due", "2099-01-31")
    assert opened.exit_code == 0, opened.output
    again = run("--lang", "en", "cycle", "open", "--year", "2024", "--due", "2099-01-31")
    assert again.exit_code == 2
    assert "--year: The round for FY2024 is already open" in again.stderr, again.stderr
    assert not JAPANESE.search(again.stderr), again.stderr
    assert (
        "令和6年度の回はすでに開いています"
        in run("cycle", "open", "--year", "2024", "--due", "2099-01-31").stderr
    )
    sent = run("--lang", "en", "cycle", "remind", "--year", "2024")
    assert sent.exit_code == 0, sent.output
    assert not JAPANESE.search(sent.stdout), sent.stdout  # what the command says: English
    (mine,) = [m for m in mail.outbox if m.to == ["dept@example.jp"]]
    mail.outbox.clear()
    run("cycle", "remind", "--year", "2024")
    (same,) = [m for m in mail.outbox if m.to == ["dept@example.jp"]]
    # The mail is in its recipient's language, Japanese, whatever the sender reads.
    assert (mine.subject, mine.body) == (same.subject, same.body)
    assert "提出期限: 令和81年1月31日" in mine.body and mine.body.startswith("department 様")
    with messages.language("en"), pytest.raises(InputError) as refused:
        council.add_opinion(plan, 2023, "indicator", "no-such", " ", users["council"], kind="x")
    assert [p.message for p in refused.value.problems] == [
        "“no-such” is not in the plan",
        "Write the text",
        "Choose opinion or proposal",
    ]
