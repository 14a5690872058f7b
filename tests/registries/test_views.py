"""Registry pages: the permission matrix of every write, the public catalogue, maps, PDF."""

from __future__ import annotations

import json

import pytest

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.registries import applications
from shinchoku.registries.models import GoodsHandout, GuideMapIssue, Product, SchoolLunchFigure

from .conftest import PNG, PRODUCT

ROLES = [
    "anonymous",
    "business",
    "other_business",
    "department",
    "partner",
    "council",
    "secretariat",
]
STAFF_ONLY = {"secretariat": 302, "anonymous": 302}  # everyone else: 403


def who(name: str) -> str | None:
    return None if name == "anonymous" else name


@pytest.mark.parametrize("name", ROLES)
def test_applying_needs_an_account(as_user, name, tmp_path):
    client = as_user(who(name))
    photo = tmp_path / "p.png"
    photo.write_bytes(PNG)
    with photo.open("rb") as f:
        response = client.post("/applications/product/", {**PRODUCT, "photo1": f, "alt1": "写真"})
    assert response.status_code == 302
    if name == "anonymous":
        assert response["Location"].startswith("/login/")
        assert not Product.objects.exists()
    else:
        p = Product.objects.get()
        assert p.applicant.username == name and p.photos.count() == 1
        assert response["Location"] == f"/applications/product/{p.pk}/"


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("anonymous", 302),
        ("business", 200),
        ("other_business", 404),
        ("department", 404),
        ("partner", 404),
        ("council", 404),
        ("secretariat", 200),
    ],
)
def test_a_business_sees_only_its_own_application(as_user, certified, name, status):
    assert as_user(who(name)).get(f"/applications/product/{certified.pk}/").status_code == status
    if status == 200:  # photos of an application follow the same rule (certified: public)
        assert as_user(who(name)).get(f"/brand/products/{certified.pk}/").status_code == 200


def test_an_uncertified_photo_is_private(as_user, applicants):
    p = applications.apply_product(applicants["business"], PRODUCT, [(PNG, "x")])
    url = f"/brand/products/{p.pk}/photos/{p.photos.get().pk}"
    assert as_user("business").get(url).content == PNG
    assert as_user("other_business").get(url).status_code == 404
    assert as_user(None).get(url).status_code == 404
    assert as_user("secretariat").get(url).status_code == 200


@pytest.mark.parametrize("name", ROLES)
def test_review_is_the_secretariats(as_user, applicants, name):
    p = applications.apply_product(applicants["business"], PRODUCT)
    response = as_user(who(name)).post(
        f"/workspace/registries/product/{p.pk}/", {"action": "review"}
    )
    p.refresh_from_db()
    assert response.status_code == STAFF_ONLY.get(name, 403)
    assert p.state == ("reviewing" if name == "secretariat" else "applied")


def test_rejection_without_a_reason_is_shown_on_the_form(as_user, applicants):
    p = applications.apply_product(applicants["business"], PRODUCT)
    client = as_user("secretariat")
    client.post(f"/workspace/registries/product/{p.pk}/", {"action": "review"})
    response = client.post(f"/workspace/registries/product/{p.pk}/", {"action": "reject"})
    assert "理由を入力してください" in response.content.decode()
    client.post(
        f"/workspace/registries/product/{p.pk}/", {"action": "reject", "reason": "書類不足"}
    )
    page = as_user("business").get(f"/applications/product/{p.pk}/").content.decode()
    assert "不認定" in page and "書類不足" in page


@pytest.fixture
def shop(applicants, users, certified):
    s = applications.apply_shop(
        applicants["other_business"],
        {"name": "テスト店", "address": "所沢市", "hours": "10-18"},
        [certified],
    )
    applications.review(users["secretariat"], s, "review")
    return applications.review(users["secretariat"], s, "approve")


WRITES = [
    (
        "goods",
        lambda shop: (
            f"/workspace/registries/shop/{shop.pk}/",
            {"action": "goods", "item": "flag", "quantity": 2, "handed_on": "2024-07-01"},
        ),
        GoodsHandout,
    ),
    (
        "guide-maps",
        lambda shop: (
            "/workspace/registries/guide-maps/",
            {"year": 2024, "edition": "R6", "printed": 100, "distributed": 80},
        ),
        GuideMapIssue,
    ),
    (
        "school-lunch",
        lambda shop: (
            "/workspace/registries/school-lunch/",
            {"year": 2024, "items": 12, "source": "調べ"},
        ),
        SchoolLunchFigure,
    ),
]


@pytest.mark.parametrize("name", ROLES)
@pytest.mark.parametrize(("what", "request_for", "model"), WRITES)
def test_registry_writes_are_the_secretariats(as_user, shop, name, what, request_for, model):
    url, data = request_for(shop)
    response = as_user(who(name)).post(url, data)
    assert response.status_code == STAFF_ONLY.get(name, 403)
    assert model.objects.count() == (1 if name == "secretariat" else 0)


@pytest.mark.parametrize("name", ROLES)
def test_recording_outputs_is_the_secretariats(as_user, certified, name):
    from shinchoku.cycle.models import OutputValue

    response = as_user(who(name)).post("/workspace/registries/outputs/", {"year": 2024})
    assert response.status_code == STAFF_ONLY.get(name, 403)
    assert OutputValue.objects.exists() == (name == "secretariat")


def test_recording_outputs_for_a_year_outside_the_plan_records_nothing(as_user, certified):
    from shinchoku.cycle.models import OutputValue

    client = as_user("secretariat")
    response = client.post("/workspace/registries/outputs/", {"year": 2099}, follow=True)
    assert response.status_code == 200 and not OutputValue.objects.exists()
    assert "令和81年度（2099年度）は計画の期間外です" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "status"),
    [("anonymous", 302), ("business", 403), ("council", 200), ("secretariat", 200)],
)
def test_workspace_index(as_user, certified, name, status):
    response = as_user(who(name)).get("/workspace/registries/?year=2024")
    assert response.status_code == status
    if status == 200:
        text = response.content.decode()
        assert "所沢ブランド特産品 認定数" in text
        assert ("テスト特産品" in text) == (name == "secretariat")  # applications: reviewer only


def test_withdrawn_applications_are_listed_apart_from_the_reviewed(as_user, applicants, certified):
    gone = applications.apply_product(applicants["business"], {**PRODUCT, "name": "取下げた商品"})
    applications.withdraw_application(applicants["business"], gone, "出品をやめるため")
    html = as_user("secretariat").get("/workspace/registries/?year=2024").content.decode()
    reviewed = html.split("<h2>審査済み</h2>")[1].split("</ul>")[0]
    withdrawn = html.split("<h2>取り下げられた申請</h2>")[1].split("</ul>")[0]
    assert "テスト特産品" in reviewed and "取下げた商品" not in reviewed
    assert f"/workspace/registries/product/{gone.pk}/" in withdrawn
    assert "取下げた商品" in withdrawn and "テスト特産品" not in withdrawn
    english = as_user("secretariat").get("/en/workspace/registries/?year=2024").content.decode()
    assert "<h2>Withdrawn applications</h2>" in english


def test_no_withdrawn_list_without_withdrawn_applications(as_user, certified):
    html = as_user("secretariat").get("/workspace/registries/?year=2024").content.decode()
    assert "<h2>審査済み</h2>" in html and "取り下げられた申請" not in html


@pytest.fixture
def sample(users):
    from shinchoku.registries.sample import load

    load(actor=SYSTEM)


def test_catalogue_search_and_filter(client, sample, applicants):
    applications.apply_product(applicants["business"], {**PRODUCT, "name": "審査前の商品"})
    page = client.get("/brand/").content.decode()
    assert "サンプル特産品A" in page and "サンプル特産品B" in page
    assert "サンプル特産品C" not in page and "審査前の商品" not in page  # not certified
    assert "架空のデータ" in page  # the sample is labelled
    page = client.get("/brand/?q=コロッケ").content.decode()
    assert "サンプル特産品B" in page and "サンプル特産品A" not in page
    page = client.get("/brand/?category=sweets").content.decode()
    assert "サンプル特産品A" in page and "サンプル特産品B" not in page


def map_of(response, name: str) -> dict:
    text = response.content.decode()
    start = text.index(f'id="map-data-{name}"')
    return json.loads(text[text.index(">", start) + 1 : text.index("</script>", start)])


def test_product_page_says_where_to_buy(client, sample):
    p = Product.objects.get(name__startswith="サンプル特産品A")
    response = client.get(f"/brand/products/{p.pk}/")
    text = response.content.decode()
    assert "サンプル販売協力店A" in text and "サンプル販売協力店B" in text
    assert [m["name"] for m in map_of(response, "shops")["markers"]] == [
        "サンプル販売協力店A",
        "サンプル販売協力店B",
    ]


def test_places_map_without_tiles_still_has_markers_and_a_list(client, sample, settings):
    settings.SHINCHOKU_TILE_URL = ""
    response = client.get("/places/")
    data = map_of(response, "places")
    assert data["tiles"] is None and len(data["markers"]) == 5
    assert response.content.decode().count('class="item-title"') == 5
    assert '<script src="/static/web/vendor/leaflet/leaflet.js">' in response.content.decode()


def test_tiles_are_used_only_when_the_csp_allows_them(client, sample, settings):
    settings.SHINCHOKU_TILE_URL = "https://cyberjapandata.gsi.go.jp/xyz/std/{z}/{x}/{y}.png"
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**directives, "img-src": ["'self'", "data:"]}
    }
    assert map_of(client.get("/places/"), "places")["tiles"] is None  # img-src 'self' data:
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {
            **directives,
            "img-src": ["'self'", "data:", "https://cyberjapandata.gsi.go.jp"],
        }
    }
    from django.core.cache import cache

    cache.clear()  # settings changed, the data did not: the cached page would be served
    tiles = map_of(client.get("/places/"), "places")["tiles"]
    assert (
        tiles["url"].startswith("https://cyberjapandata.gsi.go.jp/")
        and "地理院" in tiles["attribution"]
    )


def test_course_page_in_japanese_and_english(client, sample):
    ja = client.get("/courses/sample-a/").content.decode()
    assert "サンプルおさんぽコースA" in ja and "サンプル案内板1" in ja
    assert '<span lang="ko">한국어: 샘플 산책 코스 A (마을×녹지)</span>' in ja
    names = ["<span lang=\"ja\">日本語</span>", '<span lang="en">English</span>',
             '<span lang="zh">中文</span>', '<span lang="ko">한국어</span>']  # fmt: skip
    assert "・".join(names) in ja  # the guide board's languages, each marked
    en = client.get("/en/courses/sample-a/")
    assert "Sample walking course A" in en.content.decode()
    data = map_of(en, "course")
    assert data["routes"][0]["geometry"]["type"] == "LineString"
    assert [m["n"] for m in data["markers"]] == [1, 2, "S1", "S2", "S3"]


def test_guide_map_pdf(client, sample):
    for query in ("", "?size=A3"):
        response = client.get(f"/places/guide-map.pdf{query}")
        assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_signup_makes_a_plain_user_who_can_apply(client, db):
    response = client.post(
        "/signup/",
        {
            "username": "newshop",
            "email": "a@example.jp",
            "password1": "a-long-test-password-2026",
            "password2": "a-long-test-password-2026",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/applications/"
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="newshop")
    assert not hasattr(user, "profile")
    assert client.get("/applications/").status_code == 200
    assert client.get("/workspace/registries/").status_code == 403
