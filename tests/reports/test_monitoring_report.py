"""A plan with a monitoring indicator (参考指標, no target) renders in every format."""

from __future__ import annotations

import datetime
from dataclasses import replace
from decimal import Decimal

import pytest

from shinchoku.core.context import build_report_context
from shinchoku.core.model import Observation
from shinchoku.ingest.observation_rows import read_csv_bytes
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.plan import builtin
from shinchoku.reports import FORMATS, render


@pytest.fixture(scope="module")
def context():
    plan = read_plan_text(builtin.plan_text(), builtin.PLAN_FILE)
    tourism = plan.indicator("tourist-visits")
    watched = replace(tourism, code="visitors-watched", name="見守り指標", targets=())
    plan = replace(plan, indicators=(*plan.indicators, watched))
    history = read_csv_bytes(builtin.history_bytes(), plan, builtin.HISTORY_FILE)
    values = [
        Observation("visitors-watched", year, Decimal(v), "テスト", datetime.date(2024, 9, 1))
        for year, v in ((2022, "490"), (2023, "505"))
    ]
    return build_report_context(
        plan=plan,
        observations=[*history, *values],
        year=2023,
        as_of=None,
        published=False,
        commentaries={},
        generated_on=datetime.date(2024, 11, 28),
    )


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_renders_a_monitoring_indicator(context, fmt):
    assert context.indicators[-1].indicator.monitoring
    data = render(context, fmt)
    assert len(data) > 1000
    if fmt == "html":
        page = data.decode("utf-8")
        assert "見守り指標" in page and "（）" not in page
