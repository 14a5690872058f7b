"""The plan file: the built-in plan exactly as published, and located errors for bad files."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shinchoku.ingest.errors import InputError
from shinchoku.ingest.plan_file import read_plan_file, read_plan_text
from shinchoku.plan.builtin import plan_text as builtin_plan_text

D = Decimal


@pytest.fixture(scope="module")
def plan():
    return read_plan_text(builtin_plan_text())


def test_structure_counts(plan):
    assert [p.code for p in plan.policies] == ["1", "2", "3", "4"]
    # The seed lists 4 + 3 + 5 + 2 = 14 measures (1-1 … 4-2).
    assert [m.code for p in plan.policies for m in p.measures] == [
        "1-1",
        "1-2",
        "1-3",
        "1-4",
        "2-1",
        "2-2",
        "2-3",
        "3-1",
        "3-2",
        "3-3",
        "3-4",
        "3-5",
        "4-1",
        "4-2",
    ]
    assert [p.number for p in plan.projects] == list(range(1, 16))
    assert len(plan.indicators) == 4


def test_periods_and_philosophy(plan):
    assert (plan.period.start, plan.period.end) == (2023, 2027)
    assert (plan.vision_period.start, plan.vision_period.end) == (2018, 2027)
    assert (plan.previous_period.start, plan.previous_period.end) == (2018, 2022)
    assert plan.philosophy.startswith("活力ある産業と豊かなくらしの融合で")
    assert plan.structure["council"]["name"] == "所沢市産業振興ビジョン推進会議"


@pytest.mark.parametrize(
    ("code", "name", "unit", "policy", "kind", "baseline", "targets", "step"),
    [
        (
            "gross-product",
            "総生産額",
            "億円",
            "1",
            "fiscal",
            (2019, "9095"),
            ["9186", "9278", "9371", "9464", "9559"],
            ("1", "percent"),
        ),
        (
            "manufacturing-shipments",
            "製造品出荷額等",
            "億円",
            "2",
            "calendar",
            (2021, "1741"),
            ["1791", "1841", "1891", "1941", "1991"],
            ("50", "absolute"),
        ),
        (
            "tourist-visits",
            "観光入込客数",
            "万人",
            "3",
            "calendar",
            (2021, "476"),
            ["536", "566", "596", "626", "656"],
            ("30", "absolute"),
        ),
        (
            "employees",
            "市内事業所従業者数",
            "人",
            "4",
            "calendar",
            (2021, "114500"),
            ["114700", "114900", "115100", "115300", "115500"],
            ("200", "absolute"),
        ),
    ],
)
def test_indicators_as_published(plan, code, name, unit, policy, kind, baseline, targets, step):
    ind = plan.indicator(code)
    assert (ind.name, ind.unit, ind.policy, ind.period_kind, ind.direction) == (
        name,
        unit,
        policy,
        kind,
        "increase",
    )
    assert (ind.baseline.year, ind.baseline.value) == (baseline[0], D(baseline[1]))
    assert [(t.year, t.value) for t in ind.targets] == list(
        zip(range(2023, 2028), map(D, targets), strict=True)
    )
    assert (ind.rule.step, ind.rule.unit) == (D(step[0]), step[1])


def test_projects_measures_and_partners(plan):
    by_number = {p.number: p for p in plan.projects}
    assert by_number[1].title == "企業誘致活動推進事業" and by_number[1].measures == ("1-2",)
    assert by_number[8].measures == ("3-1",)
    assert by_number[14].measures == ("4-1",) and by_number[13].measures == ("4-1",)
    assert by_number[2].partners == ("tokorozawa-cci", "saitama-ipc")
    assert by_number[15].partners == ("hellowork-tokorozawa",)
    assert {by_number[n].lead for n in (7, 11, 14)} == {"nogyo-shinko"}


def test_manufacturing_reading_is_recorded_in_the_file():
    text = builtin_plan_text()
    assert "six values" in text and "five headings" in text


GOOD_INDICATOR = """
  - code: x
    name: X
    unit: 件
    policy: "1"
    source: s
    period_kind: fiscal
    direction: increase
    baseline: {year: 2021, value: 1}
    targets:
      - {year: 2023, value: 2}
"""


def minimal(indicators: str = GOOD_INDICATOR, extra: str = "") -> str:
    return f"""format: shinchoku-plan/1
slug: test
municipality: {{name: 試験市}}
title: 試験計画
period: {{start: 令和5年度, end: 令和9年度}}
vision: {{title: ビジョン, period: {{start: 2018, end: 2027}}}}
philosophy: 理念
policies:
  - code: "1"
    title: 方針
    measures: [{{code: 1-1, title: 柱}}]
{extra}indicators:{indicators}"""


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as err:
        read_plan_text(text, "plan.yaml")
    return [str(p) for p in err.value.problems]


def test_minimal_file_is_valid():
    assert read_plan_text(minimal()).indicators[0].targets[0].year == 2023


def test_every_error_with_its_location():
    bad = GOOD_INDICATOR.replace("value: 2}", "value: lots}") + GOOD_INDICATOR.replace(
        "code: x", "code: y"
    ).replace("    unit: 件\n", "").replace("name: X", "name: Y")
    found = problems(minimal(bad))
    assert "plan.yaml:22:29 indicators[0].targets[0].value: 数値を書いてください" in found
    assert any(
        p.startswith("plan.yaml:24:5 indicators[1].unit: 必須の項目がありません") for p in found
    )
    assert len(found) == 2


def test_cross_references_are_checked():
    extra = """projects:
  - {number: 1, title: 事業, measures: [9-9], summary: 要約, lead: nobody}
  - {number: 1, title: 事業, measures: [1-1], summary: 要約}
"""
    ind = GOOD_INDICATOR.replace('policy: "1"', 'policy: "7"').replace("year: 2023", "year: 2020")
    found = problems(minimal(ind, extra))
    assert any("projects[0].measures[0]: 施策の柱「9-9」は計画にありません" in p for p in found)
    assert any("projects[0].lead: 組織「nobody」が organisations にありません" in p for p in found)
    assert any("projects[1].number: 「1」が2回以上あります" in p for p in found)
    assert any("indicators[0].policy: 基本方針「7」は計画にありません" in p for p in found)
    assert any("targets[0].year: 目標は基準年より後の年に置いてください" in p for p in found)


def test_year_kind_must_match_the_indicator():
    found = problems(minimal(GOOD_INDICATOR.replace("year: 2023", "year: 令和5年")))
    assert any("indicators[0].targets[0].year: この指標は年度で数えます" in p for p in found)


def test_bad_years_are_named():
    found = problems(minimal(GOOD_INDICATOR.replace("year: 2023", "year: 平成40年度")))
    assert any("「平成40年度」" in p for p in found)


def test_duplicate_keys_are_refused_not_overwritten():
    found = problems(minimal().replace("title: 試験計画", "title: 試験計画\ntitle: 別の名前"))
    assert found == ["plan.yaml:5:1: YAMLとして読めません: キー「title」が2回あります"]


def test_yaml_syntax_error_has_a_position():
    (found,) = problems("format: [unclosed\n")
    assert found.startswith("plan.yaml:2:1: YAMLとして読めません")


def test_unknown_fields_are_refused():
    found = problems(minimal().replace("philosophy: 理念", "philosophy: 理念\nphilosopy: 誤字"))
    assert any("philosopy: 知らない項目です" in p for p in found)


def test_missing_file(tmp_path):
    with pytest.raises(InputError, match="ファイルを読めません"):
        read_plan_file(tmp_path / "absent.yaml")


def test_evaluation_thresholds():
    plan = read_plan_text(minimal(extra="evaluation: {rating_b: 0.7}\n"))
    assert (plan.thresholds.rating_a, plan.thresholds.rating_b) == (1.0, 0.7)
    found = problems(minimal(extra="evaluation: {rating_b: high, ratingc: 0}\n"))
    assert sorted(p.split(" ", 1)[1] for p in found) == [
        "evaluation.rating_b: 数値を書いてください",
        "evaluation.ratingc: 知らない項目です（綴りを docs/plan-file.md で確かめてください）",
    ]


def test_series_breaks_as_declared(plan):
    ms = plan.indicator("manufacturing-shipments").series_breaks
    assert [(b.year, b.comparable) for b in ms] == [(2022, False)]
    assert ms[0].label == "経済構造実態調査 全事業所（個人経営を除く）"
    assert ms[0].previous == "経済センサス‐活動調査（従業者4人以上）"
    employees = plan.indicator("employees").series_breaks
    assert [(b.year, b.comparable) for b in employees] == [(2009, False), (2024, False)]
    assert "従業者のいない個人経営" in employees[1].label
    assert plan.indicator("gross-product").series_breaks == ()


def test_series_break_errors_are_located():
    schema = (
        GOOD_INDICATOR
        + """    series_breaks:
      - {year: 2022, label: 新調査, comparable: false}
      - {year: 2025, comparable: nope}
"""
    )
    found = problems(minimal(schema))
    assert found == [
        "plan.yaml:25:9 indicators[0].series_breaks[1].label: 必須の項目がありません",
        "plan.yaml:25:34 indicators[0].series_breaks[1].comparable: true か false を書いてください",
    ]
    cross = (
        GOOD_INDICATOR
        + """    series_breaks:
      - {year: 2022, label: 新調査}
      - {year: 2022, label: 再び}
      - {year: 令和6年, label: 暦年}
"""
    )
    found = problems(minimal(cross))
    assert sorted(found) == [
        "plan.yaml:25:16 indicators[0].series_breaks[1].year: 2022の統計の断層が2つあります",
        "plan.yaml:26:16 indicators[0].series_breaks[2].year: この指標は年度で数えます: "
        "年度で書いてください",
    ]


def test_folded_japanese_has_no_stray_spaces(plan):
    """A folded block joins Japanese lines without the space YAML puts at each line end;
    Latin words on both sides of a fold keep theirs; an empty line stays a line break."""
    assert "奨励金を交付し" in plan.projects[0].summary
    assert not any(" " in p.summary for p in plan.projects if p.summary.isascii() is False)
    assert plan.philosophy == "活力ある産業と豊かなくらしの融合で まちの魅力を飛躍させる ところざわ"


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        (["奨励金を", "  交付し、"], "奨励金を交付し、"),
        (["COOL JAPAN", "FOREST 構想"], "COOL JAPAN FOREST 構想"),
        (["ICT", "関連産業"], "ICT関連産業"),
        (["第一段落。", "", "第二段落。", ""], "第一段落。\n第二段落。"),
    ],
)
def test_refold(lines, text):
    from shinchoku.ingest.plan_file import refold

    assert refold(lines) == text


def test_yaml_aliases_are_refused_so_an_alias_bomb_cannot_expand():
    """Nine levels of nine aliases are 387 million strings once stored as JSON."""
    bomb = ["  a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    bomb += [f"  a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    text = minimal() + "structure:\n" + "\n".join(bomb) + "\n"
    line = text.splitlines().index(bomb[1]) + 1  # the first alias: a1's *a0
    (found,) = problems(text)
    assert found == f"plan.yaml:{line}:12: YAMLとして読めません: " + (
        "エイリアス（*名前）は使えません。値をそのまま書いてください"
    )
