"""Output indicators (活動指標) computed from the registries for a fiscal year (pure).

The services load the registries into ``Facts``; ``compute`` decides every number
here, once, so the 事業評価シート, the council report and the CLI agree.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from .rules import APPROVED, fiscal_year, fiscal_year_end, state_on


@dataclass(frozen=True)
class Definition:
    """An output indicator a registry feeds: its project, name, unit and how it is counted."""

    key: str
    project: int
    name: str
    unit: str
    definition: str
    # The same texts in other languages, as a plan item holds them (core.i18n ``text``):
    # {"en": {"name": …, "unit": …, "definition": …}}.
    translations: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


def _en(name: str, unit: str, definition: str) -> dict[str, dict[str, str]]:
    return {"en": {"name": name, "unit": unit, "definition": definition}}


DEFINITIONS: tuple[Definition, ...] = (
    Definition("certified-products", 10, "所沢ブランド特産品 認定数", "品",
               "年度末（3月31日）に認定中の特産品の数。停止中・終了したものは数えない。",
               _en("Tokorozawa brand products certified", "products",
                   "Products certified at the end of the fiscal year (31 March); suspended or "
                   "ended ones are not counted.")),
    Definition("registered-shops", 10, "販売協力店 登録数", "店",
               "年度末（3月31日）に登録中の販売協力店の数。",
               _en("Cooperating shops registered", "shops",
                   "Cooperating shops registered at the end of the fiscal year (31 March).")),
    Definition("pr-goods", 10, "販路支援グッズ提供数", "点",
               "年度中に販売協力店へ提供したのぼり旗・パンフレット等の数量の合計。",
               _en("Sales promotion goods provided", "pieces",
                   "Banners, brochures and other goods provided to cooperating shops during "
                   "the fiscal year, in total.")),
    Definition("guide-maps", 11, "直売所ガイドマップ配布部数", "部",
               "年度中に配布した「所沢市農産物直売所ガイドマップ」の部数。",
               _en("Farm direct-sales guide maps distributed", "copies",
                   "Copies of the Tokorozawa City farm direct-sales guide map distributed "
                   "during the fiscal year.")),
    Definition("lunch-items", 11, "学校給食の市内産農産物 品目数", "品目",
               "年度の学校給食で使用した市内産農産物の品目数（最新の記録）。",
               _en("Locally grown produce in school lunches: kinds", "kinds",
                   "Kinds of produce grown in the city used in school lunches in the fiscal "
                   "year (the latest record).")),
    Definition("lunch-usage", 11, "学校給食の市内産農産物 使用量", "kg",
               "年度の学校給食で使用した市内産農産物の量（最新の記録）。",
               _en("Locally grown produce in school lunches: amount", "kg",
                   "Amount of produce grown in the city used in school lunches in the fiscal "
                   "year (the latest record).")),
    Definition("signs-installed", 8, "道標・案内板 設置数（累計）", "基",
               "年度末までにおさんぽコースに設置した道標・観光案内板等の累計。",
               _en("Signs and guide boards installed (cumulative)", "signs",
                   "Signs, tourist guide boards and the like installed on the walking courses "
                   "up to the end of the fiscal year.")),
    Definition("multilingual-signs", 12, "多言語化した案内板数（累計）", "基",
               "日本語のほか1言語以上で表示する道標・案内板の、年度末までの累計。",
               _en("Multilingual guide boards (cumulative)", "signs",
                   "Signs and guide boards shown in at least one language besides Japanese, up "
                   "to the end of the fiscal year.")),
)  # fmt: skip
BY_KEY = {d.key: d for d in DEFINITIONS}


@dataclass(frozen=True)
class Facts:
    """What the registries hold, as plain values."""

    # application id → its (effective date, state after) events in time order
    product_events: Mapping[int, Sequence[tuple[datetime.date, str]]] = field(default_factory=dict)
    shop_events: Mapping[int, Sequence[tuple[datetime.date, str]]] = field(default_factory=dict)
    goods: Sequence[tuple[datetime.date, int]] = ()  # (handed on, quantity)
    guide_maps: Sequence[tuple[int, int]] = ()  # (fiscal year, copies distributed)
    # (fiscal year, items, usage kg or None) in the order recorded: a later row revises
    lunch: Sequence[tuple[int, int, Decimal | None]] = ()
    signs: Sequence[tuple[int, tuple[str, ...]]] = ()  # (installation year, languages)


@dataclass(frozen=True)
class Figure:
    """One output indicator's value for one fiscal year (None: nothing recorded)."""

    definition: Definition
    year: int
    value: Decimal | None


def _in_force(events: Mapping[int, Sequence[tuple[datetime.date, str]]], day: datetime.date) -> int:
    return sum(1 for history in events.values() if state_on(history, day) == APPROVED)


def compute(facts: Facts, year: int) -> list[Figure]:
    """Every registry output indicator for fiscal ``year``, in ``DEFINITIONS`` order."""
    end = fiscal_year_end(year)
    lunch = {y: (items, usage) for y, items, usage in facts.lunch}  # the last row wins
    maps = [n for y, n in facts.guide_maps if y == year]
    values: dict[str, Decimal | None] = {
        "certified-products": Decimal(_in_force(facts.product_events, end)),
        "registered-shops": Decimal(_in_force(facts.shop_events, end)),
        "pr-goods": Decimal(sum(q for day, q in facts.goods if fiscal_year(day) == year)),
        "guide-maps": Decimal(sum(maps)) if maps else None,
        "lunch-items": Decimal(lunch[year][0]) if year in lunch else None,
        "lunch-usage": lunch[year][1] if year in lunch else None,
        "signs-installed": Decimal(sum(1 for y, _l in facts.signs if y <= year)),
        "multilingual-signs": Decimal(
            sum(1 for y, langs in facts.signs if y <= year and len(set(langs) - {"ja"}) >= 1)
        ),
    }
    return [Figure(d, year, values[d.key]) for d in DEFINITIONS]


def for_project(figures: Sequence[Figure], number: int) -> list[Figure]:
    """The figures that belong to priority project ``number``."""
    return [f for f in figures if f.definition.project == number]
