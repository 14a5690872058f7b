"""List pages on a plan larger than one page: each shows a bounded number of indicators, reads
no values history, and says what it leaves out (issue 16: 12,750 indicators took 22–37 s)."""

from __future__ import annotations

import re
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.observations import services as observations
from shinchoku.observations.pages import INDICATORS_PER_PAGE, ValuesNotRead, site_view
from shinchoku.web.feeds import FEED_ENTRIES, RATINGS_LISTED

EXTRA = 130  # added to basic policy 1: 131 there, 134 in the plan
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def large(extra_indicators):
    """The built-in plan with 130 more monitoring indicators under basic policy 1."""
    return extra_indicators(EXTRA)


def add_values(plan, n: int) -> None:
    """令和4年度 values (public before any publication) for the first ``n`` added
    indicators, in order: the last one added is the newest."""
    for k in range(n):
        fields = {"indicator": f"extra-{k:03d}", "year": "2022", "value": str(101 + k),
                  "source": "調査"}  # fmt: skip
        observations.add(plan, fields, actor=SYSTEM)


@pytest.fixture
def no_history(monkeypatch):
    """Reading any values history fails the test: list pages must not."""

    def refuse(*args, **kwargs):
        raise AssertionError("a list page read the values history")

    monkeypatch.setattr("shinchoku.observations.pages.revisions", refuse)
    monkeypatch.setattr("shinchoku.observations.pages.withdrawn_revisions", refuse)


def summaries(html: str) -> list[str]:
    return re.findall(r'<div class="indicator-summary wide">', html)


def body_rows(html: str, table_id: str) -> int:
    start = html.index(f'id="{table_id}"')
    body = html[html.index("<tbody>", start) : html.index("</tbody>", start)]
    return body.count("<tr>")


def test_a_view_without_history_refuses_to_show_one(large):
    site = site_view(large, public=False, year=2023)
    view = site.views_for([0], values=False)[0]
    assert view.evaluation.latest is not None  # the latest value is read all the same
    with pytest.raises(ValuesNotRead, match="gross-product"):
        _ = view.revisions
    with pytest.raises(ValuesNotRead):
        site.table(view)
    assert site.views_for([0])[0].revisions  # with values=True it is there


def test_policy_and_measure_pages_show_a_page_of_their_own_indicators(large, client, no_history):
    assert INDICATORS_PER_PAGE == 100
    first = client.get("/policies/1/").content.decode()
    assert len(summaries(first)) == 100
    assert "全131指標のうち1–100" in first and "1 / 2 ページ" in first
    assert 'href="/policies/1/?page=2" rel="next"' in first and 'rel="prev"' not in first
    assert "追加指標098" in first and "追加指標099" not in first
    second = client.get("/policies/1/?page=2").content.decode()
    assert len(summaries(second)) == 31 and "全131指標のうち101–131" in second
    assert "追加指標129" in second and 'href="/policies/1/" rel="prev"' in second
    assert "観光入込客数" not in second  # policy 3's indicator is not listed under policy 1
    measure = client.get("/measures/1-1/?page=2").content.decode()
    assert len(summaries(measure)) == 31 and "全131指標のうち101–131" in measure
    other = client.get("/policies/3/").content.decode()
    assert len(summaries(other)) == 1 and 'class="pages"' not in other  # one page: no links
    english = client.get("/en/policies/1/").content.decode()
    assert "1–100 of all 131 indicators" in english and "Page 1 of 2" in english


def sources(html: str) -> str:
    """The list of sources on ``/methods/``: its page links and the list itself."""
    found = html[html.index('<h2 id="sources">') :]
    return found[: found.index("<h2>")]  # up to the next section


def test_methods_lists_a_page_of_sources_without_evaluating(large, client, no_history):
    first = sources(client.get("/methods/").content.decode())
    assert first.count('<li><a href="/indicators/') == 100
    assert '<nav class="pages pages-top" aria-label="出典のページ（上）">' in first
    assert '<nav class="pages pages-bottom" aria-label="出典のページ（下）">' in first
    assert "全134指標のうち1–100" in first and "1 / 2 ページ" in first
    # The sources are far down the page: the page links lead straight back to them.
    assert 'href="/methods/?page=2#sources" rel="next"' in first and "追加指標095" in first
    assert "追加指標096" not in first  # the built-in plan's 4 come first
    second = sources(client.get("/methods/?page=2&x=1").content.decode())
    assert second.count('<li><a href="/indicators/') == 34 and "追加指標129" in second
    assert "全134指標のうち101–134" in second and 'href="/methods/#sources" rel="prev"' in second
    english = sources(client.get("/en/methods/?page=2").content.decode())
    assert 'aria-label="Pages of the sources (top)"' in english
    assert "101–134 of all 134 indicators" in english and "Page 2 of 2" in english
    for junk, to in (("abc", "/methods/"), ("1", "/methods/"), ("02", "/methods/?page=2")):
        moved = client.get(f"/methods/?page={junk}")
        assert (moved.status_code, moved["Location"]) == (301, to)


def test_each_methods_page_is_one_cache_entry(large, client):
    from django.core.cache import cache

    def stored() -> list[str]:
        return [k for k in cache._cache if "/methods/" in k]  # the local-memory cache

    cache.clear()
    for url in ("/methods/", "/methods/?utm_source=x", "/methods/?page=2", "/methods/?page=2&y=1"):
        assert client.get(url).status_code == 200
    assert len(stored()) == 2
    versions = {k: cache.get(k.split(":", 2)[2])[0] for k in stored()}
    add_values(large, 1)  # public (before the plan): the page is built again, in place
    assert client.get("/methods/?page=2").status_code == 200 and len(stored()) == 2
    again = {k: cache.get(k.split(":", 2)[2])[0] for k in stored()}
    changed = [k for k in stored() if again[k] != versions[k]]
    assert len(changed) == 1 and "page=2" in changed[0]


def test_the_dashboard_lists_a_page_of_indicators_and_keeps_the_year(large, client_as, no_history):
    client = client_as("secretariat")
    html = client.get("/workspace/?year=2023").content.decode()
    assert body_rows(html, "indicators") == 100
    assert "全134指標のうち1–100" in html and "1 / 2 ページ" in html
    assert 'href="/workspace/?year=2023&amp;page=2" rel="next"' in html
    assert 'href="/workspace/?year=2023&amp;page=2">最後</a>' in html
    last = client.get("/workspace/?year=2024&page=2").content.decode()
    assert body_rows(last, "indicators") == 34 and "全134指標のうち101–134" in last
    assert '<option value="2024" selected>' in last  # the year selector still shows 2024
    assert 'href="/workspace/?year=2024" rel="prev"' in last and "追加指標129" in last
    beyond = client.get("/workspace/?year=2024&page=99")
    assert (beyond.status_code, beyond["Location"]) == (302, "/workspace/?year=2024&page=2")
    english = client.get("/en/workspace/?year=2023").content.decode()
    assert "1–100 of all 134 indicators" in english


def test_the_dashboards_queries_do_not_grow_with_the_history(large, client_as):
    client = client_as("secretariat")

    def queries() -> int:
        with CaptureQueriesContext(connection) as run:
            assert client.get("/workspace/?year=2023&page=2").status_code == 200
        return len(run)

    queries()  # the evaluation of the year is built and cached once per data version
    before = queries()
    add_values(large, 40)
    queries()
    assert queries() == before


def test_the_publish_preview_is_paged_and_the_checklist_says_what_it_leaves_out(
    large, client_as, no_history
):
    html = client_as("secretariat").get("/workspace/publish/?year=2023").content.decode()
    assert body_rows(html, "preview") == 100 and "全134指標のうち1–100" in html
    assert 'href="/workspace/publish/?year=2023&amp;page=2" rel="next"' in html
    # No round opened: 134 indicators and 15 projects unapproved, 100 listed.
    assert body_rows(html, "unapproved") == 100 and "ほか49件はここに載せていません。" in html
    missing = html[html.index('id="missing"') :]
    assert missing[: missing.index("</ul>")].count("<li>") == 100
    assert "ほか3" in html  # the indicators without a 2023 value beyond the first 100


def feed(client, url: str = "/feeds/plan.atom") -> list[ElementTree.Element]:
    response = client.get(url)
    assert response.status_code == 200
    return list(ElementTree.fromstring(response.content).iter(f"{ATOM}entry"))


def test_the_plan_feed_holds_the_newest_entries_only(large, client, no_history):
    add_values(large, 60)
    entries = [e.findtext(f"{ATOM}title") for e in feed(client)]
    assert FEED_ENTRIES == 50 and len(entries) == 50
    assert entries[0] == "追加指標059 令和4年度: 160件"  # the newest first
    assert entries[-1] == "追加指標010 令和4年度: 111件"
    assert not any(t.startswith("追加指標009") or t.startswith("総生産額") for t in entries)


def test_the_plan_feeds_queries_do_not_grow_with_the_history(large, client):
    def queries() -> int:
        with CaptureQueriesContext(connection) as run:
            feed(client)
        return len(run)

    add_values(large, 5)
    queries()  # the evaluation is built and cached once per data version
    before = queries()
    add_values(large, 80)
    queries()
    assert queries() == before


def test_the_evaluation_entry_lists_some_ratings_and_counts_the_rest(large, client, publish):
    publish(2023)
    entries = feed(client)
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == "令和5年度の評価を公表"
    text = first.findtext(f"{ATOM}summary")
    assert RATINGS_LISTED == 20 and len(text.splitlines()) == 21
    assert text.splitlines()[-1] == "ほか114指標の評価は公開サイトの各ページにあります"
    english = feed(client, "/en/feeds/plan.atom")[0].findtext(f"{ATOM}summary")
    assert english.splitlines()[-1] == "and 114 more indicators: see their pages on the public site"
    # An indicator's own feed still carries its rating alone.
    own = feed(client, "/feeds/indicators/extra-000.atom")
    rated = [e for e in own if e.findtext(f"{ATOM}title") == "令和5年度の評価を公表"]
    assert len(rated[0].findtext(f"{ATOM}summary").splitlines()) == 1


def test_the_cross_plan_list_shows_a_plans_first_rows_and_links_the_rest(large, client, no_history):
    html = client.get("/plans/").content.decode()
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    assert body.count("<tr>") == 100 and "追加指標095" in body and "追加指標096" not in body
    assert "条件に合う評価指標134件のうち、表には100件を載せています。" in html
    assert '<a href="/">この計画のページ（基本方針ごとにすべての指標）</a>' in html
    # A filter counts the matching rows: policy 1 (イノベーション) holds 131, policy 3 one.
    assert "評価指標131件のうち" in client.get("/plans/?field=イノベーション").content.decode()
    tourism = client.get("/plans/?field=観光").content.decode()
    assert "観光入込客数" in tourism and "件のうち" not in tourism
    english = client.get("/en/plans/").content.decode()
    assert "Of the 134 indicators of" in english and "the table lists 100." in english


def test_the_status_filter_builds_views_for_the_rows_shown_only(
    large, client, monkeypatch, publish
):
    """/plans/?status= reads each indicator's badge from the evaluated table: views (one
    evaluation and latest value each) are built for the 100 rows listed, not all 134."""
    from shinchoku.observations.store import StoreEvaluation

    publish(2023)  # verdicts shown: the badges come from the table, not a shortcut

    built: list[int] = []
    results_for = StoreEvaluation.results_for

    def counted(self, rows):
        built.append(len(rows))
        return results_for(self, rows)

    monkeypatch.setattr(StoreEvaluation, "results_for", counted)
    html = client.get("/plans/?status=none").content.decode()  # no values yet: all unrated
    assert "条件に合う評価指標134件のうち、表には100件を載せています。" in html
    body = html[html.index("<tbody>") : html.index("</tbody>")]
    assert body.count("<tr>") == 100 and sum(built) == 100
    assert "表には" not in client.get("/plans/?status=A").content.decode()  # none rated A


def page_entries() -> list[str]:
    """The page cache's keys (the local-memory cache's keys read ":1:page:…")."""
    from django.core.cache import cache

    return sorted(k for k in cache._cache if ":page:" in k)


@pytest.mark.parametrize(
    ("asked", "status", "location"),
    [
        ("abc", 301, "/policies/1/"),  # not a number: page 1
        ("1", 301, "/policies/1/"),  # page 1 names no page
        ("01", 301, "/policies/1/"),
        ("", 301, "/policies/1/"),
        ("0", 301, "/policies/1/"),  # below the first page
        ("-2", 301, "/policies/1/"),
        ("02", 301, "/policies/1/?page=2"),
        ("+2", 301, "/policies/1/?page=2"),
        ("3", 302, "/policies/1/?page=2"),  # beyond the last: 302, it may exist later
        ("999999", 302, "/policies/1/?page=2"),
    ],
)
def test_a_page_number_spelled_otherwise_redirects_and_stores_nothing(
    large, client, asked, status, location
):
    from django.core.cache import cache

    cache.clear()
    response = client.get(f"/policies/1/?page={asked}")
    assert (response.status_code, response["Location"]) == (status, location)
    assert page_entries() == []
    shown = client.get(f"/policies/1/?page={asked}", follow=True).content.decode()
    assert ("全131指標のうち101–131" if "page=2" in location else "全131指標のうち1–100") in shown


def test_every_list_page_keeps_one_cache_entry_per_page_shown(large, client):
    from django.core.cache import cache

    cache.clear()
    for url in ["/policies/1/", "/policies/1/?page=2", "/measures/1-1/?page=2", "/plans/"]:
        assert client.get(url).status_code == 200, url
    entries = page_entries()
    assert len(entries) == 4
    junk = [
        "/policies/1/?page=abc", "/policies/1/?page=999999", "/policies/1/?page=01",
        "/measures/1-1/?page=abc", "/measures/1-1/?page=999999", "/measures/1-1/?page=1",
        "/plans/?page=abc", "/plans/?page=999999", "/plans/?page=01", "/plans/?page=1",
    ]  # fmt: skip
    assert all(client.get(url).status_code in (301, 302) for url in junk)
    # an undeclared parameter, or page named twice, is answered from page 2's entry
    for url in ["/policies/1/?page=2&x=1", "/policies/1/?page=abc&page=2"]:
        html = client.get(url).content.decode()
        assert "全131指標のうち101–131" in html and "追加指標129" in html
    assert page_entries() == entries
    filtered = client.get("/plans/?status=none&page=abc")  # the filter is kept
    assert (filtered.status_code, filtered["Location"]) == (301, "/plans/?status=none")
    english = client.get("/en/policies/1/?page=999999")
    assert (english.status_code, english["Location"]) == (302, "/en/policies/1/?page=2")


def test_signed_in_lists_redirect_by_the_same_rule(large, client_as):
    client = client_as("secretariat")
    for url, location in [
        ("/workspace/?year=2023&page=abc", "/workspace/?year=2023"),
        ("/workspace/?year=2023&page=02", "/workspace/?year=2023&page=2"),
        ("/workspace/publish/?year=2023&page=1", "/workspace/publish/?year=2023"),
        ("/workspace/audit/?action=x&page=abc", "/workspace/audit/?action=x"),
    ]:
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (301, location), url


def nav_labels(html: str) -> list[str]:
    return re.findall(r'<nav class="pages[^"]*" aria-label="([^"]+)"', html)


def test_the_page_links_stand_above_and_below_the_list(large, client, client_as):
    """After scrolling a 100-row list, its page links are there too; each nav has its own
    name (no two landmarks named alike, WCAG 2.1 AA)."""
    html = client.get("/policies/1/?page=2").content.decode()
    assert nav_labels(html) == ["評価指標のページ（上）", "評価指標のページ（下）"]
    last = html.rindex('class="indicator-summary wide"')
    assert html.index('aria-label="評価指標のページ（下）"') > last
    assert html.count('href="/policies/1/" rel="prev"') == 2
    english = client.get("/en/measures/1-1/").content.decode()
    assert nav_labels(english) == [
        "Pages of the indicators (top)",
        "Pages of the indicators (bottom)",
    ]
    staff = client_as("secretariat")
    dashboard = staff.get("/workspace/?year=2023").content.decode()
    assert nav_labels(dashboard) == ["評価指標の一覧のページ（上）", "評価指標の一覧のページ（下）"]
    assert dashboard.index("（下）") > dashboard.index(
        "</table>", dashboard.index('id="indicators"')
    )
    preview = staff.get("/workspace/publish/?year=2023").content.decode()
    assert nav_labels(preview) == [
        "公表後の評価の一覧のページ（上）",
        "公表後の評価の一覧のページ（下）",
    ]
    landmarks = re.findall(r'<nav[^>]* aria-label="([^"]+)"', dashboard)
    assert len(landmarks) == len(set(landmarks))
