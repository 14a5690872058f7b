"""Course routes drawn on the map or uploaded as GPX / GeoJSON; length and walking time."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from shinchoku.registries import routefiles, rules
from shinchoku.registries.models import Course

from .test_staff_forms import COURSE, course  # noqa: F401 (fixture)

WALK = Path(__file__).parents[1] / "fixtures" / "registries" / "walk.gpx"
DEGREE_KM = 6371.0088 * 3.141592653589793 / 180  # one degree of latitude on the sphere
ADD = "/workspace/registries/courses/add/"


def test_the_gpx_fixture_has_its_known_length():
    route = routefiles.parse_route_file("walk.gpx", WALK.read_bytes())
    assert route.lines == (
        ((35.78, 139.47), (35.79, 139.47), (35.80, 139.47)),
        ((35.80, 139.48), (35.79, 139.48)),
    )
    assert route.length_km() == pytest.approx(0.03 * DEGREE_KM, abs=1e-6)  # 3.33585 km
    assert rules.walking_minutes(route.length_km()) == 50


@pytest.mark.parametrize(
    ("km", "minutes"),
    [(0.1, 5), (1.0, 15), (2.2239, 35), (3.33585, 50), (6.0, 90), (8.1, 120)],
)
def test_walking_time_at_four_km_an_hour_to_five_minutes(km, minutes):
    assert rules.WALKING_KMH == 4 and rules.walking_minutes(km) == minutes


GPX = '<?xml version="1.0"?>\n<gpx version="1.1">\n<trk><trkseg>\n{}\n</trkseg></trk>\n</gpx>'


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (GPX.format('<trkpt lat="35.78" lon="139.47"/>\n<trkpt lat="35.79"/>'),
         "5行目: <trkpt> に lon がありません"),
        (GPX.format('<trkpt lat="35.78" lon="139.47"/>\n<trkpt lat="北" lon="139.47"/>'),
         "5行目: <trkpt> の lat・lon が数ではありません"),
        (GPX.format('<trkpt lat="35.78" lon="139.47">'),
         "GPX として読めません（5行3列: 開始タグと終了タグが対応していません）"),
        (GPX.format('<trkpt lat="35.78" lon="139.47"/>'), "3行目からの線に点が1つしかありません"),
        ('<?xml version="1.0"?>\n<kml><trkpt lat="1" lon="2"/></kml>',
         "2行目: GPX ファイルではありません（最初の要素が <kml>）"),
        ('<?xml version="1.0"?>\n<!DOCTYPE gpx [<!ENTITY a "aaaa">]>\n<gpx>&a;</gpx>',
         "2行目: GPX に DOCTYPE やエンティティ宣言は使えません"),
        ('<gpx version="1.1"><wpt lat="35.78" lon="139.47"/></gpx>',
         "GPX にトラック（<trkpt>）もルート（<rtept>）もありません"),
    ],
)  # fmt: skip
def test_gpx_errors_name_the_line_or_element(data, message):
    with pytest.raises(rules.RuleError) as err:
        routefiles.parse_route_file("x.gpx", data.encode())
    assert message in str(err.value)


def test_a_gpx_file_with_too_many_points_is_refused(monkeypatch):
    monkeypatch.setattr(routefiles, "MAX_POINTS", 2)
    with pytest.raises(rules.RuleError, match="点が多すぎます（上限 2 点）"):
        routefiles.parse_route_file("walk.gpx", WALK.read_bytes())


def test_a_geojson_feature_collection_gives_its_lines_and_names_a_bad_feature():
    line = {"type": "LineString", "coordinates": [[139.47, 35.78], [139.47, 35.79]]}
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [139.47, 35.78]}},
        {"type": "Feature", "geometry": line},
    ]}  # fmt: skip
    route = routefiles.parse_route_file("r.geojson", json.dumps(collection).encode())
    assert route.length_km() == pytest.approx(0.01 * DEGREE_KM, abs=1e-6)
    collection["features"].append({"type": "Feature", "geometry": {
        "type": "LineString", "coordinates": [[139.47, 35.78], ["x", 35.79]]}})  # fmt: skip
    with pytest.raises(rules.RuleError, match=r"features\[2\]: 線1 点2: 座標は"):
        routefiles.parse_route_file("r.geojson", json.dumps(collection).encode())


def test_a_gpx_upload_makes_the_course_with_its_length_and_walking_time(as_user, users):
    client = as_user("secretariat")
    with WALK.open("rb") as f:
        response = client.post(ADD, {**COURSE, "route": "", "route_file": f})
    assert response.status_code == 302
    c = Course.objects.get(slug="test-walk")
    assert c.route["type"] == "MultiLineString" and c.length_km == Decimal("3.34")
    page = client.get("/courses/test-walk/").content.decode()
    assert "距離 3.34 km・徒歩 約50分（時速4 kmで歩いた場合）" in page
    english = client.get("/en/courses/test-walk/").content.decode()
    assert "3.34 km" in english and "50 min" in english
    form = client.get(f"/workspace/registries/courses/{c.pk}/").content.decode()
    assert "保存されている距離: 3.34 km・徒歩 約50分（時速4 kmで計算）" in form


def test_a_bad_route_file_is_named_at_its_field_and_nothing_is_stored(as_user, users, tmp_path):
    bad = tmp_path / "broken.gpx"
    bad.write_text(GPX.format('<trkpt lat="35.78" lon="139.47"/>\n<trkpt lat="35.79"/>'))
    with bad.open("rb") as f:
        response = as_user("secretariat").post(ADD, {**COURSE, "route": "", "route_file": f})
    errors = response.context["form"].errors
    assert errors["route_file"] == ["broken.gpx: 5行目: <trkpt> に lon がありません"]
    assert not Course.objects.exists()


def test_a_route_outside_the_city_names_the_point(as_user, users, tmp_path):
    far = tmp_path / "far.gpx"
    far.write_text(
        GPX.format('<trkpt lat="35.78" lon="139.47"/>\n<trkpt lat="35.9" lon="139.47"/>')
    )
    with far.open("rb") as f:
        response = as_user("secretariat").post(ADD, {**COURSE, "route": "", "route_file": f})
    [message] = response.context["form"].errors["route_file"]
    assert message.startswith("線1 点2（35.90000, 139.47000）: 緯度が所沢市の範囲")
    assert not Course.objects.exists()


def test_without_a_drawn_route_or_a_file_the_form_says_how_to_give_one(as_user, users):
    response = as_user("secretariat").post(ADD, {**COURSE, "route": ""})
    assert response.context["form"].errors["route"] == [
        "地図をクリックしてルートを描くか、GPX・GeoJSON のファイルを選んでください"
    ]


def test_the_form_has_the_drawing_map_and_no_typed_coordinates_are_asked(as_user, course):  # noqa: F811
    page = as_user("secretariat").get("/workspace/registries/courses/add/").content.decode()
    assert 'id="route-editor"' in page and "registries/route-editor.js" in page
    assert 'data-route="undo"' in page and 'data-route="clear"' in page
    assert 'name="route_file"' in page and 'enctype="multipart/form-data"' in page
    assert "[経度, 緯度]" not in page


def test_a_geojson_route_with_too_many_points_is_refused_like_a_gpx_file():
    points = [[139.47, 35.78 + i * 1e-6] for i in range(rules.MAX_POINTS + 1)]
    data = json.dumps({"type": "LineString", "coordinates": points}).encode()
    assert len(data) < routefiles.MAX_BYTES
    with pytest.raises(rules.RuleError, match="点が多すぎます（上限 20,000 点）"):
        routefiles.parse_route_file("r.geojson", data)
    with pytest.raises(rules.RuleError, match="点が多すぎます"):  # drawn on the map
        rules.parse_route(data.decode())


def test_a_deeply_nested_geojson_file_is_refused_not_a_crash():
    with pytest.raises(rules.RuleError, match="GeoJSON として読めません"):
        routefiles.parse_route_file("r.geojson", b"[" * 1_000_000)
