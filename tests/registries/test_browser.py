"""Registries in a real browser: apply, certify, a citizen finds a shop on a phone; axe-core."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from tests.browser import conftest as base
from tests.browser.test_accessibility import AXE, violations

pytestmark = pytest.mark.browser
SETUP = (
    "import os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'shinchoku.settings');"
    "from shinchoku.cli.store import open_store; open_store();"
    "from shinchoku.registries.sample import load; load()"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    """A server (as tests/browser's) with the sample registries, a secretariat user, no tiles."""
    home = tmp_path_factory.mktemp("registries")
    env = base.site_env(home, SHINCHOKU_TILE_URL="")
    subprocess.run([sys.executable, "-c", SETUP], cwd=home, env=env, check=True, timeout=120)
    base.add_users(home, env, {"sec": ("secretariat", None)})
    with base.serving(home, env) as url:
        yield url


PUBLIC = [
    "/brand/",
    "/brand/shops/",
    "/places/",
    "/courses/",
    "/courses/sample-a/",
    "/en/courses/sample-a/",
    "/zh-hans/courses/sample-a/",  # visitor languages (issue 14): Chinese and Korean
    "/ko/courses/sample-a/",
    "/zh-hans/places/",
    "/ko/brand/",
    "/signup/",
]


@pytest.mark.parametrize("path", PUBLIC)
def test_public_registry_pages_pass_axe(page, server, path):
    assert AXE.exists(), "run scripts/setup (npm install brings axe-core)"
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    assert violations(page) == []
    assert page.errors == []


def test_product_and_shop_pages_pass_axe(page, server):
    page.goto(server + "/brand/")
    page.click("text=サンプル特産品A")
    assert violations(page) == []
    page.click("text=サンプル販売協力店A")
    assert page.locator("h1").text_content().startswith("サンプル販売協力店A")
    assert violations(page) == [] and page.errors == []


def test_a_business_applies_and_the_secretariat_certifies(page, server, browser):
    page.goto(server + "/signup/")
    page.fill("#id_username", "tea-maker")
    page.fill("#id_password1", "tea-maker-password-2026")
    page.fill("#id_password2", "tea-maker-password-2026")
    page.get_by_role("button", name="アカウントを作成する").click()
    page.click("text=特産品の認定を申請する")
    page.fill("#id_name", "ブラウザ試験の焼き菓子")
    page.fill("#id_maker", "試験製菓")
    page.select_option("#id_category", "sweets")
    page.fill("#id_story", "市内産の茶葉を使う")
    page.get_by_role("button", name="申請する").click()
    assert "申請を受け付けました" in page.locator(".messages").text_content()
    application = page.url
    assert "申請" in page.locator(".state").text_content()

    staff = browser.new_context(locale="ja-JP").new_page()
    base.login(staff, server, "sec")
    staff.goto(server + "/workspace/registries/")
    staff.click("text=ブラウザ試験の焼き菓子")
    assert violations(staff) == []
    staff.get_by_role("button", name="審査を始める").click()
    staff.get_by_role("button", name="認定・登録する").click()
    assert "審査の状態を更新しました" in staff.locator(".messages").text_content()
    number = re.search(r"B\d{4}-\d{3}", staff.locator(".facts").text_content()).group(0)

    page.goto(application)
    assert "認定" in page.locator(".state").text_content() and number in page.content()
    page.goto(server + "/brand/?q=焼き菓子")
    assert page.locator("text=ブラウザ試験の焼き菓子").count() == 1
    staff.context.close()


def test_a_citizen_finds_a_shop_on_a_phone(browser, server):
    context = browser.new_context(
        locale="ja-JP", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server + "/brand/")
    page.select_option("#id_category", "processed")
    page.get_by_role("button", name="探す").click()
    page.click("text=サンプル特産品B 里芋のコロッケ")
    page.click("#where")  # the "where to buy" section
    page.wait_for_selector("#map-shops[data-ready='1']")
    # the map drew a numbered marker without any tile server, and a scale
    assert page.locator("#map-shops .reg-marker").count() == 1
    assert page.locator("#map-shops .leaflet-control-scale").count() == 1
    page.locator(".place-list a", has_text="サンプル販売協力店A").click()
    assert page.locator("h1").text_content().startswith("サンプル販売協力店A")
    assert "10:00〜19:00" in page.locator(".facts").text_content()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390  # nothing wider than the phone
    assert errors == []
    context.close()


def test_the_places_map_without_tiles_is_never_empty(page, server):
    page.goto(server + "/places/")
    page.wait_for_selector("#map-places[data-ready='1']")
    assert page.locator("#map-places .reg-marker").count() == 5
    assert page.locator("#map-places.map-no-tiles").count() == 1
    assert page.locator(".place-list > li").count() == 5


def test_the_secretariat_adds_a_place_in_the_workspace(page, server):
    base.login(page, server, "sec")
    page.goto(server + "/workspace/registries/")
    page.click("main >> text=農産物直売所")
    page.click("text=直売所を追加する")
    page.fill("#id_name", "ブラウザ試験の直売所")
    page.fill("#id_address", "所沢市（架空）")
    page.fill("#id_lat", "35.60")  # outside Tokorozawa
    page.fill("#id_lng", "139.45")
    page.fill("#id_opening", "土・日 9:00〜12:00")
    page.get_by_role("button", name="保存する").click()
    assert "所沢市の範囲" in page.locator(".field-error").text_content()
    assert violations(page) == []
    page.fill("#id_lat", "35.79")
    page.get_by_role("button", name="保存する").click()
    assert "保存しました" in page.locator(".messages").text_content()
    assert violations(page) == [] and page.errors == []
    page.goto(server + "/places/")
    assert page.locator("text=ブラウザ試験の直売所").count() == 1


def test_the_secretariat_draws_a_course_by_clicking_on_the_map(page, server):
    base.login(page, server, "sec")
    page.goto(server + "/workspace/registries/courses/add/")
    page.wait_for_selector("#route-editor[data-ready='1']")
    page.fill("#id_slug", "drawn-walk")
    page.fill("#id_name_ja", "地図で描いたコース")
    page.fill("#id_description_ja", "クリックで描いた試験のコース")
    box = page.locator("#route-editor").bounding_box()
    cx, cy = box["width"] / 2, box["height"] / 2
    for dx, dy in ((-120, 60), (0, 0), (150, -40), (90, 90)):
        page.locator("#route-editor").click(position={"x": cx + dx, "y": cy + dy})
    page.get_by_role("button", name="1つ戻す").click()  # the last point goes
    route = json.loads(page.input_value("#id_route"))
    assert route["type"] == "LineString" and len(route["coordinates"]) == 3
    preview = page.locator("#route-summary").text_content()
    km = re.search(r"描いたルート: ([\d.]+) km・徒歩 (約[\d時間]+分)", preview)
    assert km, preview
    assert violations(page) == []
    page.get_by_role("button", name="保存する").click()
    assert "保存しました" in page.locator(".messages").text_content()
    page.goto(server + "/courses/drawn-walk/")
    text = page.locator("main").text_content()
    assert f"距離 {km.group(1)} km・徒歩 {km.group(2)}（時速4 kmで歩いた場合）" in text
    page.wait_for_selector("#map-course[data-ready='1']")
    assert page.errors == []
