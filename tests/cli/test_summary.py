"""``evaluate`` and ``import`` print counts by default, every row on request, compact JSON
and NDJSON for large output (issue 16 item 9)."""

from __future__ import annotations

import json
from collections import Counter

VALUES = (
    "indicator,year,value,source\n"
    "観光入込客数,令和5年,540,令和5年埼玉県観光入込客統計調査\n"  # 536 expected: A
    "総生産額,令和5年度,9000,令和5年度埼玉県市町村民経済計算\n"  # 9,186 expected: D
    "総生産額,令和4年度,9050,令和4年度埼玉県市町村民経済計算\n"
)


def _values(tmp_path) -> str:
    path = tmp_path / "values.csv"
    path.write_text(VALUES, encoding="utf-8")
    return str(path)


def test_evaluate_prints_the_counts_by_default(cli, tmp_path):
    cli("import", _values(tmp_path))
    out = cli("evaluate", "--year", "2023").stdout.splitlines()
    assert out == [
        "令和5年度の評価",
        "評価指標 4件（目標のある指標 4件）、実績値あり 2件",
        "  評価: A 1・B 0・C 0・D 1・評価なし 2",
        "  このペースで最終目標に: 届く見込み 1・届かない見込み 1・見通しなし 2",
        "指標ごとの表は --full（または --format table）で表示します",
    ]
    full = cli("evaluate", "--year", "2023", "--full").stdout
    assert full.startswith("\n".join(out[:4]))  # the same counts, then the table
    assert "観光入込客数（万人）" in full and "A 達成" in full


def test_the_counts_agree_with_every_indicator_s_evaluation(cli, tmp_path):
    """The summary counts the arrays; the JSON is built per indicator: they must agree."""
    cli("import", _values(tmp_path))
    for year in ("2023", "2024", "2021"):
        rows = json.loads(cli("evaluate", "--year", year, "--format", "json").stdout)
        rows = rows["indicators"]
        counted = Counter(r["rating"] for r in rows if r["rated"] and r["comparable"])
        outlook = Counter(
            "none" if r["projection"] is None else r["projection"]["on_course"] for r in rows
        )
        summary = cli("evaluate", "--year", year).stdout
        ratings = "・".join(f"{k} {counted[k]}" for k in "ABCD")
        assert f"評価: {ratings}・評価なし {sum(not r['rated'] for r in rows)}" in summary
        assert (
            f"届く見込み {outlook[True]}・届かない見込み {outlook[False]}・"
            f"見通しなし {outlook['none']}" in summary
        )


def test_json_is_compact_and_ndjson_is_one_indicator_a_line(cli):
    whole = cli("evaluate", "--year", "2023", "--format", "json").stdout
    assert whole.count("\n") == 1 and '": ' not in whole and '", "' not in whole
    lines = cli("evaluate", "--year", "2023", "--format", "ndjson").stdout.splitlines()
    assert [json.loads(x) for x in lines] == [
        {"year": 2023, "as_of": None, **r} for r in json.loads(whole)["indicators"]
    ]


def test_import_says_what_it_stored_and_shows_rows_on_request(cli, tmp_path):
    path = _values(tmp_path)
    dry = cli("import", path, "--dry-run").stdout.splitlines()
    assert dry == [
        "values.csv: 取り込むと 3件を追加します（新規 3・改訂 0・変更なし 0）。"
        "--dry-run のため何も変更していません。",
        "  3行: 指標 2件、年 2022–2023（1行ずつの表は --full または --format table）",
    ]
    rows = cli("import", path, "--dry-run", "--format", "ndjson").stdout.splitlines()
    found = [json.loads(x) for x in rows]
    assert [(r["file"], r["indicator"], r["year"], r["status"]) for r in found] == [
        ("values.csv", "tourist-visits", 2023, "new"),
        ("values.csv", "gross-product", 2023, "new"),
        ("values.csv", "gross-product", 2022, "new"),
    ]
    stored = cli("import", path, "--full").stdout
    assert stored.startswith("values.csv: 3件を追加しました（新規 3・改訂 0・変更なし 0）。\n")
    assert "観光入込客数  令和5年" in stored and "9,050億円" in stored  # the table


def test_long_lists_are_cut_in_the_summary(capsys):
    from shinchoku.cli.preview import SUMMARY_LINES, _listed

    lines = [f"変化 {n}" for n in range(SUMMARY_LINES + 5)]
    _listed("確認済みの大きな変化: ", lines, full=False)
    out = capsys.readouterr().out.splitlines()
    assert len(out) == SUMMARY_LINES + 1
    assert out[-1] == "確認済みの大きな変化: … ほか 5件（--full で全件）"
    _listed("確認済みの大きな変化: ", lines, full=True)
    assert len(capsys.readouterr().out.splitlines()) == SUMMARY_LINES + 5
