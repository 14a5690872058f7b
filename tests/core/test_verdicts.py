"""The two verdicts on the built-in plan, with figures worked out by hand.

総生産額: baseline R1 9,095, targets R5 9,186 … R9 9,559 (fiscal years).
製造品出荷額等: baseline 2021 1,741, targets 2023 1,791 …; non-comparable break 2022.
市内事業所従業者数: baseline 2021 114,500, targets 2023 114,700 …; non-comparable break 2024.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from shinchoku.core.context import build_report_context
from shinchoku.core.evaluation import evaluate
from shinchoku.core.model import Observation
from shinchoku.core.serialize import evaluation_dict
from shinchoku.core.verdicts import line_text, target_line, verdict
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.plan import builtin

PLAN = read_plan_text(builtin.plan_text(), builtin.PLAN_FILE)
GP, MS, TV, EM = PLAN.indicators


def obs(code: str, year: int, value: str) -> Observation:
    return Observation(code, year, Decimal(value), "test", datetime.date(2025, 3, 1))


def by_code(year: int, observations: list[Observation]) -> dict:
    data = evaluation_dict(year, None, evaluate(PLAN.indicators, observations, year))
    return {i["code"]: i for i in data["indicators"]}


def test_comparable_in_json_across_the_2022_break():
    before = by_code(2021, [obs("manufacturing-shipments", 2021, "1741")])
    assert before["manufacturing-shipments"]["comparable"] is True
    after = by_code(2023, [obs("manufacturing-shipments", 2023, "1765")])["manufacturing-shipments"]
    # 2021 < 2022 <= 2023: the rating spans the break. (1765 − 1741) / (1791 − 1741) = 0.48: C.
    assert (after["comparable"], after["rating"], after["rated"]) == (False, "C", True)
    assert after["progress"] == pytest.approx(0.48)
    assert after["display"]["rating"] == "参考 C 遅れ"
    assert after["display"]["reference_note"].startswith(
        "令和4年から統計が変わり（経済構造実態調査"
    )


def test_comparable_in_json_across_the_2024_break():
    ob = [obs("employees", 2023, "114800")]
    assert by_code(2024, ob)["employees"]["comparable"] is True  # the actual is before 2024
    # (114800 − 114500) / (114700 − 114500) = 1.5: A, comparable.
    assert by_code(2024, ob)["employees"]["rating"] == "A"
    em = by_code(2024, [*ob, obs("employees", 2024, "110000")])["employees"]
    # (110000 − 114500) / (114900 − 114500) = −11.25: D, but across the 2024 break.
    assert (em["comparable"], em["rating"]) == (False, "D")
    assert em["display"]["rating"] == "参考 D 後退"
    # 平成21年 (2009) lies before the baseline: a break there changes nothing.
    assert by_code(2023, [obs("employees", 2023, "114800")])["employees"]["comparable"] is True


def test_pre_plan_actual_is_not_rated():
    gp = by_code(2022, [obs("gross-product", 2021, "9163")])["gross-product"]
    assert (gp["rating"], gp["rated"], gp["reason"]) == (None, False, "before_first_target")
    assert (gp["progress"], gp["attainment"]) == (None, None)
    # path(2021) = 9095 + (9186 − 9095) × 2 / 4 = 9140.5, shown half-up as 9,141.
    assert gp["target_line"] == {
        "year": 2021,
        "value": 9140.5,
        "derived": "interpolated",
        "between": [2019, 2023],
    }
    assert gp["display"]["target_line"] == "9,141"
    assert gp["display"]["rating"] == "評価なし"
    assert gp["display"]["rating_text"] == (
        "令和3年度の値 9,163億円は、最初の目標年度（令和5年度）より前の年のため評価しません"
        "（参考: 同じ年の目標線 9,141億円、"
        "令和元年度の基準値と令和5年度の目標値の間を直線で補った値）"
    )
    r4 = by_code(2022, [obs("gross-product", 2022, "9200")])["gross-product"]
    assert r4["reason"] == "before_first_target" and r4["rating"] is None
    r5 = by_code(2023, [obs("gross-product", 2023, "9300")])["gross-product"]
    assert (r5["rating"], r5["reason"], r5["rated"]) == ("A", None, True)


def test_rating_and_outlook_sentences():
    (ev, *_) = evaluate(PLAN.indicators, [obs("gross-product", 2023, "9300")], 2023)
    v = verdict(ev, "ja")
    # 9300 / 9186 = 1.01241 → 101.2%; (9300 − 9095) / 91 = 2.25 → A.
    assert v.label == "A 達成" and v.counted
    assert v.rating_text == "令和5年度の目標線 9,186億円に対して 9,300億円（達成率 101.2%）"
    # Least squares through (0, 9095) and (4, 9300): slope 51.25; at x = 8: 9505 < 9559.
    assert v.on_course is False
    assert v.outlook_text == (
        "このペースでは最終目標 9,559億円（令和9年度）に届かない見込み（予測 9,505億円）"
    )
    en = verdict(ev, "en")
    assert (
        en.rating_text
        == "9,300 × 100 million yen against the FY2023 target line of 9,186 × 100 million yen"
        " (101.2% attained)"
    )
    assert en.outlook_text.startswith(
        "At this pace the final target of 9,559 × 100 million yen (FY2027) will not"
    )


@pytest.mark.parametrize(
    ("year", "kind", "text"),
    [
        (2019, "baseline", "令和元年度の基準値"),
        (2021, "interpolated", "令和元年度の基準値と令和5年度の目標値の間を直線で補った値"),
        (2023, "target", "令和5年度の目標値"),
        (2030, "none", ""),
    ],
)
def test_target_line_derivation(year, kind, text):
    line = target_line(GP, year)
    assert line.kind == kind
    assert line_text(GP, line, "ja") == text


def test_between_two_targets():
    from dataclasses import replace

    gaps = replace(GP, targets=tuple(t for t in GP.targets if t.year != 2024))
    assert line_text(gaps, target_line(gaps, 2024), "ja", "short") == (
        "R5の目標値とR7の目標値の間を直線で補った値"
    )
    # A rated figure on such a line says how the line was drawn: (9186 + 9371) / 2 = 9278.5.
    (ev, *_) = evaluate([gaps], [obs("gross-product", 2024, "9300")], 2024)
    assert verdict(ev, "ja").rating_text == (
        "令和6年度の目標線 9,279億円（令和5年度の目標値と令和7年度の目標値の間を直線で補った値）"
        "に対して 9,300億円（達成率 100.2%）"
    )


def test_reference_ratings_stay_out_of_the_tally():
    observations = [
        obs("gross-product", 2023, "9300"),  # A
        obs("manufacturing-shipments", 2023, "1765"),  # C, across the 2022 break: 参考
        obs("tourist-visits", 2022, "498"),  # before the first target (2023): not rated
    ]
    ctx = build_report_context(PLAN, observations, 2023, None, False, {}, datetime.date(2025, 1, 1))
    assert [(r.code, r.count) for r in ctx.rating_legend] == [
        ("A", 1),
        ("B", 0),
        ("C", 0),
        ("D", 0),
        ("参考", 1),
        ("—", 2),
    ]
    assert [name for name, _ in ctx.caveats] == ["製造品出荷額等"]


def test_the_english_reference_note_names_the_statistic_in_english():
    (ms,) = [
        r
        for r in evaluate(PLAN.indicators, [obs("manufacturing-shipments", 2023, "1765")], 2023)
        if r.indicator.code == "manufacturing-shipments"
    ]
    assert verdict(ms, "en").note.startswith(
        "From 2022 the statistic changed (Economic Conditions Survey, all establishments "
        "(excluding sole proprietorships)) and does not connect with the baseline"
    )  # was the Japanese label (経済構造実態調査 …) inside the English sentence
    assert verdict(ms, "ja").note.startswith("令和4年から統計が変わり（経済構造実態調査 全事業所")
