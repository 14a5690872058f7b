"""Indicators as municipalities write them, through the plan file, the store and the pages:
a monitoring indicator (no target) and a final target of 0."""

from __future__ import annotations

import pytest

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.ingest.errors import InputError
from shinchoku.observations import services
from shinchoku.plan import builtin
from shinchoku.plan.revisions import revise

EXTRA = """
  - code: museum-visitors
    name: 博物館の来館者数
    unit: 人
    policy: "3"
    source: 市の集計
    period_kind: fiscal
    direction: increase
    baseline: {year: 令和元年度, value: 1000}
    kind: monitoring
  - code: vacant-shops
    name: 空き店舗数
    unit: 件
    policy: "3"
    source: 市の調査
    period_kind: fiscal
    direction: decrease
    baseline: {year: 令和元年度, value: 10}
    targets:
      - {year: R5, value: 6}
      - {year: R9, value: 0}
"""


def with_extra(extra: str = EXTRA) -> str:
    text = builtin.plan_text()
    at = text.index("\nstructure:")
    return text[:at].rstrip("\n") + "\n" + extra + text[at:]


@pytest.fixture
def revised(plan, users):
    revise(plan, with_extra(), 2023, "参考指標と空き店舗数を追加", actor=users["secretariat"])
    values = [("museum-visitors", y, str(1000 + 40 * (y - 2019))) for y in range(2020, 2024)]
    values += [("vacant-shops", y, v) for y, v in ((2021, "9"), (2022, "8"), (2023, "5"))]
    for code, year, value in values:
        services.add(
            plan,
            {"indicator": code, "year": str(year), "value": value, "source": "テスト"},
            actor=SYSTEM,
        )
    return plan


def test_monitoring_and_zero_target_evaluated_from_the_store(revised):
    found = {r.indicator.code: r for r in services.evaluate_year(revised, 2023)}
    watch, shops = found["museum-visitors"], found["vacant-shops"]
    assert (watch.rating, watch.unrated, watch.projection) == (None, "monitoring", None)
    assert watch.trend == pytest.approx(40.0)  # (2019, 1000) … (2023, 1160): +40 a year
    # path(2023) = 6: progress (5 - 10) / (6 - 10) = 1.25; status by yearly changes
    assert (shops.expected, shops.progress, shops.rating) == (6, 1.25, "A")
    assert shops.status == "substantial_progress"  # -1.25 a year against -1.25: R = 1


def test_workspace_page_shows_the_trend_and_no_final_target(revised, client_as):
    html = client_as("secretariat").get("/workspace/indicators/museum-visitors/?year=2023")
    text = html.content.decode()
    assert html.status_code == 200
    assert "参考指標（目標を置かない指標）のため評価しません" in text
    assert "傾向: 年あたり +40人（望ましい方向）" in text
    assert "参考指標（目標なし）" in text
    shops = client_as("secretariat").get("/workspace/indicators/vacant-shops/?year=2023")
    assert "令和5年度の目標線 6件に対して 5件（達成率 120.0%）" in shops.content.decode()


def test_plan_file_needs_a_target_or_kind_monitoring(plan, users):
    missing = EXTRA.replace("    kind: monitoring\n", "")
    with pytest.raises(InputError, match="kind: monitoring"):
        revise(plan, with_extra(missing), 2023, "目標なし", actor=users["secretariat"])
    both = EXTRA.replace(
        "    kind: monitoring\n", "    kind: monitoring\n    targets: [{year: R9, value: 5}]\n"
    )
    with pytest.raises(InputError, match="参考指標（monitoring）に目標は置けません"):
        revise(plan, with_extra(both), 2023, "矛盾", actor=users["secretariat"])
