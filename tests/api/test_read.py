"""The read API: what the public pages show, paged, filtered by year, with ETags."""

from __future__ import annotations

import datetime

import pytest

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.council import services as council
from shinchoku.cycle import services as cycle

DUE = datetime.date(2025, 6, 30)
SHEET = {"activities": "企業立地奨励金を3件交付", "budget": "12,500", "settled": "11,800",
         "rating": "B", "reason": "おおむね計画どおり", "issues": "用地の不足",
         "direction": "continue", "purpose": "内部の目的欄", "results": "成果欄"}  # fmt: skip
NEW = [
    "projects",
    "sheets",
    "outputs",
    "opinions",
    "plan-versions",
    "registries/products",
    "registries/shops",
    "registries/places",
    "registries/courses",
    "registries/signs",
]


def results(client, path: str, **headers) -> list[dict]:
    response = client.get(f"/api/{path}", **headers)
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _approve(round_, number: int, fields: dict, submit: bool = True, approve: bool = True):
    project = round_.plan.projects.get(number=number)
    cycle.save_evaluation(project, round_.year, fields, SYSTEM)
    request = round_.requests.get(project=project)
    if submit:
        cycle.move(request, "submit", SYSTEM)
    if approve:
        cycle.move(request, "approve", SYSTEM, "確認しました")


@pytest.fixture
def rounds(plan, users, publish, monkeypatch):
    """令和5年度 published: project 1's sheet approved (with an output indicator), project 2's
    sheet only saved (a draft), an opinion answered; 令和6年度 unpublished: project 1's sheet
    approved, an output actual and an opinion. A staff note on an output value."""
    monkeypatch.setattr("shinchoku.plan.services.today", lambda: datetime.date(2025, 6, 1))
    r2023 = cycle.open_round(plan, 2023, DUE, actor=SYSTEM)
    r2024 = cycle.open_round(plan, 2024, DUE, actor=SYSTEM)
    output = cycle.define_output(plan.projects.get(number=1), "立地相談件数", "件", actor=SYSTEM)
    cycle.record_output(output, 2023, "target", "40", actor=SYSTEM)
    cycle.record_output(output, 2023, "actual", "35", note="内部メモ: 重複2件を除く", actor=SYSTEM)
    # a revision: the later one counts
    cycle.record_output(output, 2023, "actual", "36", actor=SYSTEM)
    cycle.record_output(output, 2024, "actual", "50", actor=SYSTEM)
    _approve(r2023, 1, SHEET)
    draft = SHEET | {"activities": "下書きの取組（未提出）"}
    _approve(r2023, 2, draft, submit=False, approve=False)
    _approve(r2024, 1, SHEET | {"activities": "令和6年度の取組（未公表）", "rating": "A"})
    said = council.add_opinion(plan, 2023, "project", "1", "誘致の成果を数字で示すこと",
                               users["council"])  # fmt: skip
    council.respond(said, "次年度の報告から件数を示します", "done", users["secretariat"])
    council.add_opinion(plan, 2024, "project", "1", "未公表年度の意見", users["council"])
    publish(2023)
    return plan


@pytest.fixture
def registry(db):
    """A certified product (FY2024) and one still applied for, a registered shop selling it,
    a listed and an unlisted place, a listed course with a listed and an unlisted sign."""
    from django.contrib.auth import get_user_model

    from shinchoku.registries.models import Course, Place, Product, Shop, Sign

    user = get_user_model().objects.create_user("maker", password="x" * 20)
    tea = Product.objects.create(
        applicant=user,
        name="狭山茶",
        maker="テスト製茶",
        category="drinks",
        story="狭山茶",
        state="approved",
        number="B-001",
        certified_on=datetime.date(2024, 5, 10),
    )
    Product.objects.create(applicant=user, name="申請中の菓子", maker="テスト菓子",
                           category="sweets", story="…")  # fmt: skip
    shop = Shop.objects.create(
        applicant=user,
        name="所沢茶舗",
        address="所沢市日吉町1-1",
        hours="10時〜18時",
        state="approved",
        number="S-001",
        registered_on=datetime.date(2023, 7, 1),
        lat=35.79,
        lng=139.47,
    )
    shop.products.add(tea)
    Place.objects.create(name="北野の直売所", address="所沢市北野1-2-3", lat=35.8, lng=139.45,
                         opening="土日 9時〜12時", produce_spring="ほうれん草")  # fmt: skip
    Place.objects.create(name="閉店した直売所", address="所沢市", lat=35.8, lng=139.4,
                         opening="—", listed=False)  # fmt: skip
    course = Course.objects.create(
        slug="sayama-hills", name_ja="狭山丘陵コース", name_en="Sayama Hills Course",
        route={"type": "LineString", "coordinates": [[139.42, 35.77], [139.43, 35.78]]},
        length_km="4.20",
    )  # fmt: skip
    Sign.objects.create(course=course, kind="waymark", label_ja="丘陵入口", lat=35.77,
                        lng=139.42, installed_year=2024, languages="ja,en")  # fmt: skip
    Sign.objects.create(course=course, kind="waymark", label_ja="撤去した道標", lat=35.78,
                        lng=139.43, installed_year=2023, listed=False)  # fmt: skip


def test_sheets_are_the_approved_ones_of_published_years(client, rounds):
    found = results(client, "sheets")
    assert [(s["project"], s["year"], s["rating"]) for s in found] == [(1, 2023, "B")]
    sheet = found[0]
    assert sheet["activities"] == "企業立地奨励金を3件交付"
    assert (sheet["budget"], sheet["settled"]) == (12500, 11800)
    assert sheet["direction"] == "continue" and sheet["direction_label"] == "継続"
    # What the project page does not show stays out: purpose, results, who wrote it.
    assert not {"purpose", "results", "written_by"} & set(sheet)
    assert results(client, "sheets?year=2024") == []  # approved, but the year is not public
    assert results(client, "sheets?year=2023&project=2") == []
    assert results(client, "sheets?lang=en")[0]["direction_label"] == "Continue"


def test_a_draft_sheet_never_appears(client, rounds):
    for path in ("sheets", "sheets?year=2023", "sheets?project=2", "outputs", "opinions"):
        body = client.get(f"/api/{path}").content.decode()
        assert "下書きの取組" not in body and "令和6年度の取組" not in body, path


def test_outputs_give_the_latest_values_of_published_years(client, rounds):
    found = [o for o in results(client, "outputs") if o["project"] == 1]
    assert [(o["name"], o["unit"]) for o in found] == [("立地相談件数", "件")]
    assert found[0]["values"] == [{"year": 2023, "target": 40.0, "actual": 36.0}]
    # Project 8's signs count is recorded from the registries when a round opens.
    assert "道標・案内板 設置数（累計）" in [o["name"] for o in results(client, "outputs")]
    assert "内部メモ" not in client.get("/api/outputs").content.decode()
    assert results(client, "outputs?year=2024")[0]["values"] == []


def test_opinions_of_published_years_with_responses(client, rounds):
    found = results(client, "opinions")
    assert [(o["year"], o["text"]) for o in found] == [(2023, "誘致の成果を数字で示すこと")]
    opinion = found[0]
    assert opinion["item"] == "重点推進事業1\u3000企業誘致活動推進事業"
    assert opinion["response"]["text"] == "次年度の報告から件数を示します"
    assert opinion["response"]["follow_up"] == "done"
    assert "author" not in opinion
    assert results(client, "opinions?year=2024") == []
    english = results(client, "opinions", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")[0]
    assert english["kind_label"] == "Opinion" and english["response"]["follow_up_label"] == "Done"


def test_projects_and_plan_versions(client, rounds):
    projects = results(client, "projects")
    assert [p["number"] for p in projects] == list(range(1, 16))
    assert projects[0]["title"] == "企業誘致活動推進事業" and projects[0]["measures"] == ["1-2"]
    assert (
        results(client, "projects?lang=en")[0]["title"] == "Business Attraction Promotion Project"
    )
    versions = results(client, "plan-versions")
    assert [(v["number"], v["valid_from"], v["in_force"]) for v in versions] == [(1, 2018, True)]
    assert results(client, "plan-versions?year=2024") == versions  # the one applied then


@pytest.mark.parametrize("year", ["2017", "2028", "令和10年度", "平成40年", "next"])
def test_a_year_outside_the_vision_is_400(client, plan, year):
    for path in ("projects", "sheets", "outputs", "opinions", "plan-versions",
                 "registries/products", "registries/signs"):  # fmt: skip
        response = client.get(f"/api/{path}", {"year": year})
        assert response.status_code == 400, (path, year)
        assert "year" in response.json()


def test_lists_without_years_refuse_a_year(client, plan):
    response = client.get("/api/registries/places?year=2024")
    assert response.status_code == 400
    assert response.json() == {"year": ["この一覧は年度で絞り込めません"]}
    assert client.get("/api/sheets?project=one").status_code == 400


def test_registries_show_public_records_only(client, registry):
    products = results(client, "registries/products")
    assert [(p["name"], p["number"], p["sample"]) for p in products] == [("狭山茶", "B-001", False)]
    assert products[0]["category_label"] == "飲料"
    assert results(client, "registries/products?year=2024") == products
    assert results(client, "registries/products?year=2023") == []
    shops = results(client, "registries/shops")
    assert [(s["name"], s["products"]) for s in shops] == [("所沢茶舗", [products[0]["id"]])]
    assert results(client, "registries/shops?year=2024") == []
    places = results(client, "registries/places")
    assert [p["name"] for p in places] == ["北野の直売所"]
    assert places[0]["produce"]["spring"] == "ほうれん草"
    courses = results(client, "registries/courses")
    assert courses[0]["route"]["coordinates"][0] == [139.42, 35.77]  # [lng, lat]
    assert courses[0]["name"]["en"] == "Sayama Hills Course" and courses[0]["length_km"] == 4.2
    signs = results(client, "registries/signs")
    assert [(s["label"]["ja"], s["languages"]) for s in signs] == [("丘陵入口", ["ja", "en"])]
    assert results(client, "registries/signs?year=2023") == []
    assert results(client, "registries/signs?lang=en")[0]["kind_label"] == "Sign"


def test_sample_records_are_shown_as_the_pages_show_them(client, registry):
    from shinchoku.registries.models import Place

    Place.objects.create(name="サンプル直売所", address="所沢市", lat=35.8, lng=139.4,
                         opening="毎日", is_sample=True)  # fmt: skip
    places = {p["name"]: p["sample"] for p in results(client, "registries/places")}
    assert places == {"北野の直売所": False, "サンプル直売所": True}
    assert "サンプル直売所" in client.get("/places/").content.decode()


def test_pages_have_a_size_with_a_maximum(client, plan):
    from shinchoku.registries.models import Place

    first = client.get("/api/projects?page_size=4").json()
    assert first["count"] == 15 and len(first["results"]) == 4
    assert "page=2" in first["next"] and first["previous"] is None
    last = client.get("/api/projects?page_size=4&page=4").json()
    assert [p["number"] for p in last["results"]] == [13, 14, 15] and last["next"] is None
    assert client.get("/api/projects?page=9").status_code == 404
    Place.objects.bulk_create(
        Place(name=f"直売所{n:03}", address="所沢市", lat=35.8, lng=139.45, opening="毎日")
        for n in range(205)
    )
    assert len(results(client, "registries/places")) == 50  # the default size
    capped = client.get("/api/registries/places?page_size=500").json()
    assert capped["count"] == 205 and len(capped["results"]) == 200


def test_conditional_get_follows_the_public_data_version(client, rounds):
    first = client.get("/api/opinions")
    tag = first["ETag"]
    assert tag.startswith('"') and first.status_code == 200
    again = client.get("/api/opinions", HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == tag
    assert client.get("/api/opinions", HTTP_IF_NONE_MATCH=f"W/{tag}").status_code == 304
    # Another address or language is another representation.
    assert client.get("/api/opinions?lang=en", HTTP_IF_NONE_MATCH=tag).status_code == 200
    # A draft of an unpublished year is not public: the tag holds.
    council.add_opinion(rounds, 2024, "plan", "", "もう一つの未公表の意見",
                        rounds.opinions.first().author)  # fmt: skip
    assert client.get("/api/opinions", HTTP_IF_NONE_MATCH=tag).status_code == 304
    # An answer to a published opinion is public: the tag moves and the body shows it.
    said = rounds.opinions.get(year=2023)
    council.respond(said, "件数を報告書に載せました", "done", SYSTEM)
    changed = client.get("/api/opinions", HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and changed["ETag"] != tag
    assert changed.json()["results"][0]["response"]["text"] == "件数を報告書に載せました"


def test_one_cache_entry_and_tag_per_page_whatever_the_query_spelling(client, plan):
    """Unknown parameters, their order, page 1 and the default size named or not: one page,
    one ETag, one cache entry (as the page cache keys pages)."""
    from django.core.cache import cache

    def stored() -> int:
        return sum("api-read:" in key for key in cache._cache)  # the local-memory cache

    cache.clear()
    spellings = [
        "/api/projects",
        "/api/projects?page=1",
        "/api/projects?x=random&page=1",
        "/api/projects?page_size=50&y=1",
        "/api/projects?page=1&page_size=50&x=other",
        "/api/projects?page=01",  # the page numbers' one spelling (paging.py)
        "/api/projects?page=abc&page=1",  # the last value counts, as it does on pages
    ]
    responses = [client.get(path) for path in spellings]
    assert [r.status_code for r in responses] == [200] * 7
    assert len({r["ETag"] for r in responses}) == 1 and stored() == 1
    second = [
        client.get("/api/projects?page=2&page_size=4&utm_source=mail"),
        client.get("/api/projects?page_size=4&page=2"),
        client.get("/api/projects?page_size=4&page=+02"),
    ]
    assert len({r["ETag"] for r in second}) == 1 and stored() == 2
    assert client.get("/api/projects?page=abc").status_code == 404  # DRF's answer, kept
    assert client.get("/api/projects?page=999").status_code == 404 and stored() == 2
    body = second[0].json()
    assert [p["number"] for p in body["results"]] == [5, 6, 7, 8]
    assert body["next"] == "http://testserver/api/projects?page=3&page_size=4"  # no utm_source
    assert body["previous"] == "http://testserver/api/projects?page_size=4"
    # a size over the maximum is the maximum; a known filter still makes its own entry
    assert (
        client.get("/api/projects?page_size=999")["ETag"]
        == client.get("/api/projects?page_size=200")["ETag"]
    )
    assert client.get("/api/projects?lang=en")["ETag"] != responses[0]["ETag"]


def test_the_schema_documents_every_read_endpoint(client, plan):
    schema = client.get("/api/schema/?format=json").json()
    for name in NEW:
        operation = schema["paths"][f"/api/{name}"]["get"]
        params = {p["name"] for p in operation["parameters"]}
        assert {"page", "page_size"} <= params, name
        assert ("year" in params) == (name not in ("registries/places", "registries/courses"))
        body = operation["responses"]["200"]["content"]["application/json"]["schema"]
        assert body["$ref"].startswith("#/components/schemas/Paginated"), name
    sheets = {p["name"] for p in schema["paths"]["/api/sheets"]["get"]["parameters"]}
    assert {"year", "project", "lang", "page", "page_size"} <= sheets
    sheet = schema["components"]["schemas"]["SheetOut"]["properties"]
    assert "activities" in sheet and "purpose" not in sheet
