"""The cross-plan list (/plans/) and the comparison of one indicator (/plans/compare/…)."""

from __future__ import annotations

import re

from django.core.cache import cache

from .conftest import HANNO

TOKOROZAWA_GP = "令和5年度の目標線 9,186億円に対して 9,300億円（達成率 101.2%）"
HANNO_GP = "令和5年度の目標線 2,100億円に対して 2,050億円（達成率 97.6%）"
HANNO_VISITORS = "令和5年度の目標線 110万人に対して 120万人（達成率 109.1%）"


def rows(client, url: str) -> list[str]:
    """The table rows of the page, as text."""
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return [" ".join(re.sub(r"<[^>]+>", " ", r).split()) for r in body.split("<tr>")[1:]]


def test_every_plan_with_its_verdicts(client, two_plans):
    found = rows(client, "/plans/")
    assert len(found) == 4 + 2  # 所沢市's four indicators and 飯能市's two
    gp = [r for r in found if "総生産額" in r]
    assert [r.startswith("所沢市") for r in gp] == [True, False]
    assert TOKOROZAWA_GP in gp[0] and "A 達成" in gp[0] and "9,300 億円" in gp[0]
    assert HANNO_GP in gp[1] and "C 遅れ" in gp[1] and "2,050 億円" in gp[1]
    assert any(HANNO_VISITORS in r and "A 達成" in r for r in found)


def test_each_plan_links_its_home(client, two_plans):
    html = client.get("/plans/").content.decode()
    assert '<a href="/">所沢市 産業振興ビジョン 後期アクションプラン</a>' in html
    assert f'<a href="/plans/{HANNO}/">飯能市 テスト産業計画</a>' in html
    english = client.get("/en/plans/").content.decode()
    assert f'<a href="/plans/{HANNO}/en/">Hanno City Test Industry Plan</a>' in english


def test_filter_by_municipality(client, two_plans):
    found = rows(client, "/plans/?municipality=112097")
    assert len(found) == 2 and all(r.startswith("飯能市") for r in found)
    assert client.get("/plans/?municipality=999999").status_code == 404  # no such plan owner


def test_a_filter_has_one_address(client, two_plans):
    """Blank fields of the form, an unknown status and stray spaces move to the filters in
    force: one cached page per filter, however it was spelled."""
    from django.core.cache import cache

    for asked, location in [
        ("?municipality=&field=&status=", "/plans/"),
        ("?municipality=&field=&status=C", "/plans/?status=C"),
        ("?status=Z&page=2", "/plans/?page=2"),  # the page kept (then checked itself)
        ("?status=&page=abc", "/plans/"),
        (
            "?field=%20イノベーション%20&status=",
            "/plans/?field=%E3%82%A4%E3%83%8E%E3%83%99%E3%83%BC%E3%82%B7%E3%83%A7%E3%83%B3",
        ),
        ("?municipality=112097&status=", "/plans/?municipality=112097"),
    ]:
        moved = client.get(f"/plans/{asked}")
        assert (moved.status_code, moved["Location"]) == (301, location), asked
    assert not [k for k in cache._cache if "/plans/" in k]  # nothing built for those
    assert len(rows(client, "/plans/?status=C")) == 1


def test_filter_by_status(client, two_plans):
    rated_c = rows(client, "/plans/?status=C")
    assert len(rated_c) == 1 and HANNO_GP in rated_c[0]
    rated_a = rows(client, "/plans/?status=A")
    assert any(TOKOROZAWA_GP in r for r in rated_a) and any(HANNO_VISITORS in r for r in rated_a)
    assert not any(HANNO_GP in r for r in rated_a)


def test_filter_by_policy_field(client, two_plans):
    innovation = rows(client, "/plans/?field=イノベーション")  # 所沢市 基本方針1
    assert len(innovation) == 1 and TOKOROZAWA_GP in innovation[0]
    local = rows(client, "/plans/?field=テスト産業計画")  # a plan's title
    assert len(local) == 2 and all(r.startswith("飯能市") for r in local)


def test_compare_one_indicator_across_municipalities(client, two_plans):
    found = rows(client, "/plans/compare/gross-product/")
    assert len(found) == 2
    tokorozawa, hanno = found
    assert tokorozawa.startswith("所沢市（112089）")
    assert "9,095（令和元年度） 9,300（令和5年度） 9,559（令和9年度）" in tokorozawa
    assert TOKOROZAWA_GP in tokorozawa
    assert hanno.startswith("飯能市（112097）")
    assert "2,000（令和3年度） 2,050（令和5年度） 2,500（令和9年度）" in hanno
    assert HANNO_GP in hanno
    html = client.get("/plans/compare/gross-product/").content.decode()
    assert 'href="/indicators/gross-product/"' in html
    assert f'href="/plans/{HANNO}/indicators/gross-product/"' in html


def test_shared_codes_link_to_the_comparison(client, two_plans):
    html = client.get("/plans/").content.decode()
    assert html.count('href="/plans/compare/gross-product/"') == 2
    assert "/plans/compare/visitors/" not in html  # only 飯能市 has it


def test_unknown_comparison_is_404_and_under_a_prefix_moves_to_the_root(client, two_plans):
    assert client.get("/plans/compare/nope/").status_code == 404
    moved = client.get(f"/plans/{HANNO}/plans/?status=A")
    assert (moved.status_code, moved["Location"]) == (302, "/plans/?status=A")


def test_english_comparison(client, two_plans):
    html = client.get("/en/plans/compare/gross-product/").content.decode()
    assert "Compared across municipalities" in html
    assert "Unit: 100 million yen" in html
    assert "Tokorozawa City (112089)" in html


def test_plans_come_a_page_at_a_time(client, two_plans, monkeypatch):
    from shinchoku.web import crossplan

    monkeypatch.setattr(crossplan, "PLANS_PER_PAGE", 1)
    first = rows(client, "/plans/?status=A")
    assert first and all(r.startswith("所沢市") for r in first)
    html = client.get("/plans/?status=A").content.decode()
    assert 'href="/plans/?status=A&amp;page=2" rel="next"' in html
    second = rows(client, "/plans/?status=A&page=2")
    assert len(second) == 1 and HANNO_VISITORS in second[0]
    back = client.get("/plans/?status=A&page=2").content.decode()
    assert 'href="/plans/?status=A" rel="prev"' in back  # page 1 names no page
    beyond = client.get("/plans/?status=A&page=3")
    assert (beyond.status_code, beyond["Location"]) == (302, "/plans/?status=A&page=2")


def test_the_field_filter_reads_either_language(client, two_plans):
    html = client.get("/en/plans/?field=Innovation").content.decode()
    assert "Creating innovation for growth" in html and "Hanno City" in html  # in the menu
    found = rows(client, "/en/plans/?field=innovation")
    assert len(found) == 1 and "Tokorozawa" in found[0]
    assert len(rows(client, "/en/plans/?field=イノベーション")) == 1


def test_english_cross_plan_pages_show_no_unmarked_japanese(client, two_plans):
    from shinchoku.web.langcheck import unmarked_japanese

    for url in ("/en/plans/", "/en/plans/compare/gross-product/", f"/plans/{HANNO}/en/"):
        html = client.get(url).content.decode()
        assert unmarked_japanese(html) == [], url


def test_an_owner_renamed_reaches_the_cached_list(client, two_plans):
    from shinchoku.audit.services import log

    _, hanno = two_plans
    assert "飯能市（112097）" in client.get("/plans/").content.decode()
    hanno.owner.name = "はんのう市"
    hanno.owner.save()
    log(None, "owner.rename", "はんのう市", None, None)  # as every admin save is audited
    assert "はんのう市（112097）" in client.get("/plans/").content.decode()


def test_the_status_filter_reads_the_badges_every_verdict_shows(two_plans):
    """The filter's badges (from the evaluated table) are those of each indicator's own
    verdict, the rule the plan's pages show, for every indicator of both plans."""
    from shinchoku.core.verdicts import table_badges
    from shinchoku.observations.pages import site_view
    from shinchoku.plan.models import Plan

    seen = []
    for row in Plan.objects.order_by("slug"):
        site = site_view(row, public=True)
        views = site.views_for(range(len(site.plan.indicators)), values=False)
        own = [v.verdict.badge for v in views]
        assert table_badges(site.store.evaluated.table) == own
        seen += own
    assert {"A", "C", "none"} <= set(seen)  # rated and unrated ones compared


def test_a_plans_own_pages_redirect_a_page_number_under_its_prefix(client, two_plans):
    for asked, status, location in [
        ("2", 302, f"/plans/{HANNO}/policies/1/"),  # one page only
        ("abc", 301, f"/plans/{HANNO}/policies/1/"),
    ]:
        response = client.get(f"/plans/{HANNO}/policies/1/?page={asked}")
        assert (response.status_code, response["Location"]) == (status, location)
    english = client.get(f"/plans/{HANNO}/en/measures/1-1/?page=1")
    assert (english.status_code, english["Location"]) == (301, f"/plans/{HANNO}/en/measures/1-1/")


SCROLL = '<div class="table-scroll" tabindex="0" role="region" aria-labelledby="{}">'


def test_wide_tables_scroll_in_a_named_region_of_their_own(client, two_plans):
    """On a phone the tables scroll inside their own box, which a keyboard reaches
    (tabindex) and a screen reader names by its heading; the page itself never scrolls."""
    html = client.get("/plans/").content.decode()
    assert '<h2 id="ratings-heading">評価指標と評価</h2>' in html
    assert SCROLL.format("ratings-heading") + '<table class="values wide">' in html
    years = html.count('<td class="year">令和5年度</td>')  # each on one line (site.css)
    assert years == len(rows(client, "/plans/")) == 6
    assert html.count("<table") == html.count('<div class="table-scroll"') == 1
    compare = client.get("/plans/compare/gross-product/").content.decode()
    assert '<h2 id="unit-1">単位: 億円</h2>' in compare
    assert SCROLL.format("unit-1") + '<table class="values wide">' in compare
    assert compare.count("<table") == compare.count('<div class="table-scroll"') == 1
    english = client.get("/en/plans/").content.decode()
    assert '<h2 id="ratings-heading">Evaluation indicators and ratings</h2>' in english
    assert SCROLL.format("ratings-heading") in english


def test_a_policy_without_measures_shows_no_empty_section(client, two_plans):
    """A plan whose policy has no measures (a plan stored without them) shows no
    施策の柱と重点推進事業 heading; a measure without projects shows no empty list."""
    from shinchoku.plan.models import Measure

    _plan, hanno = two_plans
    other = client.get(f"/plans/{HANNO}/policies/1/").content.decode()
    assert "施策の柱と重点推進事業" in other and "事業者の支援" in other
    Measure.objects.filter(policy__plan=hanno).delete()
    cache.clear()
    bare = client.get(f"/plans/{HANNO}/policies/1/").content.decode()
    assert "施策の柱と重点推進事業" not in bare and 'class="measure"' not in bare
    assert "総生産額" in bare  # the policy's indicators are still there
    tokorozawa = client.get("/policies/1/").content.decode()
    sections = re.findall(r'<section class="measure">(.*?)</section>', tokorozawa, re.S)
    assert len(sections) == 4
    assert "新たな産業用地等の創出" in sections[0] and "<ul" not in sections[0]  # no project
    assert "重点推進事業1 企業誘致活動推進事業" in sections[1]
