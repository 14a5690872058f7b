"""The plan and progress tables of the open data: published values, evaluations, the plan.

Numbers come from core (``evaluate``, ``evaluation_dict``, the plan's core values) and are
copied, never recomputed. Only published years appear (``visibility.is_published``).
"""

from __future__ import annotations

from typing import Any

from ..core import model as core
from ..core.serialize import evaluation_dict
from ..observations.services import all_revisions, evaluate_year
from ..plan.models import Plan
from ..plan.revisions import in_force, version_plan
from ..plan.services import to_core
from .schema import Field, ForeignKey, Table, fields
from .visibility import evaluation_years, is_published

YEAR_NOTE = "年度は西暦の開始年（2023 = 令和5年度）、年は暦年"
INDICATOR_FK = ForeignKey(("indicator",), "indicators", ("code",))


def version_plans(row: Plan) -> list[tuple[Any, core.Plan]]:
    """Every plan version, withdrawn ones too, with its plan (the newest in force as the
    system runs it now)."""
    latest = in_force(row).order_by("-number").first()
    return [
        (v, to_core(row) if v == latest or not v.source_text else version_plan(v))
        for v in row.versions.select_related("withdrawal").order_by("number")
    ]


def _withdrawal(version: Any) -> Any:
    return getattr(version, "withdrawal", None)


def plan_tables(row: Plan) -> list[Table]:
    """Plan versions, policies, projects, indicators, targets per version and series breaks."""
    plans = version_plans(row)
    current = to_core(row)
    names = {o.code: o.name for o in current.organisations}
    indicators: dict[str, core.Indicator] = {}
    for _, p in plans:  # an indicator a later version dropped still names its old targets
        indicators.update({i.code: i for i in p.indicators})
    indicators.update({i.code: i for i in current.indicators})
    policies = {p.code: p for _, plan in plans for p in plan.policies}
    versions = Table(
        "plan-versions", "計画の版", "計画の各版と、その版が適用される最初の年度", "plan",
        fields(
            ("version", "integer", "版"),
            ("valid_from", "integer", "適用開始年度", YEAR_NOTE),
            ("reason", "string", "改定理由"),
            ("meeting", "string", "承認した会議"),
            ("recorded_on", "date", "登録日"),
            ("withdrawn", "boolean", "取り下げ", "true: 誤って登録され取り下げられた版"),
            ("withdrawal_reason", "string", "取り下げの理由"),
        ),
        ("version",),
        [(v.number, v.valid_from, v.reason, v.meeting, v.created_at.date(),
          _withdrawal(v) is not None, getattr(_withdrawal(v), "reason", ""))
         for v, _ in plans],
    )  # fmt: skip
    policy_table = Table(
        "policies", "基本方針", "計画の基本方針（現行の版）", "plan",
        fields(("code", "string", "コード"), ("title", "string", "基本方針"),
               ("summary", "string", "概要")),
        ("code",),
        [(p.code, p.title, p.summary) for p in policies.values()],
    )  # fmt: skip
    projects = Table(
        "projects", "重点推進事業", "重点推進事業（現行の版）", "plan",
        fields(
            ("number", "integer", "番号"), ("title", "string", "事業名"),
            ("measures", "string", "施策の柱", "施策の柱のコード（; 区切り）"),
            ("lead", "string", "担当"), ("partners", "string", "連携機関", "; 区切り"),
            ("summary", "string", "概要"),
        ),
        ("number",),
        [
            (p.number, p.title, "; ".join(p.measures), names.get(p.lead or "", ""),
             "; ".join(names.get(c, c) for c in p.partners), p.summary)
            for p in current.projects
        ],
    )  # fmt: skip
    indicator_table = Table(
        "indicators", "評価指標", "評価指標: 単位、基準値、望ましい方向、出典", "plan",
        fields(
            ("code", "string", "コード"), ("name", "string", "指標名"),
            ("unit", "string", "単位", "値・基準値・目標値の単位"),
            ("policy", "string", "基本方針"),
            ("period_kind", "string", "期間の種類", "fiscal = 年度（4月〜3月）, calendar = 暦年"),
            ("direction", "string", "望ましい方向", "increase = 増加, decrease = 減少"),
            ("baseline_year", "integer", "基準年（度）", YEAR_NOTE),
            ("baseline_value", "number", "基準値", "単位は unit 列"),
            ("baseline_source", "string", "基準値の出典"),
            ("rule", "string", "目標の設定方法"), ("source", "string", "出典統計"),
            ("definition", "string", "定義"), ("note", "string", "備考"),
        ),
        ("code",),
        [
            (i.code, i.name, i.unit, i.policy, i.period_kind, i.direction, i.baseline.year,
             i.baseline.value, i.baseline.source, i.rule.text if i.rule else "", i.source,
             i.definition, i.note)
            for i in indicators.values()
        ],
        (ForeignKey(("policy",), "policies", ("code",)),),
    )  # fmt: skip
    targets = Table(
        "targets", "目標値", "計画の各版が定める年度ごとの目標値", "plan",
        fields(
            ("plan_version", "integer", "計画の版"), ("indicator", "string", "評価指標"),
            ("year", "integer", "年度", YEAR_NOTE), ("value", "number", "目標値", "単位は unit 列"),
            ("unit", "string", "単位"),
        ),
        ("plan_version", "indicator", "year"),
        [(v.number, i.code, t.year, t.value, i.unit)
         for v, p in plans for i in p.indicators for t in i.targets],
        (ForeignKey(("plan_version",), "plan-versions", ("version",)), INDICATOR_FK),
    )  # fmt: skip
    breaks = Table(
        "series-breaks", "統計の断層", "出典統計が変わり、前後の値を直接比べられない年", "plan",
        fields(
            ("indicator", "string", "評価指標"), ("year", "integer", "断層の年（度）", YEAR_NOTE),
            ("label", "string", "断層以後の統計"), ("previous", "string", "断層以前の統計"),
            ("comparable", "boolean", "比較可能", "true: 前後の値を比べてよい"),
            ("reason", "string", "理由"),
        ),
        ("indicator", "year"),
        [(i.code, b.year, b.label, b.previous, b.comparable, b.reason)
         for i in indicators.values() for b in i.series_breaks],
        (INDICATOR_FK,),
    )  # fmt: skip
    return [versions, policy_table, projects, indicator_table, targets, breaks]


OBSERVATION_FIELDS = fields(
    ("id", "integer", "記録番号", "同じ指標・年の2件目以降は改訂（記録番号は登録順）"),
    ("indicator", "string", "評価指標"),
    ("year", "integer", "対象年（度）", YEAR_NOTE),
    ("value", "number", "値", "単位は unit 列"),
    ("unit", "string", "単位"),
    ("counts", "boolean", "採用", "true: その年の値として評価に使う改訂（最新の公表）"),
    ("withdrawn", "boolean", "取り下げ", "true: 誤って登録され取り下げられた値（評価に使わない）"),
    ("withdrawal_reason", "string", "取り下げの理由"),
    ("source", "string", "出典"),
    ("published_on", "date", "公表日", "出典が公表した日（空欄: 未確認）"),
    ("edition", "string", "版"),
    ("source_value", "number", "公表値", "単位換算前の、出典に載っている値"),
    ("source_unit", "string", "公表値の単位"),
    ("conversion", "string", "換算", "公表値から値への換算と丸め"),
    ("source_ref", "string", "出典の表・セル"),
)


def observation_table(row: Plan) -> Table:
    """Every revision of every published year's values, with provenance; counting ones marked.

    A value's staff note is not published (neither the page nor the public API shows it)."""
    units = {i.code: i.unit for i in to_core(row).indicators}
    rows = []
    for r in all_revisions(row):
        o, withdrawal = r.observation, r.withdrawal
        if not is_published(row, o.year):
            continue
        rows.append((
            o.seq, o.indicator, o.year, o.value, units.get(o.indicator, ""), r.current,
            withdrawal is not None, withdrawal.reason if withdrawal else "", o.source,
            o.published_on, o.edition, o.source_value, o.source_unit, o.conversion, o.source_ref,
        ))  # fmt: skip
    return Table(
        "observations", "評価指標の実績値（全改訂）",
        "公表済みの年の実績値。改訂前の値・取り下げた値も含め、出典・公表日・版とともに記録した全件",
        "progress", OBSERVATION_FIELDS, ("id",), rows, (INDICATOR_FK,),
    )  # fmt: skip


EVALUATION_FIELDS: tuple[Field, ...] = fields(
    ("year", "integer", "評価年度", YEAR_NOTE),
    ("indicator", "string", "評価指標"),
    ("unit", "string", "単位"),
    ("latest_year", "integer", "最新値の年（度）", "評価年度までで最も新しい実績の年"),
    ("latest_value", "number", "最新値", "単位は unit 列"),
    ("latest_published_on", "date", "最新値の公表日"),
    ("expected", "number", "目標線の値", "最新値の年における目標線（基準値と目標値を結ぶ線）"),
    ("target", "number", "評価年度の目標値"),
    ("progress", "number", "進捗率", "（最新値 − 基準値）÷（目標線 − 基準値）。1 = 100%"),
    ("attainment", "number", "達成率", "最新値 ÷ 目標線（減少が望ましい指標は逆数）。1 = 100%"),
    ("rating", "string", "評価", "A 達成, B 概ね順調, C 遅れ, D 後退（空欄: 評価なし）"),
    ("rated", "boolean", "評価の有無", "false: 評価しない（理由は reason）"),
    ("reason", "string", "評価しない理由", "no_actual, before_first_target, no_target_line"),
    ("projection_year", "integer", "予測の年度"),
    ("projection_value", "number", "最終年度の予測値", "実績の傾向（最小二乗）による"),
    ("on_course", "boolean", "目標到達見込み"),
    ("status", "string", "進捗状況（伸び率法）", "target_achieved, substantial_progress, …"),
    ("series_break_year", "integer", "統計の断層の年"),
    ("comparable", "boolean", "比較可能", "false: 基準値と最新値の間に統計の断層があり参考扱い"),
)


def _evaluation_row(year: int, r: dict[str, Any]) -> tuple[Any, ...]:
    latest, projection, brk = r["latest"] or {}, r["projection"] or {}, r["series_break"]
    return (
        year, r["code"], r["unit"], latest.get("year"), latest.get("value"),
        latest.get("published_on"), r["expected"], (r["target"] or {}).get("value"),
        r["progress"], r["attainment"], r["rating"] or "", r["rated"], r["reason"] or "",
        projection.get("year"), projection.get("value"), projection.get("on_course"),
        r["status"], brk["year"] if brk else None, r["comparable"],
    )  # fmt: skip


def evaluation_table(row: Plan) -> Table:
    """Each published year's evaluation of every indicator, as ``shinchoku evaluate`` gives it."""
    rows = []
    for year in evaluation_years(row):
        result = evaluation_dict(year, None, evaluate_year(row, year))
        rows += [_evaluation_row(year, r) for r in result["indicators"]]
    return Table(
        "evaluations", "評価結果", "公表済みの各年度の評価（その年度に適用される計画の版による）",
        "progress", EVALUATION_FIELDS, ("year", "indicator"), rows, (INDICATOR_FK,),
    )  # fmt: skip
