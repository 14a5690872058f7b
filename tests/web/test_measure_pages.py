"""A page per measure (施策の柱), and links between indicators and the projects that serve
them (issue 12, item 8)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_a_measure_page_lists_its_projects_and_its_policys_indicator(client, plan):
    page = client.get("/measures/3-5/").content.decode()
    assert "観光客誘致・受入れ体制の強化" in page
    assert 'href="/projects/12/"' in page and "インバウンド戦略推進事業" in page
    assert 'href="/indicators/tourist-visits/"' in page
    assert 'href="/policies/3/"' in page


def test_a_measure_without_projects_says_so(client, plan):
    page = client.get("/measures/1-1/").content.decode()
    assert "この施策の柱に重点推進事業はありません" in page
    assert 'href="/indicators/gross-product/"' in page


def test_unknown_measure_is_404_and_policy_links_each_measure(client, plan):
    assert client.get("/measures/9-9/").status_code == 404
    policy = client.get("/policies/2/").content.decode()
    for code in ("2-1", "2-2", "2-3"):
        assert f'href="/measures/{code}/"' in policy


def test_an_indicator_links_the_projects_meant_to_move_it(client, plan):
    page = client.get("/indicators/employees/").content.decode()
    assert "この指標を動かす重点推進事業" in page
    # policy 4's measures 4-1 and 4-2 are served by projects 13, 14 and 15
    for number in (13, 14, 15):
        assert f'href="/projects/{number}/"' in page
    assert 'href="/projects/1/"' not in page


@pytest.mark.parametrize("published", [None, 2024])
def test_english_measure_page_has_no_unmarked_japanese(client, plan, publish, published):
    from shinchoku.web.langcheck import unmarked_japanese

    if published:
        publish(published)
    for url in ("/en/measures/3-5/", "/en/measures/1-1/"):
        response = client.get(url)
        assert response.status_code == 200
        assert unmarked_japanese(response.content.decode()) == [], url


def test_sitemap_lists_every_measure(client, plan):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert sitemap.count("/measures/") >= 14
