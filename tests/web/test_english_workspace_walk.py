"""Every workspace page in English, walked as the secretariat and as a department user, on
the built-in plan (English throughout) and on a plan without any English (the 飯能市 test
plan with every ``_en`` field removed): no Japanese outside an element marked ``lang="ja"``
(WCAG 2.1 SC 3.1.2). A ``<title>`` holds no markup: an untranslated name stays as it is there.
"""

from __future__ import annotations

import datetime

import pytest
import yaml
from tests.plans.conftest import HANNO, HANNO_FILE, add

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.council import services as council
from shinchoku.cycle import items
from shinchoku.cycle import services as cycle
from shinchoku.web.langcheck import unmarked_japanese

DUE = datetime.date(2027, 6, 30)
# Pages either role may open (a page the role may not open answers 403 and is left out).
PAGES = [
    "workspace/",
    "workspace/cycle/",
    "workspace/publish/?year=2023",
    "workspace/import/",
    "workspace/indicators/gross-product/",
    "workspace/users/",
    "workspace/reviews/",
    "workspace/council/?year=2023",
    "workspace/cycle/remind/?year=2023",
    "workspace/plan/",
    "workspace/audit/",
    "account/password/",
]
REGISTRY_PAGES = [
    "/en/workspace/registries/",
    "/en/workspace/registries/places/",
    "/en/workspace/registries/courses/",
    "/en/workspace/registries/signs/",
    "/en/workspace/registries/places/add/",
    "/en/workspace/registries/courses/add/",
    "/en/workspace/registries/signs/add/",
]


def registry_item_pages() -> list[str]:
    """A sample product's review page and a sample place's, course's and sign's form."""
    from shinchoku.registries.models import Course, Place, Product, Sign

    return [
        f"/en/workspace/registries/product/{Product.objects.first().pk}/",
        f"/en/workspace/registries/places/{Place.objects.first().pk}/",
        f"/en/workspace/registries/courses/{Course.objects.first().pk}/",
        f"/en/workspace/registries/signs/{Sign.objects.first().pk}/",
    ]


def without_english(data: object) -> object:
    """A plan file's content with every ``…_en`` field left out."""
    if isinstance(data, dict):
        return {k: without_english(v) for k, v in data.items() if not k.endswith("_en")}
    if isinstance(data, list):
        return [without_english(v) for v in data]
    return data


@pytest.fixture
def hanno_in_japanese_only(plan):
    """The 飯能市 test plan with no English at all, its 令和5年度 gross product entered."""
    from shinchoku.ingest.plan_file import read_plan_text
    from shinchoku.plan.services import load_plan

    data = without_english(yaml.safe_load(HANNO_FILE.read_text(encoding="utf-8")))
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    assert "_en" not in text and "Hanno" not in text
    row = load_plan(read_plan_text(text, "hanno.yaml"), text, SYSTEM)
    add(row, "総生産額", "令和5年度", "2,050")
    return row


def found_on(client, urls: list[str]) -> list[str]:
    """Each unmarked piece of Japanese on the pages the client may open, with its page."""
    found = []
    opened = 0
    for url in urls:
        response = client.get(url)
        if response.status_code == 403:
            continue
        assert response.status_code == 200, url
        opened += 1
        found += [
            f"{url} {piece}"
            for piece in unmarked_japanese(response.content.decode())
            if not piece.startswith("<title>")
        ]
    assert opened >= 5
    return found


def round_pages(row, prefix: str, secretariat) -> list[str]:
    """The round of 令和5年度 opened, 総生産額 submitted and returned with a reason, a council
    opinion on it answered, and the addresses of an indicator's and a project's item pages."""
    round_ = cycle.open_round(row, 2023, DUE, actor=SYSTEM)
    item = round_.requests.get(indicator__code="gross-product")
    items.submit(item, {}, SYSTEM)
    cycle.move(item, "return", SYSTEM, reason="出典の年度を確認してください")
    opinion = council.add_opinion(
        row, 2023, "indicator", "gross-product", "出典を示して", secretariat
    )
    council.respond(opinion, "次回に示します", "in_progress", secretariat)
    pages = [f"{prefix}workspace/cycle/{item.pk}/"]
    project = round_.requests.filter(project__isnull=False).first()
    return pages + ([f"{prefix}workspace/cycle/{project.pk}/"] if project else [])


@pytest.mark.parametrize("who", ["secretariat", "department"])
def test_the_builtin_plans_workspace_in_english(client_as, plan, users, who):
    from shinchoku.registries import sample

    sample.load(actor=SYSTEM)  # Japanese names and addresses: data, shown marked
    add(plan, "総生産額", "令和5年度", "9,300")
    urls = [f"/en/{p}" for p in PAGES] + REGISTRY_PAGES
    urls += round_pages(plan, "/en/", users["secretariat"])
    urls.append(f"/en/workspace/users/{users['department'].pk}/")
    urls += registry_item_pages()
    found = found_on(client_as(who), urls)
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("who", ["secretariat", "hanno"])
def test_a_plan_without_english_in_english(client_as, users, hanno_in_japanese_only, who):
    from shinchoku.accounts.services import add_user

    users["hanno"] = add_user(
        "hanno", "department", "a-long-test-password-2026", "hanno-shoko", actor=SYSTEM
    )
    prefix = f"/plans/{HANNO}/en/"
    urls = [prefix + p for p in PAGES]
    urls += round_pages(hanno_in_japanese_only, prefix, users["secretariat"])
    urls.append(prefix + "workspace/indicators/visitors/")
    found = found_on(client_as(who), urls)
    assert found == [], "\n".join(found)


def test_the_publish_checklist_names_indicators_in_english(client_as, plan):
    add(plan, "総生産額", "令和5年度", "9,300")  # the other three have no 令和5年度 value
    client = client_as("secretariat")
    english = client.get("/en/workspace/publish/?year=2023").content.decode()
    assert "<li>Tourist visits (Industrial Promotion Division)</li>" in english
    assert "観光入込客数" not in english
    japanese = client.get("/workspace/publish/?year=2023").content.decode()
    assert "<li>観光入込客数（産業振興課）</li>" in japanese


def test_the_publish_checklist_marks_a_name_without_english(client_as, hanno_in_japanese_only):
    client = client_as("secretariat")
    html = client.get(f"/plans/{HANNO}/en/workspace/publish/?year=2023").content.decode()
    # No round opened: every item is listed as not approved, with its owner.
    assert '<th scope="row">Indicator <span lang="ja">総生産額</span></th>' in html
    assert '<td data-label="Owner"><span lang="ja">飯能市商工観光課</span></td>' in html
    # 観光入込客数 has no 令和5年度 value.
    missing = (
        '<li><span lang="ja">観光入込客数</span> (<span lang="ja">飯能市商工観光課</span>)</li>'
    )
    assert missing in html
    assert [f for f in unmarked_japanese(html) if not f.startswith("<title>")] == []


def test_registry_figures_are_defined_in_english_on_english_pages(client_as, plan):
    client = client_as("secretariat")
    english = client.get("/en/workspace/registries/?year=2023").content.decode()
    assert '<th scope="row">Tokorozawa brand products certified</th>' in english
    assert "0 products" in english and "0 signs" in english
    assert "Products certified at the end of the fiscal year (31 March)" in english
    assert "認定数" not in english
    japanese = client.get("/workspace/registries/?year=2023").content.decode()
    assert '<th scope="row">所沢ブランド特産品 認定数</th>' in japanese and "0 品" in japanese
    assert "Tokorozawa brand" not in japanese


def test_a_registry_figure_without_english_is_marked(client_as, plan, monkeypatch):
    import dataclasses

    from shinchoku.registries import outputs

    first, *rest = outputs.DEFINITIONS
    monkeypatch.setattr(
        outputs, "DEFINITIONS", (dataclasses.replace(first, translations={}), *rest)
    )
    html = client_as("secretariat").get("/en/workspace/registries/?year=2023").content.decode()
    assert '<th scope="row"><span lang="ja">所沢ブランド特産品 認定数</span></th>' in html
    assert '0 <span lang="ja">品</span>' in html
    assert "Cooperating shops registered" in html  # the others keep their English
    assert unmarked_japanese(html) == []


def test_an_organisation_option_without_english_is_marked(client_as, hanno_in_japanese_only):
    html = client_as("secretariat").get("/en/workspace/users/").content.decode()
    assert '<option value="hanno-shoko" lang="ja">飯能市商工観光課</option>' in html
    assert '<option value="sangyo-shinko">Industrial Promotion Division</option>' in html
    japanese = client_as("secretariat").get("/workspace/users/").content.decode()
    assert '<option value="hanno-shoko">飯能市商工観光課</option>' in japanese


def test_the_charts_label_marks_a_name_without_english(client_as, hanno_in_japanese_only):
    client = client_as("secretariat")
    html = client.get(f"/plans/{HANNO}/en/workspace/indicators/visitors/").content.decode()
    assert 'role="img" aria-labelledby="chart-visitors-label"' in html
    assert (
        '<span id="chart-visitors-label" hidden><span lang="ja">観光入込客数</span> over time'
        in html
    )


def test_the_import_preview_in_english(client_as, plan, hanno_in_japanese_only, tmp_path):
    """A file's rows before they are stored: the indicator by its English name where the plan
    has one, else its Japanese name marked; the file's own source text marked."""
    csv = tmp_path / "values.csv"
    csv.write_text(
        "indicator,year,value,source\n総生産額,令和4年度,2020,市の推計\n", encoding="utf-8"
    )
    client = client_as("secretariat")
    pages = {}
    for prefix in ("/en/", f"/plans/{HANNO}/en/"):
        with csv.open("rb") as f:
            response = client.post(f"{prefix}workspace/import/", {"file": f})
        assert response.status_code == 200
        pages[prefix] = response.content.decode()
        assert '<td><span lang="ja">市の推計</span></td>' in pages[prefix]
        found = unmarked_japanese(pages[prefix])
        assert [f for f in found if not f.startswith("<title>")] == [], prefix
    assert '<th scope="row">Gross product</th>' in pages["/en/"]
    assert '<th scope="row"><span lang="ja">総生産額</span></th>' in pages[f"/plans/{HANNO}/en/"]
