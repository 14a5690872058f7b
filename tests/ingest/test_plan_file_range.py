"""The plan file's admissible ranges (min / max) and jump share, checked by ``plan validate``."""

from __future__ import annotations

from decimal import Decimal

import pytest

from shinchoku.ingest.errors import InputError
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.plan.builtin import plan_text

GROSS = (
    '    unit: 億円\n    unit_en: "100 million yen"\n'
    '    min: 0  # a count or an amount: never negative\n    policy: "1"'
)


def with_gross(range_lines: str) -> str:
    text = plan_text()
    assert GROSS in text
    unit = '    unit: 億円\n    unit_en: "100 million yen"\n'
    return text.replace(GROSS, f'{unit}{range_lines}    policy: "1"')


def problems(text: str) -> list[str]:
    with pytest.raises(InputError) as err:
        read_plan_text(text, "plan.yaml")
    return [str(p) for p in err.value.problems]


def test_the_builtin_plan_declares_every_indicator_non_negative():
    plan = read_plan_text(plan_text())
    assert [(i.unit, i.minimum, i.maximum) for i in plan.indicators] == [
        ("億円", 0, None),
        ("億円", 0, None),
        ("万人", 0, None),
        ("人", 0, None),
    ]
    assert plan.thresholds.jump_share == 0.5


def test_min_and_max_are_read_and_optional():
    plan = read_plan_text(with_gross("    min: 1000\n    max: 20000.5\n"))
    gp = plan.indicator("gross-product")
    assert (gp.minimum, gp.maximum) == (Decimal(1000), Decimal("20000.5"))
    assert read_plan_text(with_gross("")).indicator("gross-product").minimum is None


def test_min_above_max_is_refused():
    (found,) = problems(with_gross("    min: 10\n    max: 5\n"))
    assert "indicators[0].max: max 5 が min 10 より小さいです" in found


def test_baseline_and_targets_must_lie_in_the_range():
    found = problems(with_gross("    max: 9200\n"))
    # baseline 9095 fits; targets R6–R9 (9278 … 9559) do not.
    assert [p.split(" ", 1)[1].split(":")[0] for p in found] == [
        f"indicators[0].targets[{n}].value" for n in (1, 2, 3, 4)
    ]
    assert "9278 は指標の min/max の範囲外です" in found[0]


def test_a_jump_share_must_be_positive():
    text = plan_text() + "evaluation: {jump_share: 0}\n"
    (found,) = problems(text)
    assert "evaluation.jump_share: 0 より大きい割合を書いてください" in found
    custom = read_plan_text(plan_text() + "evaluation: {jump_share: 0.3}\n")
    assert custom.thresholds.jump_share == 0.3


def test_plan_validate_reports_the_place(cli, tmp_path):
    bad = tmp_path / "plan.yaml"
    bad.write_text(with_gross("    min: 10\n    max: 5\n"), encoding="utf-8")
    result = cli("plan", "validate", str(bad), ok=False)
    assert (
        "plan.yaml:" in result.stderr
        and "indicators[0].max: max 5 が min 10 より小さいです" in (result.stderr)
    )
