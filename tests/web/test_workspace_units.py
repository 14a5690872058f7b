"""The workspace shows the indicator's unit in the page's language, by the site's one rule
(core.i18n ``text``, the ``|text:"unit"`` filter): English where the plan has it, else the
Japanese unit marked ``lang="ja"``.

所沢市 総生産額 (built-in, ``unit_en: 100 million yen``): 令和4年度 9,200, 令和5年度 9,300
→ a change of +100 (+1.1 %: 100 / 9,200 = 1.09 %).
飯能市 総生産額 (tests/fixtures/plans/hanno.yaml without ``unit_en``): 令和4年度 2,020,
令和5年度 2,050 → +30 (+1.5 %: 30 / 2,020 = 1.49 %); the target line of 令和5年度 is 2,100.
"""

from __future__ import annotations

import datetime
import re

import pytest
from tests.plans.conftest import HANNO, add
from tests.plans.conftest import hanno_without_english_units as without_english_units

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.cycle import items
from shinchoku.cycle import services as cycle
from shinchoku.web.langcheck import unmarked_japanese

DUE = datetime.date(2027, 6, 30)


@pytest.fixture
def hanno_without_english_units(plan):
    """The 飯能市 test plan without ``unit_en``, with its 令和4・5年度 gross product."""
    row = without_english_units()
    add(row, "総生産額", "令和4年度", "2,020")
    add(row, "総生産額", "令和5年度", "2,050")
    return row


def item_page(client, row, prefix: str, lang: str) -> str:
    """The round item page of 総生産額 in ``row``'s 令和5年度 round, submitted, in ``lang``
    (the reviewer's view, which shows the value facts)."""
    round_ = cycle.open_round(row, 2023, DUE, actor=SYSTEM)
    item = round_.requests.get(indicator__code="gross-product")
    items.submit(item, {}, SYSTEM)  # the values already stored
    html = client.get(f"{prefix}/{lang}/workspace/cycle/{item.pk}/".replace("//", "/"))
    assert html.status_code == 200
    return html.content.decode()


def facts(html: str) -> str:
    """The item page's panel of value facts."""
    return re.search(r'<dl class="facts">(.*?)</dl>', html, re.S).group(1)


def test_the_english_item_page_shows_the_english_unit(client_as, plan):
    add(plan, "総生産額", "令和4年度", "9,200")
    add(plan, "総生産額", "令和5年度", "9,300")
    html = item_page(client_as("secretariat"), plan, "", "en")
    shown = facts(html)
    assert "<strong>9,300</strong> × 100 million yen (FY2023)" in shown
    assert "9,186 × 100 million yen (the FY2023 target)" in shown
    assert "+100 × 100 million yen (+1.1%) · FY2022: 9,200 × 100 million yen" in shown
    assert "億円" not in shown
    assert unmarked_japanese(html) == []


def test_the_japanese_item_page_keeps_the_japanese_unit(client_as, plan):
    add(plan, "総生産額", "令和4年度", "9,200")
    add(plan, "総生産額", "令和5年度", "9,300")
    shown = facts(item_page(client_as("secretariat"), plan, "", ""))
    assert "<strong>9,300</strong>億円（令和5年度）" in shown
    assert "+100億円（+1.1%） · 令和4年度は 9,200億円" in shown
    assert "million yen" not in shown and 'lang="ja"' not in shown


def test_without_an_english_unit_the_japanese_one_is_marked(client_as, hanno_without_english_units):
    html = item_page(client_as("secretariat"), hanno_without_english_units, f"/plans/{HANNO}", "en")
    shown = facts(html)
    assert '<strong>2,050</strong> <span lang="ja">億円</span>' in shown
    assert '2,100 <span lang="ja">億円</span>' in shown  # the target line of 令和5年度
    assert (
        '+30 <span lang="ja">億円</span> (+1.5%) · FY2022: 2,020 <span lang="ja">億円</span>'
        in shown
    )
    assert unmarked_japanese(html) == []


def test_the_english_publish_preview_names_indicators_and_units_in_english(client_as, plan):
    add(plan, "総生産額", "令和5年度", "9,300")
    html = client_as("secretariat").get("/en/workspace/publish/?year=2023").content.decode()
    row = re.search(r"<th scope=\"row\">Gross product.*?</th>", html).group(0)
    assert row == '<th scope="row">Gross product <small> (100 million yen)</small></th>'
    assert unmarked_japanese(html.split('id="preview"', 1)[1].split("</table>", 1)[0]) == []


def test_the_publish_preview_marks_a_japanese_unit(client_as, hanno_without_english_units):
    client = client_as("secretariat")
    html = client.get(f"/plans/{HANNO}/en/workspace/publish/?year=2023").content.decode()
    preview = html.split('id="preview"', 1)[1].split("</table>", 1)[0]
    assert '<small> (<span lang="ja">億円</span>)</small>' in preview
    assert unmarked_japanese(preview) == []


def test_an_output_of_the_project_form_is_marked_as_japanese_data(client_as, plan, users):
    round_ = cycle.open_round(plan, 2023, DUE, actor=SYSTEM)
    item = round_.requests.get(project__number=10)
    cycle.define_output(item.project, "認定品数", "品", "", users["secretariat"])
    client = client_as("department")
    english = client.get(f"/en/workspace/cycle/{item.pk}/").content.decode()
    assert '<th scope="row"><span lang="ja">認定品数</span> (<span lang="ja">品</span>)</th>' in (
        english
    )
    japanese = client.get(f"/workspace/cycle/{item.pk}/").content.decode()
    assert '<th scope="row">認定品数（品）</th>' in japanese
