"""The plan file (YAML): schema, cross-checks, located errors, conversion to core values.

Every problem is collected before anything is loaded, each with its file position
and path, e.g. ``plan.yaml:41:14: indicators[2].targets[1].value: expected a number``.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, Field, PlainValidator, ValidationError

from ..core.calendar import ParsedYear, YearParseError, parse_year
from ..core.localgov import full_code
from ..core.model import Plan, Thresholds
from .errors import InputError, Problem
from .plan_i18n import LANG_CODE, Translatable, translation_findings
from .plan_values import to_plan


def _year(value: Any) -> ParsedYear:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError("expected a year such as 2023, 令和5年度 or R5")
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
    """A safe loader that refuses duplicate keys instead of keeping the last one."""


def _no_duplicates(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
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
    "decimal_parsing": "expected a number",
    "decimal_type": "expected a number",
    "int_parsing": "expected a whole number",
    "int_type": "expected a whole number",
    "missing": "required field is missing",
    "extra_forbidden": "unknown field (check its spelling against docs/plan-file.md)",
    "string_too_short": "must not be empty",
    "float_parsing": "expected a number",
    "unexpected_keyword_argument": "unknown field (check its spelling against docs/plan-file.md)",
    "too_short": "must not be empty",
    "bool_parsing": "expected true or false",
    "bool_type": "expected true or false",
}


def _message(error: dict[str, Any]) -> str:
    if error["type"] == "value_error":
        return str(error["ctx"]["error"])
    return _MESSAGES.get(error["type"], error["msg"])


# --- cross-checks ----------------------------------------------------------------------------


def _cross_check(p: PlanIn) -> list[tuple[tuple[Any, ...], str]]:
    """Problems the schema cannot see: references, uniqueness, years in order."""
    found: list[tuple[tuple[Any, ...], str]] = []

    def once(items: list[Any], key: str, where: str) -> None:
        seen: set[Any] = set()
        for n, item in enumerate(items):
            value = getattr(item, key)
            if value in seen:
                found.append(((where, n, key), f"{value!r} appears more than once"))
            seen.add(value)

    if p.period.start.year > p.period.end.year:
        found.append((("period",), "start is after end"))
    orgs = {o.code for o in p.organisations}
    once(p.organisations, "code", "organisations")
    once(p.policies, "code", "policies")
    measures = set()
    for n, pol in enumerate(p.policies):
        for m, mea in enumerate(pol.measures):
            if not mea.code.startswith(pol.code + "-"):
                found.append(
                    (("policies", n, "measures", m, "code"), f"must start with {pol.code}-")
                )
            if mea.code in measures:
                found.append((("policies", n, "measures", m, "code"), "appears more than once"))
            measures.add(mea.code)
    once(p.projects, "number", "projects")
    for n, proj in enumerate(p.projects):
        for m, code in enumerate(proj.measures):
            if code not in measures:
                found.append((("projects", n, "measures", m), f"no measure {code!r} in the plan"))
        for field, codes in (
            ("lead", [proj.lead] if proj.lead else []),
            ("partners", proj.partners),
        ):
            for m, code in enumerate(codes):
                if code not in orgs:
                    loc = ("projects", n, field) + ((m,) if field == "partners" else ())
                    found.append((loc, f"no organisation {code!r} in organisations"))
    once(p.indicators, "code", "indicators")
    once(p.indicators, "name", "indicators")
    policies = {pol.code for pol in p.policies}
    for n, ind in enumerate(p.indicators):
        where = ("indicators", n)
        if ind.policy not in policies:
            found.append(((*where, "policy"), f"no basic policy {ind.policy!r} in the plan"))
        if ind.owner and ind.owner not in orgs:
            found.append(((*where, "owner"), f"no organisation {ind.owner!r} in organisations"))
        years = (
            [("baseline", ind.baseline.year)]
            + [(("targets", m), t.year) for m, t in enumerate(ind.targets)]
            + [(("series_breaks", m), b.year) for m, b in enumerate(ind.series_breaks)]
        )
        for key, year in years:
            loc = (*where, *(key if isinstance(key, tuple) else (key,)), "year")
            if year.kind and year.kind != ind.period_kind:
                word = "年度" if ind.period_kind == "fiscal" else "年"
                found.append((loc, f"this indicator counts in {word}; write the year so"))
        if ind.kind == "target" and not ind.targets:
            message = "needs at least one target (write kind: monitoring for one without)"
            found.append(((*where, "targets"), message))
        if ind.kind == "monitoring" and ind.targets:
            message = "a monitoring indicator has no targets: remove them or the kind"
            found.append(((*where, "targets"), message))
        seen: set[int] = set()
        for m, t in enumerate(ind.targets):
            loc = (*where, "targets", m, "year")
            if t.year.year <= ind.baseline.year.year:
                found.append((loc, "a target must come after the baseline year"))
            if t.year.year in seen:
                found.append((loc, f"{t.year.year} has two targets"))
            seen.add(t.year.year)
        found += _check_breaks(ind, where)
        found += _check_range(ind, where)
    if p.evaluation.jump_share <= 0:
        found.append((("evaluation", "jump_share"), "must be a share above 0 (0.5 = ±50 %)"))
    return found


def _check_range(ind: IndicatorIn, where: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], str]]:
    """``min`` ≤ ``max``, and the baseline and every target inside the admissible range."""
    if ind.min is not None and ind.max is not None and ind.min > ind.max:
        return [((*where, "max"), f"max {ind.max} is below min {ind.min}")]
    found: list[tuple[tuple[Any, ...], str]] = []
    values = [(("baseline",), ind.baseline.value)]
    values += [(("targets", m), t.value) for m, t in enumerate(ind.targets)]
    for key, value in values:
        if (ind.min is not None and value < ind.min) or (ind.max is not None and value > ind.max):
            found.append(((*where, *key, "value"), f"{value} is outside min/max of the indicator"))
    return found


def _check_breaks(ind: IndicatorIn, where: tuple[Any, ...]) -> list[tuple[tuple[Any, ...], str]]:
    """At most one break per year (a break before the baseline still marks the history)."""
    found: list[tuple[tuple[Any, ...], str]] = []
    seen: set[int] = set()
    for m, b in enumerate(ind.series_breaks):
        loc = (*where, "series_breaks", m, "year")
        if b.year.year in seen:
            found.append((loc, f"{b.year.year} has two series breaks"))
        seen.add(b.year.year)
    return found


# --- public ----------------------------------------------------------------------------------


def validate_yaml(text: str, source: str, model: type[M], expected: str) -> tuple[Any, M]:
    """Parse YAML and validate it against ``model``; InputError with every located problem.

    Returns the YAML node tree (for positions of later cross-checks) and the parsed model.
    """
    try:
        root = yaml.compose(text, Loader=_StrictLoader)
        data = yaml.load(text, Loader=_StrictLoader)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        problem = getattr(err, "problem", None) or str(err)
        raise InputError([Problem(where, f"not valid YAML: {problem}")], source) from None
    if not isinstance(data, dict):
        raise InputError([Problem(f"{source}:1:1", f"expected {expected}")], source)
    try:
        return root, model.model_validate(data)
    except ValidationError as err:
        problems = [
            Problem(f"{source}:{_position(root, e['loc'])} {_path(e['loc'])}", _message(e))
            for e in err.errors()
        ]
        raise InputError(problems, source) from None


def located(source: str, root: Any, found: list[tuple[tuple[Any, ...], str]]) -> list[Problem]:
    """Cross-check findings ``(path, message)`` as problems with their file positions."""
    return [Problem(f"{source}:{_position(root, loc)} {_path(loc)}", m) for loc, m in found]


def check_plan_text(text: str, source: str = "plan.yaml") -> tuple[Plan, list[Problem]]:
    """Validate plan YAML: the plan and its notes (each missing translation), or InputError
    with every problem (a missing translation of a language in ``languages:`` is one)."""
    root, parsed = validate_yaml(text, source, PlanIn, "a mapping of plan fields")
    found = _cross_check(parsed)
    for lang in parsed.languages:
        if not LANG_CODE.match(lang):
            found.append((("languages",), f"{lang!r} is not a language code (ja, en, zh-Hans …)"))
    missing, required = translation_findings(parsed)
    errors = [(loc, m) for loc, m in missing if any(m.endswith(f"_{r}）") for r in required)]
    if found or errors:
        raise InputError(located(source, root, found + errors), source)
    return to_plan(parsed), located(source, root, missing)


def read_plan_text(text: str, source: str = "plan.yaml") -> Plan:
    """Validate plan YAML and return the plan, or raise InputError with every problem."""
    return check_plan_text(text, source)[0]


def check_plan_file(path: str | Path) -> tuple[Plan, list[Problem]]:
    """Read and validate a plan file: the plan and its notes."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise InputError([Problem(str(path), f"cannot read the file: {err}")], str(path)) from None
    return check_plan_text(text, str(path))


def read_plan_file(path: str | Path) -> Plan:
    """Read and validate a plan file."""
    return check_plan_file(path)[0]
