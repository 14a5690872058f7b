"""Indicators from a series table (``series: indicators.csv``): the same schema and checks
as the YAML, problems named by row and column, the table kept with a stored version."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shinchoku.ingest.errors import InputError
from shinchoku.ingest.plan_file import check_plan_file, plan_file_text, read_plan_text
from shinchoku.ingest.plan_series import MARKER
from shinchoku.plan.builtin import plan_text

HEADER = (
    "policy,code,name,unit,source,period_kind,direction,baseline_year,baseline_value,"
    "kind,target_year,target_value,targets,min,name_en\n"
)
ROWS = (
    "1,shops-vacant,空き店舗数,件,商店街実態調査,fiscal,decrease,R4,12,,R9,0,R6=8;R7=5,0,"
    "Vacant shops\n"
    "2,startups,創業件数,件,創業支援実績,fiscal,increase,2022,40,,2027,60,,0,\n"
    "3,visitors-web,観光サイト閲覧数,万件,アクセス解析,calendar,increase,2022,120,monitoring,,,,0,\n"
)


def write(tmp_path, rows: str = ROWS, header: str = HEADER, name: str = "extra.csv"):
    (tmp_path / name).write_text(header + rows, encoding="utf-8")
    path = tmp_path / "plan.yaml"
    path.write_text(plan_text() + f"\nseries: {name}\n", encoding="utf-8")
    return path


def problems(path) -> list[str]:
    with pytest.raises(InputError) as caught:
        check_plan_file(path)
    return [str(p) for p in caught.value.problems]


def test_the_table_s_rows_are_indicators_of_the_plan(tmp_path):
    plan, _ = check_plan_file(write(tmp_path))
    assert len(plan.indicators) == 4 + 3  # the YAML's four, then the table's rows in order
    shops = plan.indicator("shops-vacant")
    assert plan.indicator("空き店舗数") is shops  # found by name as well
    assert (shops.policy, shops.direction, shops.minimum) == ("1", "decrease", Decimal(0))
    assert (shops.baseline.year, shops.baseline.value) == (2022, Decimal(12))
    assert [(t.year, t.value) for t in shops.targets] == [
        (2024, Decimal(8)),
        (2025, Decimal(5)),
        (2027, Decimal(0)),  # a final target of 0
    ]
    assert shops.translations["en"]["name"] == "Vacant shops"
    web = plan.indicator("visitors-web")
    assert web.monitoring and web.targets == () and web.period_kind == "calendar"


def test_a_bad_row_is_named_by_row_column_and_field(tmp_path):
    rows = (
        "1,shops-vacant,空き店舗数,件,調査,fiscal,decrease,R4,十二,,R9,0,,0,\n"
        "9,startups,創業件数,件,実績,fiscal,upward,2022,40,,2027,60,,0,\n"
        "1,gross-product,重複,件,実績,fiscal,increase,2022,40,,2027,60,R6:50,0,\n"
        "1,late,遅い目標,件,実績,fiscal,increase,2022,40,,2021,60,,0,\n"
    )
    found = problems(write(tmp_path, rows))
    assert found == [
        "extra.csv 4行目 M列 [targets]: 「年=値」を ; で区切って書いてください"
        "（例: 2024=566;2025=596）",
    ]
    rows = rows.replace("R6:50", "R6=50")
    assert problems(write(tmp_path, rows)) == [  # the schema first, as for the YAML
        "extra.csv 2行目 I列 [baseline_value]: 数値を書いてください",
        "extra.csv 3行目 G列 [direction]: 「increase」、「decrease」 のどれかを書いてください",
    ]
    rows = rows.replace("十二", "12").replace("upward", "increase")
    assert problems(write(tmp_path, rows)) == [  # then the cross-checks
        "extra.csv 4行目 B列 [code]: 「gross-product」が2回以上あります",
        "extra.csv 3行目 A列 [policy]: 基本方針「9」は計画にありません",
        "extra.csv 5行目 K列 [target_year]: 目標は基準年より後の年に置いてください",
    ]


def test_the_table_s_columns_are_checked_before_any_row(tmp_path):
    header = HEADER.replace("direction,", "").replace("name_en", "nmae_en")
    found = problems(write(tmp_path, "", header))
    assert found[0].startswith("extra.csv 1行目 N列: 「nmae_en」という列は使えません")
    assert found[-1] == "extra.csv 1行目: 必要な列がありません: direction"
    path = write(tmp_path)
    (tmp_path / "extra.csv").unlink()
    assert problems(path) == ["extra.csv: 系列表を読めません: No such file or directory"]


def test_the_table_s_problems_in_english(tmp_path):
    from shinchoku.catalogue import english
    from shinchoku.core import messages

    messages.install("en", english())
    header = HEADER.replace("direction,", "").replace("name_en", "nmae_en")
    with messages.language("en"):
        found = problems(write(tmp_path, "", header))
    assert found[0].startswith("extra.csv row 1, column N: There is no column “nmae_en”: use")
    assert found[-1] == "extra.csv row 1: Required columns are missing: direction"


def test_a_stored_version_keeps_its_table(tmp_path):
    text = plan_file_text(write(tmp_path))
    assert f"\n{MARKER}extra.csv\n{HEADER}" in text
    (tmp_path / "extra.csv").unlink()  # read back years later, without the file
    assert read_plan_text(text, "version-2.yaml").indicator("startups").baseline.value == 40


def test_revise_from_a_plan_file_with_a_series(plan, users, tmp_path, cli):
    from shinchoku.plan.revisions import plan_for_year, version_plan

    path = write(tmp_path)
    out = cli("plan", "revise", str(path), "--from-year", "2025", "--reason", "指標の追加").stdout
    assert out.startswith("第2版を記録しました（令和7年度から）:")
    v2 = plan.versions.get(number=2)
    assert MARKER in v2.source_text
    assert version_plan(v2).indicator("visitors-web").monitoring
    assert plan_for_year(plan, 2025).indicator("startups") is not None
    assert plan_for_year(plan, 2024).indicator("startups") is None
    assert plan.indicators.filter(code="shops-vacant").exists()
