"""Public pages: one verdict per question, 参考 across a break, no pre-plan rating, one
rounding rule and one lag sentence (issue 10)."""

from __future__ import annotations

import json
import re

import pytest

from shinchoku.core.labels import STATUS
from shinchoku.observations import services as observations

STATUS_LABELS = [label for lang in ("ja", "en") for label in STATUS[lang].values()]


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def add(
    plan, indicator: str, year: str, value: str, published_on="2025-03-01", note="", confirm=False
):
    observations.add(
        plan,
        {
            "indicator": indicator,
            "year": year,
            "value": value,
            "source": "テスト用の公表値",
            "published_on": published_on,
            "note": note,
        },
        confirm=confirm,
    )


@pytest.fixture
def site(plan, publish):
    """Published through 令和5年度 with a pre-plan 総生産額 and figures across a break."""
    add(plan, "総生産額", "令和3年度", "9,163")  # before the first target (令和5年度)
    add(plan, "製造品出荷額等", "令和4年", "1,690")
    add(plan, "製造品出荷額等", "令和5年", "1,765")  # across the 2022 break: 参考 C
    add(plan, "観光入込客数", "令和4年", "498")
    add(plan, "観光入込客数", "令和5年", "547")  # (547 − 476) / 60 = 118.3%: A
    publish(2023)
    return plan


PAGES = [
    "/",
    "/policies/1/",
    "/policies/2/",
    "/policies/3/",
    "/policies/4/",
    "/indicators/gross-product/",
    "/indicators/manufacturing-shipments/",
    "/indicators/tourist-visits/",
    "/indicators/employees/",
    "/en/",
    "/en/policies/2/",
    "/en/indicators/manufacturing-shipments/",
    "/en/indicators/tourist-visits/",
]


@pytest.mark.parametrize("url", PAGES)
def test_no_status_label_beside_the_rating(client, site, url):
    html = page(client, url)
    assert 'class="badge rating-' in html  # the rating is there
    shown = [label for label in STATUS_LABELS if label in html]
    assert shown == [], f"{url} shows the status as a headline: {shown}"
    assert "到達見込み" not in html and "未達見込み" not in html and "(off course)" not in html


def test_the_indicator_page_states_both_verdicts(client, site):
    html = page(client, "/indicators/tourist-visits/")
    assert "令和5年の目標線 536万人に対して 547万人（達成率 102.1%）" in html
    assert 'class="badge rating-A"' in html
    # Least squares through (0, 476), (1, 498), (2, 547): slope 35.5, at 2027 (x = 6) 684.5.
    assert "このペースなら最終目標 656万人（令和9年）に届く見込み（予測 685万人）" in html


def test_reference_rating_across_a_break(client, site):
    html = page(client, "/indicators/manufacturing-shipments/")
    assert 'class="badge rating-ref"' in html and "参考</span>" in html
    assert "令和4年から統計が変わり（経済構造実態調査 全事業所（個人経営を除く））" in html
    assert "評価は参考とし、A〜Dの集計に含めません" in html
    assert 'class="badge rating-C"' not in html
    home = page(client, "/")
    assert 'class="badge rating-ref"' in home and "評価は参考とし" in home
    en = page(client, "/en/indicators/manufacturing-shipments/")
    assert "reference</span>" in en and "left out of the A–D count" in en


def test_pre_plan_actual_is_not_rated_and_the_line_is_explained(client, site):
    html = page(client, "/indicators/gross-product/")
    assert 'class="badge rating-none"' in html and "評価なし" in html
    assert "最初の目標年度（令和5年度）より前の年のため評価しません" in html
    # path(R3) = 9095 + (9186 − 9095) × 2/4 = 9140.5 → 9,141 (half-up), with its derivation.
    assert (
        "9,141 <small>（令和元年度の基準値と令和5年度の目標値の間を直線で補った値）</small>" in html
    )
    assert "9,140" not in html
    en = page(client, "/en/indicators/gross-product/")
    assert "straight line between the FY2019 baseline and the FY2023 target" in en


def test_the_api_display_strings_round_half_up(client, site):
    gp = client.get("/api/evaluation?year=2023").json()["indicators"][0]
    assert gp["target_line"]["value"] == 9140.5
    assert gp["display"]["target_line"] == "9,141"
    assert (gp["rated"], gp["reason"], gp["comparable"]) == (False, "before_first_target", True)
    assert "status" in gp  # kept in the data for comparison


def test_lag_sentence_is_cores_on_the_site(client, plan, publish):
    # Published 2019-04-10: still 平成31年 (令和 began on 1 May 2019).
    # (a date chosen for the era boundary, not a real publication)
    add(plan, "製造品出荷額等", "令和3年", "1,741", published_on="2019-04-10")
    publish(2023)
    html = page(client, "/indicators/manufacturing-shipments/")
    assert "最新値は令和3年（平成31年4月公表）" in html
    assert "令和元年4月" not in html


def test_chart_scale_leaves_out_superseded_typos(client, plan, publish):
    add(plan, "観光入込客数", "令和4年", "4,980", published_on="2023-09-01")  # a 10× typo
    add(plan, "観光入込客数", "令和4年", "498", "2023-10-01", "桁の誤り", confirm=True)
    add(plan, "観光入込客数", "令和3年", "480", published_on="2022-09-01")
    add(plan, "観光入込客数", "令和3年", "476", "2022-10-01", "確報")  # 480 is in scale
    publish(2023)
    html = page(client, "/indicators/tourist-visits/")
    found = re.search(r'<script id="chart-tourist-visits"[^>]*>(.*?)</script>', html, re.S)
    chart = json.loads(found.group(1))
    assert {"x": 2022, "y": 4980.0} not in chart["revised"]
    assert {"x": 2021, "y": 480.0} in chart["revised"]  # inside the scale: still drawn
    assert max(p["y"] for key in ("path", "actual", "revised") for p in chart[key]) == 656
    assert "4,980" in html  # the values table keeps it


def test_the_api_speaks_english_on_request(client, site):
    ms = client.get("/api/evaluation?year=2023&lang=en").json()["indicators"][1]
    assert ms["display"]["rating"] == "reference C behind"
    assert ms["display"]["rating_text"] == (
        "1,765 × 100 million yen against the 2023 target line of 1,791 × 100 million yen"
        " (98.5% attained)"
    )


def test_the_feed_announces_the_same_verdicts(client, site):
    from xml.etree import ElementTree

    atom = "{http://www.w3.org/2005/Atom}"
    root = ElementTree.fromstring(client.get("/feeds/plan.atom").content)
    published = next(
        e
        for e in root.iter(f"{atom}entry")
        if e.findtext(f"{atom}title") == "令和5年度の評価を公表"
    )
    text = published.findtext(f"{atom}summary") or published.findtext(f"{atom}content") or ""
    assert "製造品出荷額等: 参考 C 遅れ（令和5年の目標線 1,791億円に対して 1,765億円" in text
    assert "評価は参考とし" in text
    assert "総生産額: 評価なし（令和3年度の値 9,163億円は、最初の目標年度" in text
    assert not [label for label in STATUS_LABELS if label in text]


def test_the_workspace_dashboard_has_no_status_column(client_as, site):
    html = page(client_as("secretariat"), "/workspace/?year=2023")
    assert "最終目標への見通し" in html and "届く見込み" in html
    assert 'class="badge rating-ref"' in html
    assert not [label for label in STATUS_LABELS if label in html]


def test_methods_page_takes_the_plans_thresholds(client, plan, publish):
    plan.thresholds = {**plan.thresholds, "rating_b": 0.7, "status_substantial": 0.9}
    plan.save()
    publish(2023)
    html = page(client, "/methods/")
    assert "70% 以上" in html and "60% 以上" not in html
    assert "R が 0.9 以上は順調に進捗" in html and "0.95" not in html
    assert "最新値は、その年の目標線に対してどうか" in html
    assert 'class="badge rating-ref"' in html
