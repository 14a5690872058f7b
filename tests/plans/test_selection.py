"""Which plan a page, an API call or a command is about (plan/selection.py)."""

from __future__ import annotations

import pytest

from shinchoku.plan.models import Owner, Plan
from shinchoku.plan.selection import UnknownPlan, default_plan, select_plan

from .conftest import HANNO, HANNO_FILE

TOKOROZAWA = "所沢市 産業振興ビジョン 後期アクションプラン"
HANNO_TITLE = "飯能市 テスト産業計画"


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_loading_a_second_plan_keeps_the_default(plan, hanno):
    assert default_plan() == plan
    assert Plan.objects.get(slug=HANNO).is_default is False
    assert select_plan(None) == plan
    assert select_plan(HANNO) == hanno
    with pytest.raises(UnknownPlan, match="計画「nope」は登録されていません"):
        select_plan("nope")


def test_owners_carry_the_checked_code(plan, hanno):
    owner = plan.owner
    assert (owner.name, owner.code, owner.kind) == ("所沢市", "112089", "municipality")
    assert (hanno.owner.name, hanno.owner.code) == ("飯能市", "112097")
    assert plan.municipality_code == "11208"  # the plan file's own (e-Stat's five digits)


def test_plans_of_one_municipality_share_their_owner(plan):
    from shinchoku.accounts.permissions import SYSTEM
    from shinchoku.ingest.plan_file import read_plan_text
    from shinchoku.plan.services import load_plan

    text = HANNO_FILE.read_text(encoding="utf-8")
    second = text.replace(f"slug: {HANNO}", "slug: tokorozawa-second").replace(
        'name: 飯能市\n  name_en: Hanno City\n  code: "112097"',
        'name: 所沢市\n  name_en: Tokorozawa City\n  code: "112089"',
    )
    row = load_plan(read_plan_text(second, "second.yaml"), second, SYSTEM)
    assert row.owner == plan.owner
    assert Owner.objects.filter(code="112089").count() == 1


def test_a_wrong_check_digit_is_refused_before_anything_is_stored(plan):
    from shinchoku.ingest.errors import InputError
    from shinchoku.ingest.plan_file import read_plan_text

    text = HANNO_FILE.read_text(encoding="utf-8").replace('"112097"', '"112098"')
    with pytest.raises(InputError) as err:
        read_plan_text(text, "hanno.yaml")
    assert (
        "hanno.yaml:8:9 municipality.code: 地方公共団体コード「112098」の検査数字（6桁目）が"
        "合いません（11209 なら 112097）"
    ) in err.value.render()
    assert not Plan.objects.filter(slug=HANNO).exists()


def test_a_page_name_is_not_a_plan_slug(plan):
    from shinchoku.accounts.permissions import SYSTEM
    from shinchoku.ingest.plan_file import read_plan_text
    from shinchoku.plan.services import PlanError, load_plan

    text = HANNO_FILE.read_text(encoding="utf-8").replace(f"slug: {HANNO}", "slug: compare")
    with pytest.raises(PlanError, match="「compare」は計画の slug に使えません"):
        load_plan(read_plan_text(text, "x.yaml"), text, SYSTEM)


def test_default_urls_show_tokorozawa_and_the_prefix_shows_the_other(client, hanno):
    home = page(client, "/")
    assert TOKOROZAWA in home and HANNO_TITLE not in home
    other = page(client, f"/plans/{HANNO}/")
    assert HANNO_TITLE in other and TOKOROZAWA not in other
    # every link on the other plan's pages stays on that plan
    assert f'href="/plans/{HANNO}/indicators/visitors/"' in other
    assert f'href="/plans/{HANNO}/methods/"' in other
    assert 'href="/indicators/' not in other
    # and the default pages are unchanged afterwards (the page cache is per path)
    again = page(client, "/")
    assert TOKOROZAWA in again and HANNO_TITLE not in again
    assert 'href="/plans/' not in again


def test_pages_take_the_plan_from_the_prefix_only(client, hanno):
    # ?plan= is the API's: a page at the default plan's address always shows the default plan
    # (and its caches can never hold another plan under that address).
    assert TOKOROZAWA in page(client, f"/?plan={HANNO}")
    assert client.get(f"/indicators/visitors.csv?plan={HANNO}").status_code == 404
    assert client.get(f"/plans/{HANNO}/indicators/visitors.csv").status_code == 200


def test_the_other_plan_in_english_and_its_language_link(client, hanno):
    english = page(client, f"/plans/{HANNO}/en/")
    assert "Hanno City Test Industry Plan" in english
    assert f'href="/plans/{HANNO}/en/indicators/visitors/"' in english
    assert f'href="/plans/{HANNO}/" lang="ja"' in english


def test_indicators_belong_to_their_plan(client, hanno):
    assert client.get(f"/plans/{HANNO}/indicators/visitors/").status_code == 200
    assert client.get("/indicators/visitors/").status_code == 404  # 所沢市 has tourist-visits
    assert client.get(f"/plans/{HANNO}/indicators/tourist-visits/").status_code == 404


def test_an_unknown_plan_is_404_and_the_default_prefix_goes_to_the_root(client, plan, hanno):
    assert client.get("/plans/nope/").status_code == 404
    assert client.get("/plans/nope/indicators/gross-product/").status_code == 404
    home = client.get(f"/plans/{HANNO}")
    assert (home.status_code, home["Location"]) == (302, f"/plans/{HANNO}/")
    response = client.get(f"/plans/{plan.slug}/indicators/gross-product/?a=1")
    assert response.status_code == 302
    assert response["Location"] == "/indicators/gross-product/?a=1"


def test_each_plan_shows_its_own_verdicts(client, two_plans):
    default = page(client, "/indicators/gross-product/")
    assert "令和5年度の目標線 9,186億円に対して 9,300億円（達成率 101.2%）" in default
    other = page(client, f"/plans/{HANNO}/indicators/gross-product/")
    assert "令和5年度の目標線 2,100億円に対して 2,050億円（達成率 97.6%）" in other
    assert "9,300" not in other


def test_api_plan_parameter(client, two_plans):
    assert client.get("/api/plan").json()["municipality"] == "所沢市"
    found = client.get(f"/api/plan?plan={HANNO}").json()
    assert (found["municipality"], found["municipality_code"]) == ("飯能市", "112097")
    default = client.get("/api/evaluation?year=2023").json()
    other = client.get(f"/api/evaluation?year=2023&plan={HANNO}").json()
    mine = {r["code"]: r for r in other["indicators"]}
    assert set(mine) == {"gross-product", "visitors"}
    assert mine["gross-product"]["rating"] == "C"
    assert mine["visitors"]["rating"] == "A"
    assert mine["gross-product"]["latest"]["value"] == 2050
    theirs = {r["code"]: r for r in default["indicators"]}
    assert theirs["gross-product"]["rating"] == "A"
    assert theirs["gross-product"]["latest"]["value"] == 9300
    assert "visitors" not in theirs


def test_api_unknown_plan_is_404_with_the_reason(client, plan):
    response = client.get("/api/plan?plan=nope")
    assert response.status_code == 404
    assert "計画「nope」は登録されていません" in response.json()["detail"]


def test_the_registries_are_the_default_plans(client, hanno):
    assert client.get("/brand/").status_code == 200
    assert client.get(f"/plans/{HANNO}/brand/").status_code == 404
    assert client.get(f"/plans/{HANNO}/en/places/").status_code == 404
    assert "/brand/" not in page(client, f"/plans/{HANNO}/")  # and not in its menu
    assert 'href="/brand/"' in page(client, "/")


def test_an_owner_code_edited_by_hand_is_checked(plan):
    from django.core.exceptions import ValidationError

    owner = plan.owner
    owner.code = "112088"
    with pytest.raises(ValidationError, match="検査数字"):
        owner.full_clean()
    owner.code = "11208"
    with pytest.raises(ValidationError, match="6桁で書いてください（112089）"):
        owner.full_clean()


@pytest.mark.parametrize("path", ["products", "shops", "places", "courses", "signs"])
def test_the_registries_api_is_the_default_plans(client, hanno, path):
    assert client.get(f"/api/registries/{path}").status_code == 200
    assert client.get(f"/api/registries/{path}?plan={HANNO}").status_code == 404
    assert client.get(f"/plans/{HANNO}/api/registries/{path}").status_code == 404


def test_another_plans_open_data_carries_no_registries(client, plan, hanno):
    """The registries are 所沢市's: 飯能市's data package, catalogue and download page must not
    publish them (with 飯能市's code on 所沢市's places) as its own."""
    import json

    from shinchoku.opendata import package

    mine = package.build(plan, "https://example.jp")
    assert {"products", "tourism-places"} <= {t.name for t in mine.tables}
    assert any(p.startswith("geojson/") for p in mine.files)
    theirs = package.build(hanno, "https://example.jp")
    assert not [t.name for t in theirs.tables if t.dataset == "registries"]
    assert not [p for p in theirs.files if "geojson" in p]
    catalogue = json.loads(theirs.files[package.CATALOGUE])
    assert "geojson" not in json.dumps(catalogue)
    assert f"{HANNO}-registries" not in json.dumps(catalogue)
    page = client.get(f"/plans/{HANNO}/data/")
    assert page.status_code == 200 and ".geojson" not in page.content.decode()


def test_each_readme_lists_only_the_files_its_download_holds(plan, hanno):
    """飯能市's README names no GeoJSON nor 観光施設一覧 file (it has none); 所沢市's does."""
    import json

    from shinchoku.opendata import package

    def listed(bundle) -> list[str]:
        text = bundle.files[package.README].decode("utf-8-sig")
        contents = text.split("\r\n\r\n")[2]  # title, licence, contents, notes
        return [line.split()[0] for line in contents.splitlines() if line[:1].strip()]

    mine = package.build(plan, "https://example.jp")
    theirs = package.build(hanno, "https://example.jp")
    assert "geojson/" in listed(mine) and "csv/tourism-*.csv" in listed(mine)
    readme = theirs.files[package.README].decode("utf-8-sig")
    assert "geojson" not in readme and "tourism" not in readme and "観光施設一覧" not in readme
    assert listed(theirs) == [
        "datapackage.json", "csv/", "csv-sjis/", package.WORKBOOK,
    ]  # fmt: skip
    for bundle in (mine, theirs):  # every file or folder named is in the download
        for name in listed(bundle):
            prefix = name.split("*")[0]
            assert any(path.startswith(prefix) for path in bundle.files), name
    described = json.loads(theirs.files[package.DESCRIPTOR])["description"]
    assert (
        "登録簿" not in described
        and "登録簿" in json.loads(mine.files[package.DESCRIPTOR])["description"]
    )


def test_the_site_header_names_the_plan_of_the_page(client, plan, hanno):
    """Each plan's pages say whose progress they show, in the page's language."""
    import re

    def header(path: str) -> str:
        html = client.get(path).content.decode()
        found = re.search(r'<p class="site-name"><a [^>]*>(.*?)</a></p>', html)
        assert found, html[:500]
        return found[1]

    assert header("/") == "所沢市 産業振興ビジョン 後期アクションプラン 進捗状況"
    assert header(f"/plans/{HANNO}/") == "飯能市 テスト産業計画 進捗状況"
    assert header(f"/plans/{HANNO}/en/") == "Hanno City Test Industry Plan: progress"
    assert header("/en/").startswith("Tokorozawa City Industrial Promotion Vision")
    # pages without the plan's own context (the workspace, the registries) name it too
    assert header(f"/plans/{HANNO}/login/") == "飯能市 テスト産業計画 進捗状況"
    assert header("/places/") == "所沢市 産業振興ビジョン 後期アクションプラン 進捗状況"


def test_an_unknown_plan_answers_in_japanese_after_an_english_page(client, plan):
    """The language of the request before on the same thread does not leak into the next."""
    assert client.get("/en/").status_code == 200
    html = client.get("/plans/nope/").content.decode()
    assert '<html lang="ja">' in html and '<html lang="en">' not in html
