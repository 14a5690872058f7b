"""A report context of the built-in plan with a few newer figures, and each format rendered once."""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest

from shinchoku.core.context import ReportContext, build_report_context
from shinchoku.core.model import Observation
from shinchoku.ingest.observation_rows import read_csv_bytes
from shinchoku.ingest.plan_file import read_plan_text
from shinchoku.plan import builtin

D = datetime.date.fromisoformat
EPOCH = "1732752000"  # 2024-11-28 00:00 UTC

# Figures after the plan's baseline (values chosen for the tests, shaped like the real ones).
GP = "埼玉県市町村民経済計算（令和{}年度版）"
MS = "経済構造実態調査（{}年）"
TV = "令和{}年埼玉県観光入込客統計調査"
ROWS = [
    ("gross-product", 2020, "8930", GP.format(2), "2023-08-18", "令和2年度版", ""),
    ("gross-product", 2021, "9210", GP.format(3), "2024-08-20", "令和3年度版", ""),
    ("gross-product", 2020, "8950", GP.format(3), "2024-08-20", "令和3年度版", ""),
    ("manufacturing-shipments", 2022, "1690", MS.format(2023), "2024-03-29", "2023年",
     "series break: 経済構造実態調査へ移行"),
    ("manufacturing-shipments", 2023, "1765", MS.format(2024), "2025-03-28", "2024年", ""),
    ("tourist-visits", 2022, "498", TV.format(4), "2023-09-15", "令和4年", ""),
    ("tourist-visits", 2023, "547", TV.format(5), "2024-09-13", "令和5年", ""),
]  # fmt: skip
NEWER = [
    Observation(code, year, Decimal(value), source, D(day), edition, note, seq=100 + n)
    for n, (code, year, value, source, day, edition, note) in enumerate(ROWS)
]
COMMENTARY = {"tourist-visits": "令和5年は観光施設への来訪が回復し、目標を上回った。"}


@contextmanager
def source_date_epoch(value: str | None = EPOCH) -> Iterator[None]:
    """Set (or clear) SOURCE_DATE_EPOCH for the block."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        os.environ.pop("SOURCE_DATE_EPOCH", None)
    else:
        os.environ["SOURCE_DATE_EPOCH"] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def make_context(lang: str = "ja", published: bool = False) -> ReportContext:
    """The built-in plan and its history plus NEWER, evaluated for 令和5年度."""
    plan = read_plan_text(builtin.plan_text(), builtin.PLAN_FILE)
    history = read_csv_bytes(builtin.history_bytes(), plan, builtin.HISTORY_FILE)
    return build_report_context(
        plan=plan,
        observations=[*history, *NEWER],
        year=2023,
        as_of=None,
        published=published,
        commentaries=COMMENTARY,
        generated_on=D("2024-11-28"),
        lang=lang,
    )


@pytest.fixture(scope="session")
def context() -> ReportContext:
    """The draft report context of 令和5年度, in Japanese."""
    return make_context()


@pytest.fixture(scope="session")
def rendered(context) -> dict[str, bytes]:
    """Each format rendered once with SOURCE_DATE_EPOCH set."""
    from shinchoku.reports import FORMATS, render

    with source_date_epoch():
        return {fmt: render(context, fmt) for fmt in FORMATS}
