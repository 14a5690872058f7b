"""Site search: one prebuilt index per language over plan items and public registry records,
answered by the live site for ``?q=`` and searched in the browser in the static edition."""

from __future__ import annotations

from shinchoku.opendata import search


def test_the_index_holds_plan_items_and_public_records_with_links_from_the_search_page(
    plan, records
):
    index = search.search_index(plan, "ja")
    by_title = {e["title"]: e for e in index}
    visits = by_title["観光入込客数"]
    assert (visits["kind"], visits["url"]) == ("評価指標", "../indicators/tourist-visits/")
    assert by_title["𠮷田農園の直売所"]["url"] == f"../places/#place-{records['place'].pk}"
    assert by_title["サンプル直売所"]["kind"] == "直売所（サンプル）"
    assert len([e for e in index if e["kind"] == "重点推進事業"]) == 15
    english = {e["title"]: e for e in search.search_index(plan, "en")}
    assert english["Tourist visits"]["url"] == "../indicators/tourist-visits/"


def test_every_word_must_appear_and_full_width_letters_fold(plan, records):
    index = search.search_index(plan, "ja")
    titles = [e["title"] for e in search.matches(index, "観光 入込")]
    assert titles == ["観光入込客数"]
    assert search.matches(index, "") == []
    assert search.matches(index, "観光 存在しない言葉") == []
    # 全角の ＰＲ finds the projects written with ASCII "PR" (NFKC, case-folded).
    assert search.matches(index, "ｐｒ") == search.matches(index, "PR") != []


def test_the_live_page_answers_without_javascript(client, plan, records):
    html = client.get("/search/", {"q": "観光入込"}).content.decode()
    assert "「観光入込」を含むもの: 1 件" in html
    assert 'href="../indicators/tourist-visits/"' in html
    none = client.get("/search/", {"q": "存在しない言葉"}).content.decode()
    assert "「存在しない言葉」を含むものは見つかりませんでした" in none
    english = client.get("/en/search/", {"q": "tourist"}).content.decode()
    assert "Tourist visits" in english


def test_unapproved_records_are_not_searchable(client, plan, records):
    from shinchoku.registries.models import Product

    Product.objects.filter(pk=records["product"].pk).update(state="applied")
    index = client.get("/search/index.json").json()
    assert not [e for e in index if e["kind"] == "特産品"]
