"""The registries as standard open data: 観光施設一覧 columns and GeoJSON (RFC 7946)."""

from __future__ import annotations

import csv
import datetime
import io
import json
import zipfile

import pytest

from shinchoku.opendata.package import build
from shinchoku.opendata.standard import local_government_code, prefecture

from .conftest import BASE

# The header of the Digital Agency's 推奨データセット template xxxxxx_tourism.csv (観光施設一覧),
# written out here so that a change of the layout in the code fails this test.
TOURISM_HEADER = (
    "都道府県コード又は市区町村コード,NO,都道府県名,市区町村名,名称,名称_カナ,名称_英語,POIコード,"
    "住所,方書,緯度,経度,利用可能曜日,開始時間,終了時間,利用可能日時特記事項,料金（基本）,"
    "料金（詳細）,説明,説明_英語,アクセス方法,駐車場情報,バリアフリー情報,連絡先名称,"
    "連絡先電話番号,連絡先内線番号,画像,画像_ライセンス,URL,備考"
)


@pytest.fixture
def registry(db):
    """A listed place and an unlisted one, a SAMPLE place, a registered shop selling a
    certified product (and an uncertified one), a listed course with a listed and an
    unlisted sign, and a SAMPLE course."""
    from django.contrib.auth import get_user_model

    from shinchoku.registries.models import Course, Place, Product, Shop, Sign

    user = get_user_model().objects.create_user("maker", password="x" * 20)
    Place.objects.create(name="北野の直売所", name_en="Kitano Farm Stand",
                         address="所沢市北野1-2-3", lat=35.8012, lng=139.4523,
                         opening="土日 9時〜12時", contact="04-2900-0000",
                         produce_spring="ほうれん草", produce_winter="里芋")  # fmt: skip
    Place.objects.create(name="閉店した直売所", address="所沢市", lat=35.8, lng=139.4,
                         opening="—", listed=False)  # fmt: skip
    Place.objects.create(name="サンプル直売所", address="所沢市", lat=35.8, lng=139.4,
                         opening="毎日", is_sample=True)  # fmt: skip
    tea = Product.objects.create(applicant=user, name="狭山茶", maker="テスト製茶",
                                 category="drinks", story="狭山茶", state="approved",
                                 number="B-001")  # fmt: skip
    sweets = Product.objects.create(applicant=user, name="申請中の菓子", maker="菓子店",
                                    category="sweets", story="…")  # fmt: skip
    shop = Shop.objects.create(applicant=user, name="所沢茶舗", address="所沢市日吉町1-1",
                               hours="10時〜18時 水曜定休", phone="04-2900-1111",
                               state="approved", number="S-001",
                               registered_on=datetime.date(2023, 7, 1),
                               lat=35.79, lng=139.47)  # fmt: skip
    shop.products.add(tea, sweets)
    course = Course.objects.create(
        slug="sayama-hills", name_ja="狭山丘陵コース", name_en="Sayama Hills Course",
        route={"type": "LineString", "coordinates": [[139.42, 35.77], [139.43, 35.78]]},
        length_km="4.20",
    )  # fmt: skip
    Sign.objects.create(course=course, kind="waymark", label_ja="丘陵入口", lat=35.77,
                        lng=139.42, installed_year=2024, languages="ja,en")  # fmt: skip
    Sign.objects.create(course=course, kind="waymark", label_ja="撤去した道標", lat=35.78,
                        lng=139.43, installed_year=2023, listed=False)  # fmt: skip
    line = {"type": "LineString", "coordinates": [[139.4, 35.7], [139.5, 35.8]]}
    Course.objects.create(slug="sample-a", name_ja="サンプルコース", is_sample=True,
                          route=line, length_km="1.00")  # fmt: skip


@pytest.fixture
def bundle(published, registry):
    return build(published, BASE)


def table(bundle, name: str, encoding: str = "utf-8-sig") -> list[list[str]]:
    return list(csv.reader(io.StringIO(bundle.files[f"csv/{name}.csv"].decode(encoding))))


@pytest.mark.parametrize(
    ("given", "code", "pref"),
    [("11208", "112089", "埼玉県"), ("01100", "011002", "北海道"), ("13101", "131016", "東京都"),
     ("47201", "472018", "沖縄県"), ("112089", "112089", "埼玉県"), ("", "", ""),
     ("1120", "", "")],
)  # fmt: skip
def test_local_government_code_has_its_check_digit(given, code, pref):
    assert local_government_code(given) == code
    assert prefecture(code) == pref


def test_places_in_the_tourism_layout(bundle):
    rows = table(bundle, "tourism-places")
    assert ",".join(rows[0]) == TOURISM_HEADER
    assert len(rows) == 2  # the listed place only: not the unlisted one, not the SAMPLE
    place = dict(zip(rows[0], rows[1], strict=True))
    assert place["都道府県コード又は市区町村コード"] == "112089"
    assert (place["都道府県名"], place["市区町村名"]) == ("埼玉県", "所沢市")
    assert (place["名称"], place["名称_英語"]) == ("北野の直売所", "Kitano Farm Stand")
    assert (place["緯度"], place["経度"]) == ("35.8012", "139.4523")
    assert place["利用可能日時特記事項"] == "土日 9時〜12時"
    assert place["説明"] == "農産物直売所。春: ほうれん草。冬: 里芋"
    assert place["連絡先電話番号"] == "04-2900-0000" and place["NO"].startswith("place-")
    assert place["名称_カナ"] == place["料金（基本）"] == ""  # not kept: left empty
    sjis = bundle.files["csv-sjis/tourism-places.csv"].decode("cp932")
    assert sjis.splitlines()[0] == TOURISM_HEADER


def test_shops_in_the_tourism_layout(bundle):
    rows = table(bundle, "tourism-shops")
    assert ",".join(rows[0]) == TOURISM_HEADER and len(rows) == 2
    shop = dict(zip(rows[0], rows[1], strict=True))
    assert shop["名称"] == "所沢茶舗" and shop["利用可能日時特記事項"] == "10時〜18時 水曜定休"
    # Only certified products are named.
    assert shop["説明"] == "所沢ブランド特産品の販売協力店。取り扱う特産品: 狭山茶"
    assert shop["備考"] == "登録番号 S-001" and shop["連絡先電話番号"] == "04-2900-1111"


def _positions(geometry: dict) -> list[list[float]]:
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Point":
        return [coords]
    if kind == "LineString":
        return coords
    raise AssertionError(f"unexpected geometry {kind}")


def check_feature_collection(doc: dict) -> list[dict]:
    """RFC 7946 structure: a FeatureCollection of Features with a geometry whose positions
    are [longitude, latitude] (here: Tokorozawa, so about 139.4 E and 35.8 N)."""
    assert doc["type"] == "FeatureCollection" and isinstance(doc["features"], list)
    assert "crs" not in doc  # RFC 7946 fixes WGS 84
    for f in doc["features"]:
        assert f["type"] == "Feature" and isinstance(f["properties"], dict)
        assert isinstance(f["id"], str | int)
        for position in _positions(f["geometry"]):
            assert len(position) == 2 and all(isinstance(v, float) for v in position)
            lng, lat = position
            assert 139 < lng < 140 and 35 < lat < 36, position
    return doc["features"]


def test_geojson_layers(bundle):
    places = check_feature_collection(json.loads(bundle.files["geojson/places.geojson"]))
    assert [(f["properties"]["name"], f["geometry"]) for f in places] == [
        ("北野の直売所", {"type": "Point", "coordinates": [139.4523, 35.8012]})
    ]
    courses = check_feature_collection(json.loads(bundle.files["geojson/courses.geojson"]))
    assert [f["id"] for f in courses] == ["sayama-hills"]  # not the SAMPLE course
    assert courses[0]["geometry"]["type"] == "LineString"
    assert courses[0]["properties"]["length_km"] == 4.2
    signs = check_feature_collection(json.loads(bundle.files["geojson/signs.geojson"]))
    assert [(f["properties"]["label_ja"], f["properties"]["languages"]) for f in signs] == [
        ("丘陵入口", ["ja", "en"])
    ]
    assert not bundle.files["geojson/places.geojson"].startswith(b"\xef\xbb\xbf")  # no BOM


def test_the_package_with_standard_tables_and_geojson_validates(bundle, tmp_path):
    from frictionless import validate

    with zipfile.ZipFile(io.BytesIO(bundle.files["shinchoku-data.zip"])) as archive:
        archive.extractall(tmp_path)
        assert "geojson/signs.geojson" in archive.namelist()
    report = validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "message"])
    package = json.loads(bundle.files["datapackage.json"])
    by_name = {r["name"]: r for r in package["resources"]}
    fields = [f["name"] for f in by_name["tourism-places"]["schema"]["fields"]]
    assert ",".join(fields) == TOURISM_HEADER
    assert by_name["places-geojson"]["mediatype"] == "application/geo+json"
    assert by_name["courses-geojson"]["path"] == "geojson/courses.geojson"


def test_catalogue_names_the_geojson_and_standard_tables(bundle):
    doc = json.loads(bundle.files["catalog.jsonld"])
    nodes = {n["@id"]: n for n in doc["@graph"]}
    registries = nodes[f"{BASE}/data/#registries"]
    named = {d["@id"] for d in registries["dcat:distribution"]}
    for path in ("geojson/places.geojson", "geojson/courses.geojson", "geojson/signs.geojson",
                 "csv/tourism-places.csv", "csv-sjis/tourism-shops.csv"):  # fmt: skip
        assert f"{BASE}/data/{path}" in named, path
    layer = nodes[f"{BASE}/data/geojson/places.geojson"]
    assert layer["dct:format"] == "GeoJSON"
    assert layer["dcat:mediaType"]["@id"].endswith("application/geo+json")


def test_data_page_links_the_geojson(client, published, registry):
    page = client.get("/data/").content.decode()
    assert 'href="/data/geojson/places.geojson"' in page and "tourism-places" in page
    response = client.get("/data/geojson/courses.geojson")
    assert response["Content-Type"] == "application/geo+json"
    assert json.loads(response.content)["features"][0]["id"] == "sayama-hills"
    assert "Map data (GeoJSON)" in client.get("/en/data/").content.decode()
