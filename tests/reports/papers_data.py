"""A 令和5年度 report context with everything the council papers add: a full sheet for
project 1, a measure review, the meeting, the 総括 and last year's opinion with its response."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

from shinchoku.core.context import Opinion, ReportContext, Submission, build_report_context
from shinchoku.core.model import Observation
from shinchoku.core.outputs import attainment
from shinchoku.core.papers import (
    MeasureReview,
    Meeting,
    OutputRow,
    Sheet,
    item_name,
)
from shinchoku.ingest.observation_rows import read_csv_bytes
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.plan import builtin

from .conftest import COMMENTARY, NEWER

D = datetime.date.fromisoformat
# 令和3年経済センサス‐活動調査: the employees' figure after the 平成21年 one, 12 years later.
EMPLOYEES_R3 = Observation(
    "employees", 2021, Decimal("114500"), "令和3年経済センサス‐活動調査", D("2023-06-27"), seq=200
)
SHEET = Sheet(
    purpose="市内で創業を目指す人が創業し、事業を続けられるようにする。",
    activities="創業塾を年2回開き、創業相談を随時受けた。",
    results="創業塾の修了者から19人が創業した。",
    issues="創業後3年以内の継続支援が手薄。",
    budget=12500.0,
    settled=11830.0,
    budget_previous=12000.0,
    settled_previous=11210.0,
    outputs=(
        OutputRow("創業者数", "人", 25.0, 19.0, 17.0, attainment(25, 19)),
        OutputRow("創業相談件数", "件", 120.0, 132.0, 110.0, attainment(120, 132)),
    ),
    rating="B",
    reason="創業者数は目標の76%だが相談件数は目標を上回った。",
    direction="改善・見直し",
    direction_reason="創業後のフォローアップ相談を加える。",
    comment="創業後の継続率も指標に加えることを検討されたい。",
    previous_rating="C",
    approved=True,
)
REVIEW = MeasureReview(
    evaluation="創業支援は相談件数が伸び、概ね順調に進んでいる。",
    issues="創業後の定着支援が課題。",
    direction="商工会議所と連携し、創業後の伴走支援を強める。",
)
MEETING = Meeting("令和6年度第2回所沢市産業振興ビジョン推進会議", D("2024-11-28"), "資料2")
OVERVIEW = "令和5年度は観光入込客数が目標を上回った一方、製造品出荷額等は目標線に届かなかった。"
OPINIONS = (
    Opinion(
        item="policy:3",
        opinion="観光客の回遊を促す仕組みを検討してほしい。",
        response="市内周遊のデジタルスタンプラリーを令和5年度に実施した。",
        year=2022,
        state="対応済",
    ),
    Opinion(
        item="project:10",
        opinion="認定品の販路を市外にも広げてほしい。",
        response="市外での販売は費用対効果を見て判断する。",
        year=2022,
        state="対応しない",
        reason="市外の常設販売は出店費用が効果に見合わないため。",
    ),
)


def papers_context(lang: str = "ja", published: bool = False) -> ReportContext:
    """The test context of tests/reports/conftest.py with the council papers' parts added."""
    plan = read_plan_text(builtin.plan_text(), builtin.PLAN_FILE)
    history = read_csv_bytes(builtin.history_bytes(), plan, builtin.HISTORY_FILE)
    first = next(p for p in plan.projects if p.number == 2)  # 新規創業等支援事業
    measure = first.measures[0]
    opinions = [
        replace(o, item=item_name(plan, *o.item.split(":"), lang)) for o in OPINIONS
    ]  # named as council.services.report_opinions names them
    return build_report_context(
        plan=plan,
        observations=[*history, *NEWER, EMPLOYEES_R3],
        year=2023,
        as_of=None,
        published=published,
        commentaries=COMMENTARY,
        generated_on=D("2024-11-28"),
        lang=lang,
        submissions={
            first.number: Submission(
                True, SHEET.activities, "創業者数: 19人", "B 今後の方向性: 改善・見直し", SHEET
            )
        },
        opinions=opinions,
        reviews={measure: REVIEW},
        meeting=MEETING,
        overview=OVERVIEW,
    )
