"""The sources file (``format: shinchoku-sources/1``): where each indicator's figures come from.

One YAML file declares, per indicator, how its figures are read from an official source:
``estat`` entries name an e-Stat table and the category codes that pick the figure; ``tables``
entries describe a prefecture's published spreadsheet (sheet, header row, municipality
column, value columns, unit, reference year, edition). Next year's table imports without
code: only this file (or a command-line option) changes. See docs/statistics.md.
"""

from __future__ import annotations

import datetime
import re
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, model_validator

from ..core.calendar import ParsedYear, YearParseError, parse_year
from ..core.messages import N_, listed, quoted, tr
from .errors import InputError, Problem
from .plan_file import located, validate_yaml

BUILTIN = "tokorozawa-sources.yaml"
Text = Annotated[str, Field(min_length=1)]
Code = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$")]


def _year(value: Any) -> ParsedYear:
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(tr("年を書いてください（例: 2023、令和元年度、R3）"))
    try:
        return parse_year(str(value))
    except YearParseError as err:
        raise ValueError(str(err)) from None


def _date(value: Any) -> datetime.date:
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(tr("日付を YYYY-MM-DD で書いてください")) from None


Year = Annotated[ParsedYear, PlainValidator(_year)]
Date = Annotated[datetime.date, PlainValidator(_date)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EStatSource(_Model):
    """An indicator's figures in an e-Stat table (API ``getStatsData``)."""

    indicator: Code
    stats_data_id: Annotated[str, Field(pattern=r"^[0-9]{10}$")]
    title: str = ""
    # Dimension id → code that picks the figure, e.g. {tab: "001", cat01: "00"}.
    select: dict[str, str] = {}
    # The municipality's area code; by default the plan's municipality code.
    area: str = ""
    unit: Text
    decimals: Annotated[int, Field(ge=0, le=6)] = 0
    edition: str = ""
    source: str = ""
    note: str = ""


class TableSource(_Model):
    """A prefecture's spreadsheet (or CSV) with a row per municipality."""

    name: Code
    indicator: Code
    title: str = ""
    file_type: Literal["xlsx", "csv"] = "xlsx"
    encoding: str = "auto"  # CSV only: auto reads UTF-8 or Shift_JIS (cp932)
    sheet: str | int | None = None  # name, or 1-based position; first sheet when omitted
    header_row: Annotated[int, Field(ge=1)]
    municipality_column: Text  # heading text or column letter
    municipality: str = ""  # name (所沢市) or code; by default the plan's municipality
    # Exactly one of: one column; the columns to add up (months); every heading that is a year.
    value_column: str | None = None
    value_columns: list[Text] = []
    year_columns: bool = False
    total_column: str | None = None  # with value_columns: the printed total, checked
    unit: Text
    decimals: Annotated[int, Field(ge=0, le=6)] = 0
    reference_year: Year | None = None
    reference_year_cell: Annotated[str, Field(pattern=r"^[A-Z]{1,3}[0-9]+$")] | None = None
    edition: str = ""  # may hold {year} and {latest}: 令和元年度版 = "{latest}版"
    published_on: Date | None = None
    source: Text
    note: str = ""

    @model_validator(mode="after")
    def _one_layout(self) -> TableSource:
        modes = [self.value_column is not None, bool(self.value_columns), self.year_columns]
        if sum(modes) != 1:
            raise ValueError(
                tr(
                    "value_column、value_columns（合計する列）、year_columns の"
                    "どれか1つを書いてください"
                )
            )
        if self.total_column and not self.value_columns:
            raise ValueError(
                tr(
                    "total_column は value_columns の合計を確かめます: "
                    "value_columns も書いてください"
                )
            )
        return self


class SourcesIn(_Model):
    format: Literal["shinchoku-sources/1"]
    estat: list[EStatSource] = []
    tables: list[TableSource] = []


def _cross_check(s: SourcesIn, indicators: set[str] | None) -> list[tuple[tuple[Any, ...], str]]:
    found: list[tuple[tuple[Any, ...], str]] = []
    seen: set[str] = set()
    for n, t in enumerate(s.tables):
        if t.name in seen:
            found.append(
                (("tables", n, "name"), tr("{value}が2回以上あります", value=quoted(t.name)))
            )
        seen.add(t.name)
    if indicators is not None:
        for key, items in (("estat", s.estat), ("tables", s.tables)):
            for n, item in enumerate(items):
                if item.indicator not in indicators:
                    message = tr(
                        "指標{code}は計画にありません（{known}）",
                        code=quoted(item.indicator),
                        known=", ".join(sorted(indicators)),
                    )
                    found.append(((key, n, "indicator"), message))
    return found


def read_sources_text(
    text: str, source: str = "sources.yaml", indicators: set[str] | None = None
) -> SourcesIn:
    """Validate a sources file; every problem with its line, column and path, or the file."""
    root, parsed = validate_yaml(
        text, source, SourcesIn, N_("format: を含む項目の集まり（キー: 値）")
    )
    if found := _cross_check(parsed, indicators):
        raise InputError(located(source, root, found), source)
    return parsed


def read_sources(path: Path | None = None, indicators: set[str] | None = None) -> SourcesIn:
    """The sources file at ``path``, or the built-in plan's (``tokorozawa-sources.yaml``)."""
    if path is None:
        text = resources.files("shinchoku.plan.builtin").joinpath(BUILTIN).read_text("utf-8")
        return read_sources_text(text, BUILTIN, indicators)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        message = tr("ファイルを読めません: {problem}", problem=err)
        raise InputError([Problem(str(path), message)], str(path)) from None
    return read_sources_text(text, path.name, indicators)


def table_source(sources: SourcesIn, name: str) -> TableSource:
    """The table mapping called ``name``, or InputError listing the names there are."""
    for t in sources.tables:
        if t.name == name:
            return t
    known = listed(t.name for t in sources.tables) or tr("（ありません）")
    message = tr("「{name}」という表の対応づけはありません: {known}", name=name, known=known)
    raise InputError([Problem("--mapping", message)])


CELL = re.compile(r"^([A-Z]{1,3})([0-9]+)$")
