"""The plan's indicators read as plain values equal the ones read as model objects."""

from __future__ import annotations

from shinchoku.plan.services import indicator_to_core, indicators_to_core


def test_values_and_objects_give_the_same_indicators(plan, users):
    from shinchoku.plan.builtin import plan_text
    from shinchoku.plan.revisions import revise

    # A monitoring indicator and a zero target beside the built-in four (rules, breaks,
    # min/max, translations).
    text = plan_text() + ("\nseries: extra.csv\n")
    import tempfile
    from pathlib import Path

    from shinchoku.ingest.plan_file import plan_file_text

    folder = Path(tempfile.mkdtemp())
    (folder / "extra.csv").write_text(
        "policy,code,name,unit,source,period_kind,direction,baseline_year,baseline_value,"
        "kind,target_year,target_value,targets,max\n"
        "2,vacant,空き店舗数,件,調査,fiscal,decrease,2022,12.5,,2027,0,2024=8;2025=5.0,100\n"
        "3,web,閲覧数,万件,解析,calendar,increase,2022,120,monitoring,,,,\n",
        encoding="utf-8",
    )
    (folder / "plan.yaml").write_text(text, encoding="utf-8")
    revise(plan, plan_file_text(folder / "plan.yaml"), 2018, "追加", actor=users["secretariat"])
    objects = plan.indicators.select_related("policy", "owner").prefetch_related("targets")
    expected = tuple(indicator_to_core(i) for i in objects)
    assert len(expected) == 6 and any(i.rule for i in expected)
    assert any(i.series_breaks for i in expected) and any(i.monitoring for i in expected)
    assert indicators_to_core(plan) == expected
