"""The English edition (issue 14): every public page type in English shows no Japanese
outside an element marked ``lang="ja"``, and the plan's own text comes from its translation."""

from __future__ import annotations

import pytest

from shinchoku.core.i18n import FIELDS, missing, text
from shinchoku.ingest.plan_file import check_plan_text
from shinchoku.plan import builtin
from shinchoku.web.langcheck import unmarked_japanese

PAGES = [
    "/en/",
    "/en/policies/1/",
    "/en/policies/3/",
    "/en/indicators/gross-product/",
    "/en/indicators/manufacturing-shipments/",
    "/en/indicators/tourist-visits/",
    "/en/indicators/employees/",
    "/en/projects/1/",
    "/en/projects/12/",
    "/en/methods/",
    "/en/plan/versions/",
    "/en/data/",
]
REGISTRY_PAGES = ["/en/brand/", "/en/brand/shops/", "/en/places/", "/en/courses/"]


def test_the_checker_finds_unmarked_japanese_and_accepts_marked():
    assert unmarked_japanese('<p>Gross product <span lang="ja">総生産額</span></p>') == []
    assert unmarked_japanese("<p>Unit: 億円</p>") == ["<p>: Unit: 億円"]
    assert unmarked_japanese('<img alt="所沢"><br><p lang="ja">所沢<br>市</p>') == [
        "<img alt>: 所沢"
    ]
    assert unmarked_japanese("<p>A（B）</p>")  # full-width brackets count


@pytest.mark.parametrize("published", [None, 2024])
@pytest.mark.parametrize("url", PAGES)
def test_english_pages_show_no_unmarked_japanese(client, plan, publish, url, published):
    if published:
        publish(published)
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert unmarked_japanese(html) == [], url


@pytest.mark.parametrize("url", REGISTRY_PAGES)
def test_english_registry_pages_show_no_unmarked_japanese(client, plan, url):
    from shinchoku.registries import sample
    from shinchoku.registries.models import Course, Product, Shop

    sample.load()  # Japanese names, addresses and hours, a course with zh and ko text
    urls = [url]
    if url == "/en/brand/":
        urls += [f"/en/brand/products/{p.pk}/" for p in Product.objects.exclude(number="")]
    if url == "/en/brand/shops/":
        urls += [f"/en/brand/shops/{s.pk}/" for s in Shop.objects.exclude(number="")]
    if url == "/en/courses/":
        urls += [f"/en/courses/{c.slug}/" for c in Course.objects.all()]
    for each in urls:
        response = client.get(each)
        assert response.status_code == 200, each
        found = unmarked_japanese(response.content.decode())
        # A <title> can hold no markup: a name without English is shown there as it is.
        assert [f for f in found if not f.startswith("<title>")] == [], each


def test_english_pages_print_the_plans_translation(client, plan, publish):
    publish(2023)
    home = client.get("/en/").content.decode()
    assert "Tokorozawa City Industrial Promotion Vision, Latter Action Plan" in home
    assert "Creating innovation for growth" in home and "100 million yen" in home
    page = client.get("/en/indicators/tourist-visits/").content.decode()
    assert "Tourist visits" in page and "10,000 persons" in page
    assert "Increase of 300,000 persons every fiscal year" in page
    assert "観光入込客数" not in page
    assert "<td>Saitama Prefecture Tourist Visits Statistical Survey, 2021</td>" in page
    shipments = client.get("/en/indicators/manufacturing-shipments/").content.decode()
    # The chart's data (drawn on a canvas, where no language can be marked) is in English.
    assert '"label": "Economic Conditions Survey, all establishments' in shipments
    assert '"unit": "100 million yen"' in shipments
    project = client.get("/en/projects/2/").content.decode()
    assert "Tokorozawa Chamber of Commerce and Industry" in project


def test_untranslated_plan_text_is_shown_in_japanese_marked_ja(client, plan):
    plan.policies.filter(code="2").update(translations={})
    html = client.get("/en/policies/2/").content.decode()
    assert '<span lang="ja">既存産業の活性化と新たな展開</span>' in html
    # A <title> holds no markup to mark: it alone shows the Japanese as it is.
    assert [f for f in unmarked_japanese(html) if not f.startswith("<title>")] == []


def test_japanese_pages_stay_japanese(client, plan):
    html = client.get("/").content.decode()
    assert "発展的なイノベーションの創出" in html and 'lang="ja">発展' not in html
    assert "Creating innovation for growth" not in html


def test_the_builtin_plan_has_english_for_every_field():
    plan, notes = check_plan_text(builtin.plan_text(), builtin.PLAN_FILE)
    assert notes == []
    items = [("plan", plan), *(("organisation", o) for o in plan.organisations)]
    for policy in plan.policies:
        items += [("policy", policy), *(("measure", m) for m in policy.measures)]
    items += [("project", p) for p in plan.projects]
    for ind in plan.indicators:
        items += [("indicator", ind), *(("series_break", b) for b in ind.series_breaks)]
    assert len(items) == 1 + 6 + 4 + 14 + 15 + 4 + 3
    gaps = [(kind, missing(item, kind, "en")) for kind, item in items]
    assert [gap for gap in gaps if gap[1]] == []
    units = {text(i, "unit", "en").text for i in plan.indicators}
    assert units == {"100 million yen", "10,000 persons", "persons"}
    assert set(FIELDS) == {kind for kind, _ in items}


PLAN = """\
format: shinchoku-plan/1
slug: small
municipality: {name: 小市, name_en: Ko City}
title: 小さな計画
title_en: A small plan
period: {start: 令和5年度, end: 令和9年度}
vision: {title: ビジョン, period: {start: 令和5年度, end: 令和9年度}}
philosophy: 理念
policies:
  - code: "1"
    title: 方針
    title_en: Policy
    title_ko: 방침
    measures: [{code: 1-1, title: 柱}]
"""


def test_plan_validate_notes_each_missing_translation_per_field():
    plan, notes = check_plan_text(PLAN, "small.yaml")
    said = [str(n) for n in notes]
    assert any("philosophy" in s and "英語の訳がありません（philosophy_en）" in s for s in said)
    assert any("vision.title" in s and "title_en" in s for s in said)
    assert any("policies[0].measures[0].title" in s and "(title_en)" not in s for s in said)
    assert any("policies[0].measures[0].title" in s and "韓国語" in s for s in said)
    assert plan.policies[0].translations == {"en": {"title": "Policy"}, "ko": {"title": "방침"}}
    assert plan.translations["en"] == {"title": "A small plan", "municipality": "Ko City"}


def test_a_required_language_makes_a_missing_translation_an_error():
    from shinchoku.ingest.errors import InputError

    with pytest.raises(InputError) as err:
        check_plan_text(
            PLAN.replace("philosophy: 理念\n", "philosophy: 理念\nlanguages: [ja, en]\n")
        )
    text_ = str(err.value)
    assert "philosophy: 英語の訳がありません（philosophy_en）" in text_
    assert "韓国語" not in text_  # ko is used but not required: a note only


def test_plan_validate_prints_the_notes(cli, tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(PLAN, encoding="utf-8")
    result = cli("plan", "validate", str(path))
    assert "英語の訳がありません（philosophy_en）" in result.output


def test_the_english_feed_speaks_english_and_marks_japanese_data(client, plan, users, publish):
    from xml.etree import ElementTree

    from shinchoku.council import services as council

    op = council.add_opinion(plan, 2023, "plan", "", "夜の観光を", users["council"])
    council.respond(op, "夜間イベントを検討する", "considering", users["secretariat"])
    publish(2023)
    response = client.get("/en/feeds/plan.atom")
    root = ElementTree.fromstring(response.content)
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.findtext(f"{atom}title") == (
        "Updates: Tokorozawa City Industrial Promotion Vision, Latter Action Plan"
    )
    titles = [e.findtext(f"{atom}title") for e in root.iter(f"{atom}entry")]
    assert "Gross product FY2019: 9,095 × 100 million yen" in titles
    assert "Evaluation of FY2023 published" in titles
    assert "The city's response to a council opinion (Under consideration)" in titles
    assert not [t for t in titles if unmarked_japanese(t)]
    summaries = [e.findtext(f"{atom}summary") for e in root.iter(f"{atom}entry")]
    assert not [s for s in summaries if unmarked_japanese(s or "")]
    assert 'Opinion: <span lang="ja">夜の観光を</span>' in "\n".join(summaries)


def test_the_api_gives_the_plan_in_the_language_asked(client, plan):
    en = client.get("/api/plan", {"lang": "en"}).json()
    assert en["title"] == "Tokorozawa City Industrial Promotion Vision, Latter Action Plan"
    assert en["lang"] == "en" and en["untranslated"] == []
    by_header = client.get("/api/plan", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9,ja;q=0.5").json()
    assert by_header["policies"][0]["title"] == "Creating innovation for growth"
    ja = client.get("/api/plan", HTTP_ACCEPT_LANGUAGE="ja,en;q=0.5").json()
    assert ja["policies"][0]["title"] == "発展的なイノベーションの創出" and "lang" not in ja
    plan.policies.filter(code="2").update(translations={})
    gap = client.get("/api/plan?lang=en").json()
    assert gap["untranslated"] == ["policies.2.title", "policies.2.summary"]
    assert gap["policies"][1]["title"] == "既存産業の活性化と新たな展開"


def test_the_api_evaluation_names_indicators_in_english(client, plan, publish):
    publish(2023)
    rows = client.get("/api/evaluation", {"year": "2023", "lang": "en"}).json()["indicators"]
    assert [(r["name"], r["unit"]) for r in rows][2] == ("Tourist visits", "10,000 persons")


def test_a_database_loaded_before_translations_gets_the_english_edition(plan):
    import importlib

    from django.apps import apps

    from shinchoku.core.i18n import untranslated
    from shinchoku.plan import models
    from shinchoku.plan.services import to_core

    migration = importlib.import_module("shinchoku.plan.migrations.0009_plan_translations")
    for model in (models.Plan, models.Policy, models.Measure, models.Project, models.Indicator):
        model.objects.update(translations={})
    models.Organisation.objects.update(translations={})
    models.Policy.objects.filter(plan=plan, code="4").update(title="人づくり（改定後の文言）")
    migration.fill_builtin(apps, None)
    gaps = untranslated(to_core(models.Plan.objects.get(pk=plan.pk)), "en")
    assert gaps == ["policies.4.title", "policies.4.summary"]  # reworded: no stale English


def test_dates_per_language(client, plan):
    en = client.get("/en/indicators/gross-product/").content.decode()
    ja = client.get("/indicators/gross-product/").content.decode()
    assert '<time datetime="2020-06-11">11 Jun 2020</time>' in en
    assert '<time datetime="2020-06-11">令和2年6月11日</time>' in ja


def test_council_exchanges_on_english_pages_are_marked(client, plan, users, publish):
    from shinchoku.council import services as council

    wish = "夜の観光を増やしてほしい"
    op = council.add_opinion(plan, 2023, "policy", "3", wish, users["council"])
    council.respond(op, "夜間イベントを検討します", "considering", users["secretariat"])
    publish(2023)
    html = client.get("/en/policies/3/").content.decode()
    assert '<blockquote lang="ja">夜の観光を増やしてほしい</blockquote>' in html
    assert "Under consideration" in html
    assert unmarked_japanese(html) == []
