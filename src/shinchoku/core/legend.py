"""The legends of a report year: the rating and status scales, each with its rule (from
the plan's thresholds) and how many indicators have it. Read by ``context`` for the
report's two legend tables and by ``reports.compact`` for one policy's."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

from .evaluation import IndicatorEvaluation
from .formatting import threshold
from .labels import RATING, STATUS
from .model import Thresholds
from .verdicts import counted

RATING_ORDER: tuple[str | None, ...] = ("A", "B", "C", "D", None)
_NO_RATING = {"ja": "評価なし", "en": "not rated"}


@dataclass(frozen=True)
class LegendRow:
    """A rating or status code, its label, the rule behind it and how many indicators have it."""

    code: str
    label: str
    rule: str
    count: int


def rating_legend(
    evaluations: Iterable[IndicatorEvaluation], t: Thresholds, lang: str
) -> tuple[LegendRow, ...]:
    """The rating scale with the number of indicators in each rating.

    A–D count only comparable ratings; one across a series break is counted as 参考, and
    one without a rating (no actual, or a year before the first target) as —.
    """
    evaluations = list(evaluations)
    counts = Counter(ev.rating for ev in evaluations if counted(ev))
    reference = sum(1 for ev in evaluations if ev.rating is not None and not ev.comparable)
    a, b, c = threshold(t.rating_a), threshold(t.rating_b), threshold(t.rating_c)
    if lang == "en":
        rules = [
            f"progress ≥ {a}",
            f"{b} ≤ progress < {a}",
            f"{c} ≤ progress < {b}",
            f"progress < {c}",
            "no actual yet, or its year is before the first target year",
        ]
        ref = ("reference", "the figure is across a series break: not in the A–D count")
    else:
        rules = [
            f"進捗率 {a} 以上",
            f"進捗率 {b} 以上 {a} 未満",
            f"進捗率 {c} 以上 {b} 未満",
            f"進捗率 {c} 未満",
            "実績値がない、または最初の目標年度より前の年の値",
        ]
        ref = ("参考", "統計の断層をまたぎ基準値と接続しない（A〜Dの集計に含めない）")
    rows = [
        LegendRow(k or "—", RATING[lang].get(k or "", _NO_RATING[lang]), rule, counts[k])
        for k, rule in zip(RATING_ORDER, rules, strict=True)
    ]
    rows[-1] = replace(rows[-1], count=sum(1 for ev in evaluations if ev.rating is None))
    rows.insert(4, LegendRow(ref[0], ref[0], ref[1], reference))
    return tuple(rows)


def status_legend(
    evaluations: Iterable[IndicatorEvaluation], t: Thresholds, lang: str
) -> tuple[LegendRow, ...]:
    """The Open SDG status scale with the number of indicators in each status."""
    counts = Counter(ev.status for ev in evaluations)
    s, m, lim = (
        threshold(t.status_substantial),
        threshold(t.status_moderate),
        threshold(t.status_limited),
    )
    if lang == "en":
        rules = {
            "target_achieved": "latest actual meets the final target",
            "substantial_progress": f"R ≥ {s}",
            "moderate_progress": f"{m} ≤ R < {s}",
            "limited_progress": f"{lim} ≤ R < {m}",
            "deterioration": f"R < {lim}",
            "not_available": "no actual after the baseline year",
        }
    else:
        rules = {
            "target_achieved": "最新値が最終目標値に到達",
            "substantial_progress": f"R {s} 以上",
            "moderate_progress": f"R {m} 以上 {s} 未満",
            "limited_progress": f"R {lim} 以上 {m} 未満",
            "deterioration": f"R {lim} 未満",
            "not_available": "基準年より後の実績値がない",
        }
    return tuple(LegendRow(code, STATUS[lang][code], rules[code], counts[code]) for code in rules)
