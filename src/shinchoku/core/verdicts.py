"""The two verdicts every face shows, worded with what they compare, in ja and en.

=========  ======================================================================
rating     "How is the latest figure against the target line of its year?" The
           plan's A–D rating, said as 「令和5年度の目標線 9,186億円に対して
           9,300億円（達成率 101.2%）」. Across a non-comparable series break it is
           参考 (reference, outside the A–D tally) with the break as reason; a
           year before the first published target is not rated
outlook    "At this pace, will the final target be met?" One outlook from the
           projection: 「このペースなら最終目標 9,559億円（令和9年度）に届く見込み」
           or 「届かない見込み」
line       the target line's value in the latest figure's year and how it was
           derived: a published target, the baseline, or a straight line between
           two of them
=========  ======================================================================

The Open SDG status is not a verdict here: it stays in the JSON and on the methods page.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .evaluation import EvaluationTable, IndicatorEvaluation, rating_letter
from .formatting import number, percent, places, signed, threshold, with_unit, year_label
from .i18n import text
from .labels import RATING
from .model import Indicator, Observation, SeriesBreak, Thresholds

_TEXT = {
    "ja": {
        "rated": "{year}の目標線 {line}に対して {actual}（達成率 {attainment}）",
        "early": "{year}の値 {actual}は、最初の目標年度（{first}）より前の年のため評価しません",
        "early_line": "（参考: 同じ年の目標線 {line}、{how}）",
        "derived": "{line}（{how}）",
        "no_line": "{year}の値 {actual}には比べる目標線がないため評価しません",
        "no_actual": "基準年（{base}）より後の実績値がまだないため評価していません",
        "reference": "{year}から統計が変わり（{label}）、基準値と接続しないため、評価は参考とし、"
        "A〜Dの集計に含めません",
        "on": "このペースなら最終目標 {final}（{year}）に届く見込み（予測 {value}）",
        "off": "このペースでは最終目標 {final}（{year}）に届かない見込み（予測 {value}）",
        "no_outlook": "最終目標 {final}（{year}）への見通しは、{since}の実績値がそろうと示します",
        "monitoring": "{year}の値 {actual}。参考指標（目標を置かない指標）のため評価しません",
        "trend": "傾向: 年あたり {slope}（{way}）",
        "better": "望ましい方向",
        "worse": "望ましくない方向",
        "flat": "横ばい",
        "no_trend": "傾向は基準年より後の実績値がそろうと示します",
        "since_base": "基準年より後",
        "since_break": "{year}以降の2年分",
        "not_rated": "評価なし",
        "ref_label": "参考",
        "published": "{year}の目標値",
        "baseline": "{year}の基準値",
        "between": "{left}と{right}の間を直線で補った値",
        "left_base": "{year}の基準値",
        "left_target": "{year}の目標値",
    },
    "en": {
        "rated": "{actual} against the {year} target line of {line} ({attainment} attained)",
        "early": "{actual} for {year} is not rated: it is before the first target year ({first})",
        "early_line": " (for reference, the target line that year: {line}, {how})",
        "derived": "{line} ({how})",
        "no_line": "{actual} for {year} is not rated: there is no target line that year",
        "no_actual": "Not rated: no actual figure after the baseline year ({base}) yet",
        "reference": "From {year} the statistic changed ({label}) and does not connect with "
        "the baseline: the rating is for reference only and left out of the A–D count",
        "on": "At this pace the final target of {final} ({year}) will be met (projected {value})",
        "off": "At this pace the final target of {final} ({year}) will not be met "
        "(projected {value})",
        "no_outlook": "The outlook to the final target of {final} ({year}) is shown once "
        "there are figures {since}",
        "monitoring": "{actual} for {year}. A monitoring indicator (no target): not rated",
        "trend": "Trend: {slope} a year ({way})",
        "better": "the desired direction",
        "worse": "against the desired direction",
        "flat": "flat",
        "no_trend": "The trend is shown once there are figures after the baseline year",
        "since_base": "after the baseline year",
        "since_break": "for two years from {year}",
        "not_rated": "not rated",
        "ref_label": "reference",
        "published": "the {year} target",
        "baseline": "the {year} baseline",
        "between": "straight line between {left} and {right}",
        "left_base": "the {year} baseline",
        "left_target": "the {year} target",
    },
}


@dataclass(frozen=True)
class TargetLine:
    """The target line's value in a year and where it comes from.

    ``kind`` is ``target`` (a published target), ``baseline``, ``interpolated`` (between
    ``left`` and ``right``) or ``none`` (outside the baseline–final span).
    """

    year: int
    kind: str
    left: int | None = None
    right: int | None = None


def target_line(ind: Indicator, year: int) -> TargetLine:
    """How the target line's value in ``year`` was derived."""
    knots = sorted([ind.baseline.year] + [t.year for t in ind.targets])
    if year == ind.baseline.year:
        return TargetLine(year, "baseline")
    if year in knots:
        return TargetLine(year, "target")
    if not knots[0] < year < knots[-1]:
        return TargetLine(year, "none")
    left = max(k for k in knots if k < year)
    right = min(k for k in knots if k > year)
    return TargetLine(year, "interpolated", left, right)


def first_target_year(ind: Indicator) -> int | None:
    """The first year the plan published a target for."""
    later = [t.year for t in ind.targets if t.year > ind.baseline.year]
    return min(later) if later else None


def line_text(ind: Indicator, line: TargetLine, lang: str, style: str = "era") -> str:
    """「令和5年度の目標値」 or 「R5目標とR6目標の間を直線で補った値」 ('' for none)."""
    t = _TEXT[lang]
    label = lambda y: year_label(y, ind.period_kind, lang, style)  # noqa: E731
    if line.kind == "target":
        return t["published"].format(year=label(line.year))
    if line.kind == "baseline":
        return t["baseline"].format(year=label(line.year))
    if line.kind == "interpolated":
        assert line.left is not None and line.right is not None
        left_key = "left_base" if line.left == ind.baseline.year else "left_target"
        return t["between"].format(
            left=t[left_key].format(year=label(line.left)),
            right=t["left_target"].format(year=label(line.right)),
        )
    return ""


@dataclass(frozen=True)
class Verdict:
    """One indicator's two verdicts, worded for one language."""

    rating: str | None
    counted: bool  # in the A–D tally: rated and comparable
    label: str  # A 達成 / 参考 A 達成 / 評価なし
    word: str  # 達成 (the rating's word alone; '' without a rating)
    reference: str  # 参考 when the rating is reference only, else ''
    badge: str  # A, B, C, D, ref or none (the badge's style)
    rating_text: str  # what the rating compares, in a sentence
    note: str  # why the rating is reference only ('' otherwise)
    on_course: bool | None
    outlook_text: str
    line: TargetLine | None  # the target line at the latest figure's year
    line_text: str  # how that value was derived


def _amount(ind: Indicator, value: object, lang: str) -> str:
    unit = text(ind, "unit", lang).text  # the plan's translated unit (100 million yen)
    return with_unit(number(value, places(ind)), unit, lang)  # type: ignore[arg-type]


def counted(ev: IndicatorEvaluation) -> bool:
    """Whether the rating counts in the A–D tally: rated and comparable."""
    return ev.rating is not None and ev.comparable


def rating_label(ev: IndicatorEvaluation, lang: str) -> str:
    """A 達成, 参考 A 達成 (across a break) or 評価なし."""
    t = _TEXT[lang]
    if ev.rating is None:
        return t["not_rated"]
    label = f"{ev.rating} {RATING[lang][ev.rating]}"
    return label if ev.comparable else f"{t['ref_label']} {label}"


def reference_break(ev: IndicatorEvaluation) -> SeriesBreak | None:
    """The non-comparable break that makes the rating reference only."""
    if ev.comparable or ev.latest is None:
        return None
    y0, y = ev.indicator.baseline.year, ev.latest.year
    spanned = [b for b in ev.indicator.series_breaks if not b.comparable and y0 < b.year <= y]
    return max(spanned, key=lambda b: b.year) if spanned else None


def reference_note(ev: IndicatorEvaluation, lang: str) -> str:
    """Why a rating is reference only ('' when it counts)."""
    b = reference_break(ev)
    if ev.rating is None or b is None:
        return ""
    year = year_label(b.year, ev.indicator.period_kind, lang)
    label = text(b, "label", lang).text  # the statistic's English name where the plan has it
    return _TEXT[lang]["reference"].format(year=year, label=label)


def rating_sentence(ev: IndicatorEvaluation, lang: str) -> str:
    """What the rating compares: the latest figure against its year's target line."""
    t, ind, latest = _TEXT[lang], ev.indicator, ev.latest
    if latest is None or latest.year < ind.baseline.year:
        return t["no_actual"].format(base=year_label(ind.baseline.year, ind.period_kind, lang))
    year = year_label(latest.year, ind.period_kind, lang)
    actual = _amount(ind, latest.value, lang)
    line = _amount(ind, ev.expected, lang)
    if ind.monitoring:
        return t["monitoring"].format(year=year, actual=actual)
    drawn = target_line(ind, latest.year)
    how = line_text(ind, drawn, lang)
    if ev.unrated == "before_first_target":
        first = year_label(first_target_year(ind) or latest.year, ind.period_kind, lang)
        text = t["early"].format(year=year, actual=actual, first=first)
        shown = ev.expected is not None and how
        return text + (t["early_line"].format(line=line, how=how) if shown else "")
    if drawn.kind == "interpolated":  # say how a value nobody published was drawn
        line = t["derived"].format(line=line, how=how)
    if ev.expected is None or ev.unrated == "no_target_line":
        return t["no_line"].format(year=year, actual=actual)
    return t["rated"].format(year=year, line=line, actual=actual, attainment=percent(ev.attainment))


def outlook_sentence(ev: IndicatorEvaluation, lang: str) -> str:
    """Whether the final target will be met at this pace, with the projection."""
    t, ind = _TEXT[lang], ev.indicator
    if ind.monitoring:
        return trend_sentence(ev, lang)
    final = _amount(ind, ind.final_target.value, lang)
    year = year_label(ind.final_target.year, ind.period_kind, lang)
    p = ev.projection
    if p is None:
        b = ev.series_break
        if b is not None and not b.comparable:
            since = t["since_break"].format(year=year_label(b.year, ind.period_kind, lang))
        else:
            since = t["since_base"]
        return t["no_outlook"].format(final=final, year=year, since=since)
    key = "on" if p.on_course else "off"
    return t[key].format(final=final, year=year, value=_amount(ind, p.value, lang))


def current_actual(ev: IndicatorEvaluation) -> Observation | None:
    """The latest actual as a result: None when there is none, or when it is older than the
    baseline (history from before the plan's starting point, not a result)."""
    latest = ev.latest
    return latest if latest is not None and latest.year >= ev.indicator.baseline.year else None


def newest_figure(ev: IndicatorEvaluation) -> tuple[int, Decimal, bool]:
    """The newest official figure to headline: (year, value, is the plan's baseline). The
    baseline is itself a published figure; an actual older than it is history."""
    latest, base = current_actual(ev), ev.indicator.baseline
    if latest is None:
        return base.year, base.value, True
    return latest.year, latest.value, False


def trend_sentence(ev: IndicatorEvaluation, lang: str) -> str:
    """A monitoring indicator's outlook: the trend per year and whether it is the way wanted."""
    t, ind = _TEXT[lang], ev.indicator
    if ev.trend is None:
        return t["no_trend"]
    step = ind.sign * ev.trend
    way = t["flat"] if step == 0 else t["better"] if step > 0 else t["worse"]
    unit = text(ind, "unit", lang).text
    slope = with_unit(signed(ev.trend, places(ind)), unit, lang)  # +4, -3; 0 has no sign
    return t["trend"].format(slope=slope, way=way)


def badge_of(rating: str | None, comparable: bool) -> str:
    """The verdict badge: the rating (A–D), ``ref`` (参考) when the series is not comparable
    across a break, ``none`` when unrated."""
    return "none" if rating is None else rating if comparable else "ref"


def table_badges(table: EvaluationTable) -> list[str]:
    """Every series' badge read from the evaluated table, in plan order: a list filtered by
    verdict builds no evaluation per indicator (12,750 took seconds)."""
    ratings = table.rating.tolist()
    comparable = table.comparable.tolist()
    return [badge_of(rating_letter(r), bool(c)) for r, c in zip(ratings, comparable, strict=True)]


def verdict(ev: IndicatorEvaluation, lang: str) -> Verdict:
    """Both verdicts of one evaluated indicator."""
    ind = ev.indicator
    line = target_line(ind, ev.latest.year) if ev.latest and not ind.monitoring else None
    badge = badge_of(ev.rating, ev.comparable)
    return Verdict(
        rating=ev.rating,
        counted=counted(ev),
        label=rating_label(ev, lang),
        word=RATING[lang][ev.rating] if ev.rating else "",
        reference=_TEXT[lang]["ref_label"] if ev.rating and not ev.comparable else "",
        badge=badge,
        rating_text=rating_sentence(ev, lang),
        note=reference_note(ev, lang),
        on_course=ev.projection.on_course if ev.projection else None,
        outlook_text=outlook_sentence(ev, lang),
        line=line,
        line_text=line_text(ind, line, lang) if line else "",
    )


def method_text(t: Thresholds, lang: str) -> tuple[tuple[str, str], ...]:
    """How the figures are computed, term by term, with the plan's thresholds."""
    if lang == "en":
        return (
            ("Target path", "Straight lines through the baseline and each published target."),
            (
                "Latest actual",
                "The latest year with a figure up to the evaluated year; of its revisions, the "
                "newest publication counts (with an as-of date, only what was published by it).",
            ),
            ("Progress", "(actual − baseline) ÷ (target path at the actual's year − baseline)."),
            ("Attainment", "actual ÷ target path at the actual's year."),
            (
                "Rating",
                "How the latest figure stands against the target line of its year: "
                f"A progress ≥ {threshold(t.rating_a)}, B ≥ {threshold(t.rating_b)}, "
                f"C ≥ {threshold(t.rating_c)}, D below. A figure for a year before the first "
                "target year is not rated; one across a series break is shown as reference "
                "and left out of the A–D count.",
            ),
            (
                "Outlook",
                "Whether the final target will be met at this pace: the least-squares line "
                "through the baseline and the counting actuals (after a break, the figures "
                "from the break on), read at the final target year.",
            ),
            (
                "Status",
                "Open SDG / Statistics Canada method, kept in the open data for comparison: "
                "R = observed growth rate (CAGR) from the baseline ÷ required growth rate to "
                "the final target. It is not a verdict of this report.",
            ),
        )
    return (
        ("目標線", "基準値と各年度の目標値を直線で結んだ線。"),
        (
            "最新値",
            "評価年度までで最も新しい年の実績値。同じ年に複数の版があるときは公表日が新しい版を"
            "用いる（時点指定があるときは、その日までに公表された値のみ）。",
        ),
        ("進捗率", "（実績値 − 基準値）÷（実績値の年の目標線の値 − 基準値）。"),
        ("達成率", "実績値 ÷ 実績値の年の目標線の値。"),
        (
            "評価",
            "最新値がその年の目標線に対してどうか。"
            f"A 進捗率{threshold(t.rating_a)}以上、B {threshold(t.rating_b)}以上、"
            f"C {threshold(t.rating_c)}以上、D それ未満。最初の目標年度より前の年の値は評価しない。"
            "統計の断層をまたぐ値は「参考」とし、A〜Dの集計に含めない。",
        ),
        (
            "見通し",
            "このペースで最終目標に届くか。基準値と用いた実績値（断層の後は断層以降の値）を通る"
            "最小二乗直線を最終目標年まで延ばした値が最終目標値に届くとき「届く見込み」。",
        ),
        (
            "進捗状況",
            "Open SDG／カナダ統計局の方法による国際比較用の指標で、オープンデータに収録する"
            "（本報告書の評価ではない）。R ＝ 基準値からの実績の年平均伸び率 ÷ "
            "最終目標に必要な年平均伸び率。",
        ),
    )
