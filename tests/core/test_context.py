"""ReportContext built from the built-in plan: every figure comes from core's evaluation."""

from __future__ import annotations

import datetime
import subprocess
import sys
from decimal import Decimal

import pytest

from shinchoku.core.context import (
    build_report_context,
    date_label,
    lag_text,
)
from shinchoku.core.evaluation import evaluate
from shinchoku.core.model import Observation
from shinchoku.ingest.observation_rows import read_csv_bytes
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.plan import builtin

D = datetime.date.fromisoformat
PLAN = read_plan_text(builtin.plan_text(), builtin.PLAN_FILE)
HISTORY = read_csv_bytes(builtin.history_bytes(), PLAN, builtin.HISTORY_FILE)
# 総生産額: R2 first published 8,930 (令和2年度版), revised to 8,950 in the 令和3年度版 with R3.
REVISIONS = [(2020, "8930", "R2", "2023-08-18"), (2021, "9210", "R3", "2024-08-20"),
             (2020, "8950", "R3", "2024-08-20")]  # fmt: skip
NEWER = [
    Observation("gross-product", year, Decimal(value), src, D(day), f"{src}版", seq=seq)
    for seq, (year, value, src, day) in enumerate(REVISIONS, 100)
]


def context(observations=(), **kw):
    args = {
        "plan": PLAN,
        "observations": [*HISTORY, *observations],
        "year": 2023,
        "as_of": None,
        "published": False,
        "commentaries": {},
        "generated_on": D("2024-11-28"),
    }
    return build_report_context(**(args | kw))


def test_core_context_imports_no_django():
    code = (
        "import sys, shinchoku.core.context; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('django', 'yaml', 'openpyxl')]; "
        "sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_history_only_nothing_rated_yet():
    ctx = context()
    gp = ctx.indicators[0]
    assert gp.indicator.name == "総生産額"
    assert gp.evaluation.target == 9186
    assert gp.evaluation.latest.value == 9095  # the baseline year's own figure
    assert gp.evaluation.progress is None
    assert gp.lag == "最新値は令和元年度（令和4年8月公表）"
    # No actual yet, or only history older than the baseline: the baseline is the newest figure
    assert ctx.indicators[1].lag == "最新値は令和3年の基準値です（その後の実績値は未入手です）"
    employees = ctx.indicators[3]
    assert employees.evaluation.latest.year == 2009  # 平成21年, older than the 令和3年 baseline
    assert employees.evaluation.unrated == "no_actual"
    assert employees.lag == "最新値は令和3年の基準値です（その後の実績値は未入手です）"
    assert [(r.code, r.count) for r in ctx.rating_legend] == [
        ("A", 0),
        ("B", 0),
        ("C", 0),
        ("D", 0),
        ("参考", 0),
        ("—", 4),
    ]
    assert ctx.draft


def test_evaluation_is_cores_own():
    ctx = context(NEWER)
    direct = evaluate(PLAN.indicators, [*HISTORY, *NEWER], 2023, None, PLAN.thresholds)
    assert tuple(ir.evaluation for ir in ctx.indicators) == direct
    gp = ctx.indicators[0].evaluation
    # 令和3年度 is before the first published target (令和5年度): not rated, and no progress
    # against a target nobody published; the line there is shown, path(2021) = 9140.5.
    assert gp.expected == 9140.5
    assert (gp.progress, gp.attainment, gp.rating) == (None, None, None)
    assert gp.unrated == "before_first_target"
    assert ctx.indicators[0].lag == "最新値は令和3年度（令和6年8月公表）"


def test_revisions_counting_and_latest():
    gp = context(NEWER).indicators[0]
    rows = [(r.observation.year, r.observation.value, r.counts, r.latest) for r in gp.revisions]
    assert rows[-3:] == [
        (2020, 8930, False, False),
        (2020, 8950, True, False),
        (2021, 9210, True, True),
    ]
    assert [(p.year, p.value) for p in gp.superseded] == [(2020, 8930.0)]
    assert [p.year for p in gp.actuals] == [2017, 2018, 2019, 2020, 2021]


def test_as_of_leaves_out_later_publications():
    gp = context(NEWER, as_of=D("2024-01-01")).indicators[0]
    shown = [(r.observation.year, r.observation.value, r.counts) for r in gp.revisions]
    # Undated 平成30年度 and everything published in August 2024 are left out.
    assert shown == [(2017, 8864, True), (2019, 9095, True), (2020, 8930, True)]
    assert gp.lag == "最新値は令和2年度（令和5年8月公表）"


def test_projection_line_is_the_least_squares_line():
    gp = context(NEWER).indicators[0]
    # Points (x from 2019): (0, 9095), (1, 8950), (2, 9210): slope 57.5, intercept 9027.5.
    (start, end) = gp.projection_line
    assert (start.year, end.year) == (2019, 2027)
    assert start.value == pytest.approx(9027.5)
    assert end.value == pytest.approx(9487.5)
    assert end.value == gp.evaluation.projection.value
    assert gp.path[0].value == 9095 and gp.path[1].value == 9186


def test_path_points_are_baseline_and_targets():
    ms = context().indicators[1]
    assert [(p.year, p.value) for p in ms.path] == [
        (2021, 1741.0),
        (2023, 1791.0),
        (2024, 1841.0),
        (2025, 1891.0),
        (2026, 1941.0),
        (2027, 1991.0),
    ]


def test_series_breaks_are_the_declared_ones():
    shipments = [
        Observation("manufacturing-shipments", 2022, Decimal("1690"), "経済構造実態調査",
                    D("2024-03-29"), note="series break は注記では決まらない"),
        Observation("manufacturing-shipments", 2023, Decimal("1765"), "経済構造実態調査",
                    D("2025-03-28")),
    ]  # fmt: skip
    ctx = context(shipments)
    ms = ctx.indicators[1]
    assert [(b.year, b.label, b.comparable) for b in ms.breaks] == [
        (2022, "経済構造実態調査 全事業所（個人経営を除く）", False)
    ]
    assert ms.evaluation.series_break == ms.breaks[0]
    # The trend runs through 2022 and 2023 only (slope 75), so it starts at the break:
    # 1,690 in 2022 and 1,765 + 4 × 75 = 2,065 in 2027.
    assert [(p.year, round(p.value, 6)) for p in ms.projection_line] == [(2022, 1690), (2027, 2065)]
    # 市内事業所従業者数: the chart starts in 平成21年 (2009), so only the 令和6年 break shows.
    assert [b.year for b in ctx.indicators[3].breaks] == [2024]
    assert ctx.indicators[3].evaluation.series_break is None  # 2024 is after 令和5年
    assert context().indicators[0].breaks == ()


def test_policies_projects_and_missing_submissions():
    ctx = context()
    assert len(ctx.projects) == 15
    first = ctx.policies[0]
    assert [m.code for m in first.measures] == ["1-1", "1-2", "1-3", "1-4"]
    assert first.measures[0].projects == ()  # 1-1 has no priority project
    p2 = first.measures[2].projects[0]
    assert (p2.number, p2.lead) == (2, "産業振興課")
    assert set(p2.partners) == {"所沢商工会議所", "公益財団法人埼玉県産業振興公社"}
    assert all(p.submission.activities == "未提出" for p in ctx.projects)
    assert not any(p.submission.submitted for p in ctx.projects)
    assert ctx.indicators[0].projects == (1, 2, 3)
    assert ctx.policies[1].indicators == ("manufacturing-shipments",)


def test_commentary_and_published_flag():
    ctx = context(commentaries={"tourist-visits": "回復した。"}, published=True)
    assert ctx.indicators[2].commentary == "回復した。"
    assert ctx.indicators[0].commentary == ""
    assert not ctx.draft


def test_english():
    ctx = context(NEWER, lang="en")
    assert ctx.indicators[0].lag == "Latest figure: FY2021 (published Aug 2024)"
    assert ctx.indicators[0].projects == (1, 2, 3)
    assert ctx.projects[0].submission.activities == "not submitted"
    assert ctx.rating_legend[0].rule == "progress ≥ 100%"
    with pytest.raises(ValueError, match="lang"):
        context(lang="fr")


@pytest.mark.parametrize(
    ("day", "ja", "en"),
    [
        ("2019-04-30", "平成31年4月30日", "30 Apr 2019"),
        ("2019-05-01", "令和元年5月1日", "1 May 2019"),
        ("2024-08-20", "令和6年8月20日", "20 Aug 2024"),
    ],
)
def test_date_label(day, ja, en):
    assert date_label(D(day), "ja") == ja
    assert date_label(D(day), "en") == en


def test_lag_text_calendar_year():
    o = Observation("tourist-visits", 2022, Decimal(498), "s", D("2023-09-15"))
    assert lag_text(o, "calendar", "ja") == "最新値は令和4年（令和5年9月公表）"
