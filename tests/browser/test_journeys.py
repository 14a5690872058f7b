"""What people do in a real browser: a citizen, a department officer, a council member."""

from __future__ import annotations

import csv
import io
import json

import pytest

from .conftest import login

pytestmark = pytest.mark.browser


def chart_points(page, code: str, dataset: str) -> list[dict]:
    return json.loads(page.locator(f"#chart-{code}").text_content())[dataset]


def test_citizen_goes_from_home_to_an_indicator_and_downloads_its_csv(page, server):
    page.goto(server + "/")
    assert page.locator("h1").text_content() == "所沢市 産業振興ビジョン 後期アクションプラン"
    page.click("text=観光入込客数")
    assert page.url.endswith("/indicators/tourist-visits/")
    # Chart.js drew the chart from our own static files.
    drawn = page.evaluate(
        "Chart.getChart(document.querySelector('canvas[data-chart]')) !== undefined"
    )
    assert drawn is True
    with page.expect_download() as info:
        page.click("a[href$='tourist-visits.csv']")
    text = info.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:6] == ["year", "year_label", "value", "unit", "role", "role_label"]
    assert rows[1][:6] == ["2021", "令和3年", "476", "万人", "baseline", "基準値"]
    assert page.errors == []


def test_english_is_one_click_away(page, server):
    page.goto(server + "/indicators/employees/")
    page.click("text=English")
    assert page.url.endswith("/en/indicators/employees/")
    assert page.locator("html").get_attribute("lang") == "en"
    # Out of the box no round is published: the history is shown, and no verdict.
    assert (
        page.locator(".evaluation .not-published")
        .text_content()
        .startswith("The first evaluation (FY2023) has not been published yet.")
    )


def test_department_enters_a_value_and_sees_the_rating_change(page, server):
    login(page, server, "department")
    page.goto(server + "/workspace/indicators/gross-product/?year=2023")
    assert "評価なし" in page.locator(".evaluation").text_content()
    page.fill("#id_year", "令和5年度")  # 令和4年度 would be before the first target: not rated
    page.fill("#id_value", "9,300")
    page.fill("#id_source", "令和4年度埼玉県市町村民経済計算（速報）")
    page.get_by_role("button", name="登録する", exact=True).click()
    evaluation = page.locator(".evaluation").text_content()
    assert "値を登録しました" in page.locator(".messages").text_content()
    # path(2023) = 9,186 (the R5 target); progress (9,300 − 9,095) / 91 = 225.3% → A 達成
    assert "225.3%" in evaluation and "A 達成" in evaluation
    assert "令和5年度の目標線 9,186億円に対して 9,300億円（達成率 101.2%）" in evaluation
    assert {"x": 2023, "y": 9300.0} in chart_points(page, "gross-product", "actual")
    assert page.errors == []


def test_council_member_reads_but_cannot_edit(page, server):
    login(page, server, "council")
    page.goto(server + "/workspace/")
    assert page.locator("table.values tbody tr").count() == 4
    page.goto(server + "/workspace/indicators/employees/")
    assert page.locator("#add-heading").count() == 0
    status = page.evaluate(
        """async () => {
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const body = new URLSearchParams({year: "R5", value: "1", source: "x"});
            const r = await fetch(location.pathname, {method: "POST", body,
                headers: {"X-CSRFToken": token}});
            return r.status;
        }"""
    )
    assert status == 403


def test_chart_figures_that_round_to_zero_show_no_minus_sign(page, server):
    """Intl.NumberFormat writes -0.0001 as "-0" (3 decimals at most); the chart's tooltip
    and axis write 0, as core.formatting.rounded does on the server."""
    shown = {}
    pages = (("/en/indicators/gross-product/", "en"), ("/indicators/gross-product/", "ja"))
    for path, lang in pages:
        page.goto(server + path)
        shown[lang] = page.evaluate(
            """() => {
                const chart = Chart.getChart(document.querySelector('canvas[data-chart]'));
                const label = chart.options.plugins.tooltip.callbacks.label;
                const tick = chart.options.scales.y.ticks.callback;
                const tip = (y) => label({dataset: {label: "Actual"}, parsed: {y: y}});
                return [tip(-0.0001), tip(-0), tip(-0.0005), tip(-1234.5),
                        tick(-0.0004), tick(0), tick(-2)];
            }"""
        )
    assert shown["en"] == [
        "Actual: 0 100 million yen",
        "Actual: 0 100 million yen",
        "Actual: -0.001 100 million yen",  # rounds to -0.001, not to zero: the sign stays
        "Actual: -1,234.5 100 million yen",
        "0",
        "0",
        "-2",
    ]
    assert shown["ja"][:2] == ["Actual: 0 億円", "Actual: 0 億円"]
    assert page.errors == []
