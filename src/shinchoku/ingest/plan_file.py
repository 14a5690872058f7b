"""The plan file (YAML): schema, cross-checks, located errors, conversion to core values.

Every problem is collected before anything is loaded, each with its file position
and path, e.g. ``plan.yaml:41:14: indicators[2].targets[1].value: expected a number``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, Field, PlainValidator, ValidationError

from ..core.calendar import ParsedYear, YearParseError, parse_year
from ..core.localgov import full_code
from ..core.messages import N_, listed, quoted, tr
from ..core.model import Plan, Thresholds
from . import plan_series
from .errors import InputError, Problem
from .plan_i18n import LANG_CODE, Translatable, translation_findings
from .plan_values import to_plan


def _year(value: Any) -> ParsedYear:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(tr("年を書いてください（例: 2023、令和5年度、R5）"))
    try:
        return parse_year(str(value))
    except YearParseError as err:
        raise ValueError(str(err)) from None


Year = Annotated[ParsedYear, PlainValidator(_year)]


def _localgov_code(value: Any) -> str:
    """A 地方公共団体コード as written (5 digits, or 6 with a matching check digit)."""
    text = "" if value is None else str(value)
    if text:
        full_code(text)  # CodeError (a ValueError) names the problem
    return text


LocalGovCode = Annotated[str, PlainValidator(_localgov_code)]
Text = Annotated[str, Field(min_length=1)]


M = TypeVar("M", bound=BaseModel)


class _Model(Translatable, BaseModel):
    """A plan-file mapping (unknown keys refused; ``<field>_<lang>`` translations gathered)."""


class OrganisationIn(_Model):
    TRANSLATABLE = ("name",)
    code: Text
    name: Text
    kind: Literal["department", "partner"]


class MeasureIn(_Model):
    TRANSLATABLE = ("title",)
    code: Annotated[str, Field(pattern=r"^\d+-\d+$")]
    title: Text


class PolicyIn(_Model):
    TRANSLATABLE = ("title", "summary")
    code: Annotated[str, Field(pattern=r"^\d+$")]
    title: Text
    summary: str = ""
    measures: Annotated[list[MeasureIn], Field(min_length=1)]


class ProjectIn(_Model):
    TRANSLATABLE = ("title", "summary")
    number: Annotated[int, Field(ge=1)]
    title: Text
    measures: Annotated[list[str], Field(min_length=1)]
    summary: Text
    lead: str | None = None
    partners: list[str] = []


class BaselineIn(_Model):
    TRANSLATABLE = ("source",)
    year: Year
    value: Decimal
    source: str = ""


class TargetIn(_Model):
    year: Year
    value: Decimal


class RuleIn(_Model):
    TRANSLATABLE = ("text",)
    text: Text
    step: Decimal
    unit: Literal["absolute", "percent"]


class SeriesBreakIn(_Model):
    TRANSLATABLE = ("label", "previous", "reason")
    year: Year
    label: Text
    previous: str = ""
    comparable: bool = False
    reason: str = ""


class IndicatorIn(_Model):
    TRANSLATABLE = ("name", "unit", "definition", "source", "note")
    code: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    name: Text
    unit: Text
    policy: str
    definition: str = ""
    source: Text
    period_kind: Literal["fiscal", "calendar"]
    direction: Literal["increase", "decrease"]
    baseline: BaselineIn
    # A monitoring indicator (参考指標) has no target: ``kind: monitoring``, targets empty.
    kind: Literal["target", "monitoring"] = "target"
    targets: list[TargetIn] = []
    rule: RuleIn | None = None
    owner: str | None = None
    note: str = ""
    series_breaks: list[SeriesBreakIn] = []
    min: Decimal | None = None
    max: Decimal | None = None


class SpanIn(_Model):
    start: Year
    end: Year


class PreviousPlanIn(_Model):
    TRANSLATABLE = ("title",)
    title: Text
    period: SpanIn


class VisionIn(_Model):
    TRANSLATABLE = ("title",)
    title: Text
    period: SpanIn
    previous_action_plan: PreviousPlanIn | None = None


class MunicipalityIn(_Model):
    TRANSLATABLE = ("name",)
    name: Text
    code: LocalGovCode = ""


class PlanIn(_Model):
    TRANSLATABLE = ("title", "edition", "philosophy")
    format: Literal["shinchoku-plan/1"]
    slug: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]
    municipality: MunicipalityIn
    title: Text
    edition: str = ""
    period: SpanIn
    vision: VisionIn
    philosophy: Text
    # Languages every text must be translated into (``plan validate`` fails without them).
    languages: list[str] = []
    organisations: list[OrganisationIn] = []
    policies: Annotated[list[PolicyIn], Field(min_length=1)]
    projects: list[ProjectIn] = []
    indicators: list[IndicatorIn] = []
    structure: dict[str, Any] = {}
    evaluation: Thresholds = Thresholds()


# --- YAML with positions ---------------------------------------------------------------------


class _StrictLoader(yaml.SafeLoader):
    """A safe loader that refuses duplicate keys instead of keeping the last one, and
    aliases (``*name``): a few lines of nested aliases expand to gigabytes once stored."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(
                None, None, "エイリアス（*名前）は使えません。値をそのまま書いてください", mark
            )
        return super().compose_node(parent, index)


def _no_duplicates(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, tr("キー{key}が2回あります", key=quoted(key)), key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep)


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def refold(lines: list[str]) -> str:
    """Join the lines of a folded block as Japanese is written: no space where either side
    of the fold is a wide (Japanese) character, a space between two narrow ones; an empty
    line is a line break (as in YAML)."""
    out = ""
    for line in (x.strip() for x in lines):
        if not line:
            out += "\n"
        elif not out or out.endswith("\n") or _wide(out[-1]) or _wide(line[0]):
            out += line
        else:
            out += " " + line
    return out.strip("\n")


def _folded_str(loader: _StrictLoader, node: yaml.ScalarNode) -> Any:
    """A folded block (``>``/``>-``) read back from the source lines with ``refold``: YAML's
    own folding puts a space at every line end, which splits Japanese sentences."""
    if node.style != ">":
        return loader.construct_scalar(node)
    source = node.start_mark.buffer or ""
    raw = source[node.start_mark.index : node.end_mark.index]
    return refold(raw.split("\n")[1:])


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)
_StrictLoader.add_constructor("tag:yaml.org,2002:str", _folded_str)
# Dates stay text: the schema decides what a year or date is, not YAML's resolver.
_StrictLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag != "tag:yaml.org,2002:timestamp"]
    for k, v in _StrictLoader.yaml_implicit_resolvers.items()
}


def _position(root: yaml.Node | None, loc: tuple[Any, ...]) -> str:
    """``line:column`` of the deepest node along ``loc`` that exists in the YAML."""
    node, mark = root, root.start_mark if root else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            node = node.value[part] if part < len(node.value) else None
        else:
            node = None
        if node is None:
            break
        mark = node.start_mark
    return f"{mark.line + 1}:{mark.column + 1}" if mark else "1:1"


def _path(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


_MESSAGES = {
    "decimal_parsing": N_("数値を書いてください"),
    "decimal_type": N_("数値を書いてください"),
    "int_parsing": N_("整数を書いてください"),
    "int_type": N_("整数を書いてください"),
    "missing": N_("必須の項目がありません"),
    "extra_forbidden": N_("知らない項目です（綴りを docs/plan-file.md で確かめてください）"),
    "string_too_short": N_("空にはできません"),
    "float_parsing": N_("数値を書いてください"),
    "unexpected_keyword_argument": N_(
        "知らない項目です（綴りを docs/plan-file.md で確かめてください）"
    ),
    "too_short": N_("空にはできません"),
    "bool_parsing": N_("true か false を書いてください"),
    "bool_type": N_("true か false を書いてください"),
    "string_type": N_("文字列を書いてください"),
    "list_type": N_("一覧（- で始まる行）を書いてください"),
    "dict_type": N_("項目の集まり（キー: 値）を書いてください"),
    "model_type": N_("項目の集まり（キー: 値）を書いてください"),
    "model_attributes_type": N_("項目の集まり（キー: 値）を書いてください"),
    "date_from_datetime_parsing": N_("日付を YYYY-MM-DD で書いてください"),
    "date_parsing": N_("日付を YYYY-MM-DD で書いてください"),
    "date_type": N_("日付を YYYY-MM-DD で書いてください"),
}
# What a code pattern asks for, in words (never the regular expression).
_PATTERNS = {
    r"^\d+-\d+$": N_("1-2 のように「数字-数字」で書いてください"),
    r"^\d+$": N_("数字で書いてください"),
    r"^[a-z0-9][a-z0-9-]*$": N_(
        "半角英小文字・数字・ハイフンで書いてください（例: gross-product）"
    ),
    r"^[0-9]{10}$": N_("10桁の数字で書いてください"),
    r"^[A-Z]{1,3}[0-9]+$": N_("B3 のようなセル番地で書いてください"),
}


def _message(error: dict[str, Any]) -> str:
    """Pydantic's complaint in the run's language (its own messages are English)."""
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx["error"])
    if kind == "string_pattern_mismatch":
        return tr(_PATTERNS.get(ctx.get("pattern", ""), N_("書き方が違います")))
    if kind in ("literal_error", "enum"):
        choices = listed(
            quoted(x.strip(" '")) for x in re.split(r",| or ", ctx.get("expected", ""))
        )
        return tr("{choices} のどれかを書いてください", choices=choices)
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        limit = next(iter(ctx.values()), "")
        return tr(_BOUNDS[kind], limit=limit)
    if kind in _MESSAGES:
        return tr(_MESSAGES[kind])
    return tr("値の形式が違います（{kind}）", kind=kind)


_BOUNDS = {
    "greater_than": N_("{limit} より大きい値を書いてください"),
    "greater_than_equal": N_("{limit} 以上の値を書いてください"),
    "less_than": N_("{limit} より小さい値を書いてください"),
    "less_than_equal": N_("{limit} 以下の値を書いてください"),
}


# --- cross-checks ----------------------------------------------------------------------------


def _cross_check(p: PlanIn) -> list[tuple[tuple[Any, ...], str]]:
    """Problems the schema cannot see: references, uniqueness, years in order."""
    found: list[tuple[tuple[Any, ...], str]] = []

    def once(items: list[Any], key: str, where: str) -> None:
        seen: set[Any] = set()
        for n, item in enumerate(items):
            value = getattr(item, key)
            if value in seen:
                found.append(((where, n, key), tr("{value}が2回以上あります", value=quoted(value))))
            seen.add(value)

    if p.period.start.year > p.period.end.year:
        found.append((("period",), tr("start が end より後です")))
    orgs = {o.code for o in p.organisations}
    once(p.organisations, "code", "organisations")
    once(p.policies, "code", "policies")
    measures = set()
    for n, pol in enumerate(p.policies):
        for m, mea in enumerate(pol.measures):
            if not mea.code.startswith(pol.code + "-"):
                found.append(
                    (
                        ("policies", n, "measures", m, "code"),
                        tr("{prefix} で始めてください", prefix=f"{pol.code}-"),
                    )
                )
            if mea.code in measures:
                found.append((("policies", n, "measures", m, "code"), tr("2回以上あります")))
            measures.add(mea.code)
    once(p.projects, "number", "projects")
    for n, proj in enumerate(p.projects):
        for m, code in enumerate(proj.measures):
            if code not in measures:
                message = tr("施策の柱{code}は計画にありません", code=quoted(code))
                found.append((("projects", n, "measures", m), message))
        for field, codes in (
            ("lead", [proj.lead] if proj.lead else []),
            ("partners", proj.partners),
        ):
            for m, code in enumerate(codes):
                if code not in orgs:
                    loc = ("projects", n, field) + ((m,) if field == "partners" else ())
                    found.append(
                        (loc, tr("組織{code}が organisations にありません", code=quoted(code)))
                    )
    once(p.indicators, "code", "indicators")
    once(p.indicators, "name", "indicators")
    policies = {pol.code for pol in p.policies}
    for n, ind in enumerate(p.indicators):
        where = ("indicators", n)
        if ind.policy not in policies:
            message = tr("基本方針{code}は計画にありません", code=quoted(ind.policy))
            found.append(((*where, "policy"), message))
        if ind.owner and ind.owner not in orgs:
            message = tr("組織{code}が organisations にありません", code=quoted(ind.owner))
            found.append(((*where, "owner"), message))
        years = (
            [("baseline", ind.baseline.year)]
            + [(("targets", m), t.year) for m, t in enumerate(ind.targets)]
            + [(("series_breaks", m), b.year) for m, b in enumerate(ind.series_breaks)]
        )
        for key, year in years:
            loc = (*where, *(key if isinstance(key, tuple) else (key,)), "year")
            if year.kind and year.kind != ind.period_kind:
                message = (
                    tr("この指標は年度で数えます: 年度で書いてください")
                    if ind.period_kind == "fiscal"
                    else tr("この指標は年で数えます: 年で書いてください")
                )
                found.append((loc, message))
        if ind.kind == "target" and not ind.targets:
            message = tr("目標が1つ以上必要です（目標のない指標は kind: monitoring と書きます）")
            found.append(((*where, "targets"), message))
        if ind.kind == "monitoring" and ind.targets:
            message = tr("参考指標（monitoring）に目標は置けません: 目標か kind を消してください")
            found.append(((*where, "targets"), message))
        seen: set[int] = set()
        for m, t in enumerate(ind.targets):
            loc = (*where, "targets", m, "year")
            if t.year.year <= ind.baseline.year.year:
                found.append((loc, tr("目標は基準年より後の年に置いてください")))
            if t.year.year in seen:
                found.append((loc, tr("{year}の目標が2つあります", year=t.year.year)))
            seen.add(t.year.year)
        found += _check_breaks(ind, where)
        found += _check_range(ind, where)
    if p.evaluation.jump_share <= 0:
        message = tr("0 より大きい割合を書いてください（0.5 = ±50 %）")
        found.append((("evaluation", "jump_share"), message))
    if (p.evaluation.report_detail_limit or 0) < 0:
        message = tr("0 以上の指標数を書いてください（これより多いと報告書は一覧表の形になります）")
        found.append((("evaluation", "report_detail_limit"), message))
    return found


def _check_range(ind: IndicatorIn, where: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], str]]:
    """``min`` ≤ ``max``, and the baseline and every target inside the admissible range."""
    if ind.min is not None and ind.max is not None and ind.min > ind.max:
        return [
            ((*where, "max"), tr("max {max} が min {min} より小さいです", max=ind.max, min=ind.min))
        ]
    found: list[tuple[tuple[Any, ...], str]] = []
    values = [(("baseline",), ind.baseline.value)]
    values += [(("targets", m), t.value) for m, t in enumerate(ind.targets)]
    for key, value in values:
        if (ind.min is not None and value < ind.min) or (ind.max is not None and value > ind.max):
            message = tr("{value} は指標の min/max の範囲外です", value=value)
            found.append(((*where, *key, "value"), message))
    return found


def _check_breaks(ind: IndicatorIn, where: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], str]]:
    """At most one break per year (a break before the baseline still marks the history)."""
    found: list[tuple[tuple[Any, ...], str]] = []
    seen: set[int] = set()
    for m, b in enumerate(ind.series_breaks):
        loc = (*where, "series_breaks", m, "year")
        if b.year.year in seen:
            found.append((loc, tr("{year}の統計の断層が2つあります", year=b.year.year)))
        seen.add(b.year.year)
    return found


# --- public ----------------------------------------------------------------------------------


def validate_yaml(text: str, source: str, model: type[M], expected: str) -> tuple[Any, M]:
    """Parse YAML and validate it against ``model``; InputError with every located problem.

    Returns the YAML node tree (for positions of later cross-checks) and the parsed model.
    """
    root, data = _load(text, source, expected)
    return root, _validate(data, model, source, _locator(source, root))


def _load(text: str, source: str, expected: str) -> tuple[Any, dict[str, Any]]:
    """The YAML node tree and the data of ``text``; InputError when it is not a mapping."""
    try:
        root = yaml.compose(text, Loader=_StrictLoader)
        data = yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        problem = getattr(err, "problem", None) or str(err)
        message = tr("YAMLとして読めません: {problem}", problem=problem)
        raise InputError([Problem(where, message)], source) from None
    if not isinstance(data, dict):
        message = tr("{expected}を書いてください", expected=tr(expected))
        raise InputError([Problem(f"{source}:1:1", message)], source)
    return root, data


def _locator(source: str, root: Any) -> Callable[[tuple[Any, ...]], str]:
    """Where a schema path is in the YAML: ``plan.yaml:41:14 indicators[2].targets[1]``."""
    return lambda loc: f"{source}:{_position(root, loc)} {_path(loc)}"


def _validate(data: Any, model: type[M], source: str, where: Callable[..., str]) -> M:
    try:
        return model.model_validate(data)
    except ValidationError as err:
        problems = [Problem(where(e["loc"]), _message(e)) for e in err.errors()]
        raise InputError(problems, source) from None


def located(source: str, root: Any, found: list[tuple[tuple[Any, ...], str]]) -> list[Problem]:
    """Cross-check findings ``(path, message)`` as problems with their file positions."""
    return [Problem(f"{source}:{_position(root, loc)} {_path(loc)}", m) for loc, m in found]


def check_plan_text(
    text: str, source: str = "plan.yaml", tables: dict[str, str] | None = None
) -> tuple[Plan, list[Problem]]:
    """Validate plan YAML: the plan and its notes (each missing translation), or InputError
    with every problem (a missing translation of a language in ``languages:`` is one).

    ``tables``: the series table the plan's ``series:`` names, by name (``plan_series``);
    a stored version carries its own after the YAML.
    """
    text, kept = plan_series.split(text)
    root, data = _load(text, source, N_("計画の項目の集まり（キー: 値）"))
    where = _locator(source, root)
    if "series" in data:
        where = plan_series.attach(data, source, {**kept, **(tables or {})}, where)
    parsed = _validate(data, PlanIn, source, where)
    found = _cross_check(parsed)
    for lang in parsed.languages:
        if not LANG_CODE.match(lang):
            message = tr("{lang}は言語コードではありません（ja、en、zh-Hans …）", lang=quoted(lang))
            found.append((("languages",), message))
    missing, required = translation_findings(parsed)
    # A note ends with the field it wants, e.g. （title_en）: required when its language is.
    errors = [(loc, m) for loc, m in missing
              if any(m.rstrip("）)").endswith(f"_{r}") for r in required)]  # fmt: skip
    if found or errors:
        raise InputError([Problem(where(loc), m) for loc, m in found + errors], source)
    return to_plan(parsed), [Problem(where(loc), m) for loc, m in missing]


def read_plan_text(text: str, source: str = "plan.yaml") -> Plan:
    """Validate plan YAML and return the plan, or raise InputError with every problem."""
    return check_plan_text(text, source)[0]


def plan_file_text(path: str | Path) -> str:
    """A plan file's text as a version is stored: with the series table it names after it
    (``plan_series.bundle``), so the stored text needs no other file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        message = tr("ファイルを読めません: {problem}", problem=err)
        raise InputError([Problem(str(path), message)], str(path)) from None
    return plan_series.bundle(text, plan_series.read_tables(text, path.parent))


def check_plan_file(path: str | Path) -> tuple[Plan, list[Problem]]:
    """Read and validate a plan file (and the series table it names): the plan and notes."""
    return check_plan_text(plan_file_text(path), str(path))


def read_plan_file(path: str | Path) -> Plan:
    """Read and validate a plan file."""
    return check_plan_file(path)[0]
