"""The pure rules: routes, languages, fiscal years, output indicators (the review states'
machine is tested in test_states.py)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from shinchoku.registries import outputs, rules

D = datetime.date


@pytest.mark.parametrize(
    ("day", "year"), [(D(2024, 3, 31), 2023), (D(2024, 4, 1), 2024), (D(2025, 1, 5), 2024)]
)
def test_fiscal_year(day, year):
    assert rules.fiscal_year(day) == year


def test_route_length_of_one_kilometre_north():
    # 0.008993° of latitude is 1.000 km on the mean-radius sphere
    route = rules.parse_route(
        '{"type": "LineString", "coordinates": [[139.47, 35.79], [139.47, 35.798993]]}'
    )
    assert route.length_km() == pytest.approx(1.0, abs=0.001)
    assert route.points() == [(35.79, 139.47), (35.798993, 139.47)]


def test_route_in_a_feature_and_multilinestring():
    route = rules.parse_route(
        {"type": "Feature", "geometry": {"type": "MultiLineString",
         "coordinates": [[[139.4, 35.8], [139.41, 35.8]], [[139.5, 35.8], [139.5, 35.81]]]}}
    )  # fmt: skip
    assert len(route.lines) == 2
    assert route.geojson()["type"] == "MultiLineString"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{nope", "GeoJSON として読めません（1行2列）"),
        ('{"type": "Point", "coordinates": [139.4, 35.8]}', "LineString か MultiLineString"),
        ('{"type": "LineString", "coordinates": [[139.4, 35.8]]}', "線1: 2点以上の座標が必要です"),
        ('{"type": "LineString", "coordinates": [[139.4, 35.8], [35.8, 139.4]]}',
         "線1 点2: 経度・緯度の範囲外です"),
        ('{"type": "LineString", "coordinates": [[139.4, 35.8], ["a", 1]]}',
         "線1 点2: 座標は \\[経度, 緯度\\] の数の組"),
    ],
)  # fmt: skip
def test_route_errors_say_where(text, message):
    with pytest.raises(rules.RuleError, match=message):
        rules.parse_route(text)


def test_languages_are_normalised_and_checked():
    assert rules.parse_languages("en, ja ko") == ("ja", "en", "ko")
    with pytest.raises(rules.RuleError, match="fr"):
        rules.parse_languages("ja,fr")
    with pytest.raises(rules.RuleError, match="1つ以上"):
        rules.parse_languages(" ")


def value(figures, key):
    return next(f.value for f in figures if f.definition.key == key)


def test_certified_products_count_what_is_in_force_at_the_fiscal_year_end():
    facts = outputs.Facts(
        product_events={
            1: [(D(2023, 5, 1), "applied"), (D(2023, 6, 1), "approved"),
                (D(2024, 2, 1), "suspended"), (D(2024, 5, 1), "approved")],
            2: [(D(2023, 5, 1), "applied"), (D(2023, 7, 1), "approved"), (D(2025, 3, 31), "ended")],
            3: [(D(2023, 5, 1), "applied"), (D(2023, 5, 9), "reviewing")],
        }
    )  # fmt: skip
    assert value(outputs.compute(facts, 2022), "certified-products") == 0
    assert value(outputs.compute(facts, 2023), "certified-products") == 1  # 1 is suspended
    assert value(outputs.compute(facts, 2024), "certified-products") == 1  # 2 ended on 3/31


def test_sums_within_the_fiscal_year_and_cumulative_signs():
    facts = outputs.Facts(
        goods=[(D(2024, 3, 31), 5), (D(2024, 4, 1), 50), (D(2025, 3, 1), 2)],
        guide_maps=[(2024, 3000), (2024, 800), (2023, 4000)],
        lunch=[(2024, 12, Decimal("800.5")), (2024, 14, Decimal("900.0"))],
        signs=[(2023, ("ja",)), (2023, ("ja", "en")), (2024, ("ja", "zh", "ko"))],
    )
    figures = outputs.compute(facts, 2024)
    assert value(figures, "pr-goods") == 52
    assert value(figures, "guide-maps") == 3800
    assert value(figures, "lunch-items") == 14  # the later record revises
    assert value(figures, "lunch-usage") == Decimal("900.0")
    assert value(figures, "signs-installed") == 3
    assert value(figures, "multilingual-signs") == 2
    assert value(outputs.compute(facts, 2023), "multilingual-signs") == 1


def test_nothing_recorded_is_none_not_zero():
    figures = outputs.compute(outputs.Facts(), 2024)
    assert value(figures, "guide-maps") is None
    assert value(figures, "lunch-items") is None
    assert value(figures, "certified-products") == 0  # the registry itself says none
    assert [f.definition.project for f in outputs.for_project(figures, 12)] == [12]
