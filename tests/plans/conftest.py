"""A second plan (tests/fixtures/plans/hanno.yaml) beside the built-in one, both published
through 令和5年度 with figures worked out by hand:

所沢市 総生産額: baseline 令和元年度 9,095, target 令和5年度 9,186; actual 令和5年度 9,300
  → progress 205 / 91 = 2.25 → A; attainment 9,300 / 9,186 = 101.2 %.
飯能市 総生産額: baseline 令和3年度 2,000, target 令和5年度 2,100; actual 令和5年度 2,050
  → progress 50 / 100 = 0.5 → C; attainment 2,050 / 2,100 = 97.6 %.
飯能市 観光入込客数: baseline 令和3年度 100, target 令和5年度 110; actual 令和5年度 120
  → progress 20 / 10 = 2 → A; attainment 120 / 110 = 109.1 %.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from shinchoku.accounts.permissions import SYSTEM

HANNO_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "plans" / "hanno.yaml"
HANNO = "hanno-test-plan"


def hanno_without_english_units():
    """The 飯能市 test plan loaded without its ``unit_en`` lines (units only in Japanese)."""
    from shinchoku.accounts.permissions import SYSTEM
    from shinchoku.ingest.plan_file import read_plan_text
    from shinchoku.plan.services import load_plan

    lines = HANNO_FILE.read_text(encoding="utf-8").splitlines()
    text = "\n".join(line for line in lines if "unit_en:" not in line) + "\n"
    return load_plan(read_plan_text(text, "hanno.yaml"), text, SYSTEM)


def add(row, indicator: str, year: str, value: str) -> None:
    from shinchoku.observations import services as observations

    observations.add(
        row,
        {
            "indicator": indicator,
            "year": year,
            "value": value,
            "source": "テスト用の公表値",
            "published_on": "2025-03-01",
        },
        SYSTEM,
    )


def publish_through(row, year: int) -> None:
    """Publish ``row``'s years up to ``year`` through the gate, as the secretariat would."""
    from shinchoku.cycle import publication

    on = datetime.date(2026, 12, 1)
    start = row.period_start if row.published_year is None else row.published_year + 1
    for y in range(start, year + 1):
        publication.publish(row, y, publication.checklist(row, y, on).phrase, on=on, actor=SYSTEM)


@pytest.fixture
def hanno(plan):
    """The second plan, loaded after the built-in one, with no values yet."""
    from shinchoku.accounts.permissions import SYSTEM
    from shinchoku.ingest.plan_file import read_plan_file
    from shinchoku.plan.services import load_plan

    return load_plan(read_plan_file(HANNO_FILE), HANNO_FILE.read_text(encoding="utf-8"), SYSTEM)


@pytest.fixture
def two_plans(plan, hanno, publish):
    """Both plans with their 令和5年度 figures, published through 令和5年度."""
    add(plan, "総生産額", "令和5年度", "9,300")
    add(hanno, "総生産額", "令和5年度", "2,050")
    add(hanno, "観光入込客数", "令和5年度", "120")
    publish(2023)
    publish_through(hanno, 2023)
    plan.refresh_from_db()
    hanno.refresh_from_db()
    return plan, hanno
