"""A plan whose units have no English: the English verdict sentences keep the Japanese unit,
marked ``lang="ja"`` as the untranslated names are (WCAG 2.1 SC 3.1.2).

飯能市 総生産額 (tests/fixtures/plans/hanno.yaml without its ``unit_en``): baseline 令和3年度
2,000, target 令和5年度 2,100, final 令和9年度 2,500 億円; actual 令和5年度 2,050 → attainment
2,050 / 2,100 = 97.6 %; projection through (2021, 2000), (2023, 2050): 25 a year → 2,150 in
2027, short of 2,500.
"""

from __future__ import annotations

import pytest
from tests.plans.conftest import HANNO, add, publish_through
from tests.plans.conftest import hanno_without_english_units as without_english_units

from shinchoku.web.langcheck import unmarked_japanese
from shinchoku.widgets import marked

RATED = (
    '2,050 <span lang="ja">億円</span> against the FY2023 target line of '
    '2,100 <span lang="ja">億円</span> (97.6% attained)'
)
OUTLOOK = (
    'At this pace the final target of 2,500 <span lang="ja">億円</span> (FY2027) will not be '
    'met (projected 2,150 <span lang="ja">億円</span>)'
)


@pytest.fixture
def no_english_units(plan):
    """The 飯能市 test plan without English units, its 令和5年度 figure published."""
    row = without_english_units()
    add(row, "総生産額", "令和5年度", "2,050")
    publish_through(row, 2023)
    return row


@pytest.mark.parametrize(
    "page", ["", "indicators/gross-product/", "policies/1/"], ids=["home", "indicator", "policy"]
)
def test_english_verdicts_mark_the_japanese_unit(client, no_english_units, page):
    html = client.get(f"/plans/{HANNO}/en/{page}").content.decode()
    assert RATED in html and OUTLOOK in html
    assert unmarked_japanese(html) == []


def test_the_japanese_page_is_unchanged(client, no_english_units):
    html = client.get(f"/plans/{HANNO}/indicators/gross-product/").content.decode()
    assert "令和5年度の目標線 2,100億円に対して 2,050億円（達成率 97.6%）" in html
    assert 'lang="ja">億円' not in html


def test_the_english_feed_marks_the_unit_too(client, no_english_units):
    response = client.get(f"/plans/{HANNO}/en/feeds/plan.atom")
    assert response.status_code == 200
    from xml.etree import ElementTree

    atom = "{http://www.w3.org/2005/Atom}"
    summaries = "\n".join(
        e.findtext(f"{atom}summary") or ""
        for e in ElementTree.fromstring(response.content).iter(f"{atom}entry")
    )
    assert RATED in summaries
    assert unmarked_japanese(summaries) == []


@pytest.mark.parametrize(
    ("sentence", "language", "html"),
    [
        ("Trend: +4 件 a year", "en", 'Trend: +4 <span lang="ja">件</span> a year'),
        (
            "From 2022 the statistic changed (経済構造実態調査 全事業所（個人経営を除く）) and",
            "en",
            'From 2022 the statistic changed (<span lang="ja">経済構造実態調査 全事業所'
            "（個人経営を除く）</span>) and",
        ),
        ("120 persons <b>", "en", "120 persons &lt;b&gt;"),  # escaped, nothing to mark
        ("傾向: 年あたり +4件", "ja", "傾向: 年あたり +4件"),  # a Japanese page: no marks
    ],
)
def test_marked_wraps_each_japanese_piece(sentence, language, html):
    assert marked(sentence, language) == html


def test_the_english_html_report_marks_the_unit(no_english_units):
    from shinchoku.reports import render
    from shinchoku.reports.context import load_context

    html = render(load_context(no_english_units, 2023, lang="en"), "html").decode("utf-8")
    verdicts = html.split('<div class="verdicts">', 1)[1].split("</div>", 1)[0]
    assert RATED in verdicts and OUTLOOK in verdicts
    assert unmarked_japanese(verdicts) == []


@pytest.mark.parametrize("url", ["/en/plans/", "/en/plans/compare/gross-product/"])
def test_the_cross_plan_pages_mark_the_unit(client, no_english_units, url):
    html = client.get(url).content.decode()
    assert RATED in html and OUTLOOK in html
    assert unmarked_japanese(html) == []
