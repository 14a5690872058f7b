"""The visitor pages in Simplified Chinese and Korean (issue 14): served only for the
registries' public pages, with a language switcher, hreflang links, a translated interface
and the Japanese data marked ``lang="ja"``."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import polib
import pytest
from django.utils import translation

from shinchoku.registries.visitors import VISITOR_TEMPLATES
from shinchoku.web.langcheck import untranslated

LOCALE = Path(__file__).resolve().parents[2] / "src" / "shinchoku" / "locale"
LANGS = {"zh-hans": "zh-hans", "ko": "ko"}  # URL prefix: <html lang>


@pytest.fixture
def sample(db):
    """The SAMPLE set: course A has zh and ko text, course B only Japanese and English."""
    from shinchoku.registries import sample as data
    from shinchoku.registries.models import Product, Shop

    data.load()
    return {
        "products": [p.pk for p in Product.objects.exclude(number="")],
        "shops": [s.pk for s in Shop.objects.exclude(number="")],
    }


def visitor_urls(prefix: str, sample: dict) -> list[str]:
    urls = ["brand/", "brand/shops/", "places/", "courses/", "courses/sample-a/"]
    urls += [f"brand/products/{pk}/" for pk in sample["products"]]
    urls += [f"brand/shops/{pk}/" for pk in sample["shops"]]
    return [f"/{prefix}/{u}" for u in urls]


def hreflangs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


@pytest.mark.parametrize("prefix", LANGS)
def test_every_visitor_page_reads_in_the_language(client, plan, sample, prefix):
    for url in visitor_urls(prefix, sample):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{LANGS[prefix]}">' in html, url
        path = url.removeprefix(f"/{prefix}")
        assert hreflangs(html) == {
            "ja": f"http://testserver{path}",
            "x-default": f"http://testserver{path}",
            "en": f"http://testserver/en{path}",
            "zh-hans": f"http://testserver/zh-hans{path}",
            "ko": f"http://testserver/ko{path}",
        }, url
        # No Japanese interface text posing as Chinese or Korean; a <title> can hold no
        # markup, so a name without a translation is shown there as it is.
        found = [f for f in untranslated(html, prefix) if not f.startswith("<title>")]
        assert found == [], url


def test_the_course_page_speaks_chinese_and_korean(client, plan, sample):
    zh = client.get("/zh-hans/courses/sample-a/").content.decode()
    assert "<h1>示例散步路线A（城市×绿地）" in zh and "从商店街步行到公园" in zh
    assert "距离 1.61 公里" in zh and "<h2>看点</h2>" in zh and "跳至正文" in zh
    # Points without a Chinese name: the Japanese, marked so.
    assert '<span lang="ja">サンプル地点1（商店街）</span>' in zh
    ko = client.get("/ko/courses/sample-a/").content.decode()
    assert "<h1>샘플 산책 코스 A (마을×녹지)" in ko and "거리 1.61 km" in ko
    assert '<span lang="ko" aria-current="true">한국어</span>' in ko  # the switcher
    assert '<a href="/zh-hans/courses/sample-a/" lang="zh-hans" hreflang="zh-hans">' in ko
    assert "<td>2023년도</td>" in ko and "令和" not in ko  # sign years as Koreans write them
    assert "<td>2024年度</td>" in zh and "<td>道标</td>" not in zh and "<td>路标</td>" in zh


def test_a_course_without_the_language_is_served_but_not_offered(client, plan, sample):
    response = client.get("/zh-hans/courses/sample-b/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span lang="ja">サンプルおさんぽコースB（茶畑の道）</span>' in html
    english = client.get("/en/courses/sample-b/").content.decode()
    assert set(hreflangs(english)) == {"ja", "en", "x-default"}
    assert "/zh-hans/courses/sample-b/" not in english


@pytest.mark.parametrize(
    ("url", "japanese"),
    [
        ("/zh-hans/", "/"),
        ("/ko/indicators/gross-product/", "/indicators/gross-product/"),
        ("/zh-hans/projects/12/", "/projects/12/"),
        ("/ko/workspace/", "/workspace/"),
        ("/zh-hans/signup/", "/signup/"),
    ],
)
def test_other_pages_in_a_visitor_language_go_to_the_japanese(client, plan, url, japanese):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == japanese


def test_links_to_japanese_only_pages_say_so(client, plan, sample):
    html = client.get("/zh-hans/places/").content.decode()
    assert '<a href="/projects/11/" hreflang="ja">' in html
    assert '<a href="/zh-hans/places/guide-map.pdf">' in html  # the guide map speaks Chinese
    assert "/zh-hans/feeds/" not in html and "/zh-hans/methods/" not in html
    english = client.get("/en/places/").content.decode()
    assert '<a href="/en/projects/11/">' in english  # unchanged in English


def test_japanese_and_english_pages_offer_the_visitor_languages(client, plan, sample):
    html = client.get("/places/").content.decode()
    assert hreflangs(html)["zh-hans"] == "http://testserver/zh-hans/places/"
    assert '<a href="/ko/places/" lang="ko" hreflang="ko">한국어</a>' in html
    home = client.get("/").content.decode()
    assert "/zh-hans/" not in home and 'hreflang="ko"' not in home  # not a visitor page


def test_sitemap_lists_visitor_pages_in_chinese_and_korean(client, plan):
    from shinchoku.registries.models import Course

    Course.objects.create(slug="tea", name_ja="茶畑の道", name_zh="茶园之路", route={},
                          length_km="2.5")  # fmt: skip
    Course.objects.create(slug="lake", name_ja="湖の道", route={}, length_km="3")
    root = ET.fromstring(client.get("/sitemap.xml").content)
    sm, xhtml = "{http://www.sitemaps.org/schemas/sitemap/0.9}", "{http://www.w3.org/1999/xhtml}"
    urls = {u.find(f"{sm}loc").text.removeprefix("http://testserver"): u for u in root}
    assert {"/zh-hans/places/", "/ko/places/", "/zh-hans/brand/", "/ko/courses/"} <= set(urls)
    assert "/zh-hans/courses/tea/" in urls and "/ko/courses/tea/" not in urls
    assert "/zh-hans/courses/lake/" not in urls and "/courses/lake/" in urls
    assert not any(u.startswith(("/zh-hans/indicators", "/ko/projects")) for u in urls)
    links = {a.get("hreflang"): a.get("href") for a in urls["/courses/tea/"].iter(f"{xhtml}link")}
    assert links == {
        "ja": "http://testserver/courses/tea/",
        "en": "http://testserver/en/courses/tea/",
        "zh-hans": "http://testserver/zh-hans/courses/tea/",
        "x-default": "http://testserver/courses/tea/",
    }


@pytest.mark.parametrize("locale", ["zh_Hans", "ko"])
def test_every_visitor_message_is_translated_and_compiled(locale):
    po = polib.pofile(str(LOCALE / locale / "LC_MESSAGES" / "django.po"))
    used = [e for e in po if any(path in VISITOR_TEMPLATES for path, _ in e.occurrences)]
    assert len(used) > 50
    assert [e.msgid for e in used if not e.msgstr.strip()] == [], "run scripts/translations"
    mo = polib.mofile(str(LOCALE / locale / "LC_MESSAGES" / "django.mo"))
    assert {e.msgid: e.msgstr for e in po if e.msgstr} == {e.msgid: e.msgstr for e in mo if e.msgid}
    source = {"zh_Hans": "zh-hans.json", "ko": "ko.json"}[locale]
    import json

    catalogue = json.loads((LOCALE / source).read_text(encoding="utf-8"))
    assert sorted(set(catalogue) - {e.msgid for e in po}) == []  # nothing stale


def test_the_checker_knows_chinese_from_japanese():
    page = '<html lang="zh-hans"><p>散步路线</p><p lang="ja">サンプル</p></html>'
    assert untranslated(page, "zh-hans") == []
    assert untranslated('<html lang="zh-hans"><p>おさんぽ</p></html>', "zh-hans") == [
        "<p>: おさんぽ"
    ]
    # Korean has no Han characters: an untranslated kanji label is caught.
    assert untranslated('<html lang="ko"><p>산책 코스</p><b>直売所</b></html>', "ko") == [
        "<b>: 直売所"
    ]


@pytest.mark.parametrize(
    ("prefix", "font", "words"),
    [
        ("zh-hans", "Noto-Sans-CJK-SC", "所泽市农产品直销店导览图"),
        ("ko", "Noto-Sans-CJK-KR", "도코로자와시 농산물 직판장 안내 지도"),
    ],
)
def test_the_guide_map_pdf_comes_in_the_language_with_its_font(
    client, plan, tmp_path, prefix, font, words
):
    from shinchoku.registries import guidemap
    from shinchoku.registries.models import Place

    Place.objects.create(name="北野の直売所", address="所沢市北野1-2-3", lat=35.8, lng=139.45,
                         opening="土日 9時〜12時")  # fmt: skip
    with translation.override(prefix):
        html = guidemap.render_html("A4")
    assert f'<html lang="{prefix}">' in html and f"<h1>{words}</h1>" in html
    assert '<strong><span lang="ja">北野の直売所</span></strong>' in html  # data stays Japanese
    response = client.get(f"/{prefix}/places/guide-map.pdf")
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    fonts = pdf_fonts(response.content, tmp_path)
    assert any(font in name and embedded for name, embedded in fonts)  # the face, embedded
    assert any("IPAexGothic" in name for name, _ in fonts)  # the Japanese one for the names
    assert all(embedded for _, embedded in fonts)
    japanese = pdf_fonts(client.get("/places/guide-map.pdf").content, tmp_path)
    assert not any(font in name for name, _ in japanese)


def pdf_fonts(content: bytes, tmp_path: Path) -> list[tuple[str, bool]]:
    """The PDF's fonts (poppler's pdffonts) as (name, embedded)."""
    path = tmp_path / "map.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return [(line.split()[0], " yes " in line) for line in out.stdout.splitlines()[2:]]
