"""The registries' public records as open-data tables: only what the public pages show.

Certified products and registered shops (state ``approved``), listed places, courses and
signs. The clearly labelled SAMPLE records are fictional and never leave as open data.
"""

from __future__ import annotations

from django.utils import translation

from ..registries import rules
from ..registries.models import CATEGORIES, SIGN_KINDS, Course, CoursePoint, Place, Product, Shop
from ..registries.models import Sign as SignRow
from .schema import ForeignKey, Table, fields

LANGS = ("ja", "en", "zh", "ko")
LANG_TITLES = {"ja": "日本語", "en": "英語", "zh": "中国語", "ko": "韓国語"}
COORDS = (
    ("lat", "number", "緯度", "世界測地系（WGS84）", "度"),
    ("lng", "number", "経度", "世界測地系（WGS84）", "度"),
)


def _names(choices: list) -> dict[str, str]:
    with translation.override("ja"):
        return {code: str(label) for code, label in choices}


def _multi(field: str, title: str) -> tuple[tuple[str, str, str], ...]:
    return tuple((f"{field}_{c}", "string", f"{title}（{LANG_TITLES[c]}）") for c in LANGS)


def registry_tables() -> list[Table]:
    """Products, shops and what they carry, places, courses, course points and signs."""
    categories, kinds = _names(CATEGORIES), _names(SIGN_KINDS)
    products = list(
        Product.objects.filter(state=rules.APPROVED, is_sample=False).order_by("number", "id")
    )
    shops = list(
        Shop.objects.filter(state=rules.APPROVED, is_sample=False)
        .prefetch_related("products")
        .order_by("number", "id")
    )
    shown = {p.pk for p in products}
    courses = list(Course.objects.filter(listed=True, is_sample=False).order_by("slug"))
    course_ids = {c.pk: c.slug for c in courses}
    points = CoursePoint.objects.filter(course__in=courses).order_by("course__slug", "position")
    signs = SignRow.objects.filter(listed=True, course__in=courses).order_by("course__slug", "id")
    places = Place.objects.filter(listed=True, is_sample=False).order_by("name", "id")
    return [
        Table(
            "products", "所沢ブランド特産品", "認定された特産品", "registries",
            fields(
                ("id", "integer", "ID"), ("number", "string", "認定番号"),
                ("name", "string", "商品名"), ("name_en", "string", "商品名（英語）"),
                ("maker", "string", "製造・販売事業者"), ("category", "string", "分類"),
                ("story", "string", "所沢らしさ"), ("description_en", "string", "説明（英語）"),
                ("contact", "string", "連絡先"), ("certified_on", "date", "認定日"),
            ),
            ("id",),
            [(p.pk, p.number, p.name, p.name_en, p.maker, categories.get(p.category, ""),
              p.story, p.description_en, p.contact, p.certified_on) for p in products],
        ),
        Table(
            "shops", "販売協力店", "登録された販売協力店", "registries",
            fields(
                ("id", "integer", "ID"), ("number", "string", "登録番号"),
                ("name", "string", "店舗名"), ("address", "string", "所在地"),
                ("hours", "string", "営業時間・定休日"), ("phone", "string", "電話番号"),
                *COORDS, ("registered_on", "date", "登録日"),
            ),
            ("id",),
            [(s.pk, s.number, s.name, s.address, s.hours, s.phone, s.lat, s.lng,
              s.registered_on) for s in shops],
        ),
        Table(
            "shop-products", "販売協力店の取扱特産品", "どの店でどの特産品を買えるか",
            "registries",
            fields(("shop", "integer", "販売協力店 ID"), ("product", "integer", "特産品 ID")),
            ("shop", "product"),
            [(s.pk, p.pk) for s in shops for p in sorted(s.products.all(), key=lambda p: p.pk)
             if p.pk in shown],
            (ForeignKey(("shop",), "shops", ("id",)),
             ForeignKey(("product",), "products", ("id",))),
        ),
        Table(
            "places", "農産物直売所", "直売所ガイドマップに掲載中の直売所", "registries",
            fields(
                ("id", "integer", "ID"), ("name", "string", "名称"),
                ("name_en", "string", "名称（英語）"), ("address", "string", "所在地"), *COORDS,
                ("opening", "string", "営業日・時間"), ("contact", "string", "連絡先"),
                ("produce_spring", "string", "春（3〜5月）の農産物"),
                ("produce_summer", "string", "夏（6〜8月）の農産物"),
                ("produce_autumn", "string", "秋（9〜11月）の農産物"),
                ("produce_winter", "string", "冬（12〜2月）の農産物"),
            ),
            ("id",),
            [(p.pk, p.name, p.name_en, p.address, p.lat, p.lng, p.opening, p.contact,
              p.produce_spring, p.produce_summer, p.produce_autumn, p.produce_winter)
             for p in places],
        ),
        Table(
            "courses", "おさんぽコース", "掲載中の「まち」×「みどり」おさんぽコース",
            "registries",
            fields(("slug", "string", "コード"), *_multi("name", "コース名"),
                   *_multi("description", "紹介文"),
                   ("length_km", "number", "距離", "", "km")),
            ("slug",),
            [(c.slug, *(getattr(c, f"name_{x}") for x in LANGS),
              *(getattr(c, f"description_{x}") for x in LANGS), c.length_km) for c in courses],
        ),
        Table(
            "course-points", "コース上の見どころ", "おさんぽコースの見どころ（順番どおり）",
            "registries",
            fields(("course", "string", "コース"), ("position", "integer", "順番"),
                   *_multi("name", "名称"), *COORDS),
            ("course", "position"),
            [(course_ids[p.course_id], n, *(getattr(p, f"name_{x}") for x in LANGS), p.lat,
              p.lng) for n, p in _numbered(points)],
            (ForeignKey(("course",), "courses", ("slug",)),),
        ),
        Table(
            "signs", "道標・案内板", "掲載中のコースの道標・案内板と表示言語", "registries",
            fields(("id", "integer", "ID"), ("course", "string", "コース"),
                   ("kind", "string", "種類"), *_multi("label", "表示名"), *COORDS,
                   ("installed_year", "integer", "設置年度", "西暦の開始年"),
                   ("languages", "string", "表示言語", "言語コード（; 区切り）")),
            ("id",),
            [(s.pk, course_ids[s.course_id], kinds.get(s.kind, ""),
              *(getattr(s, f"label_{x}") for x in LANGS), s.lat, s.lng, s.installed_year,
              "; ".join(s.language_codes)) for s in signs],
            (ForeignKey(("course",), "courses", ("slug",)),),
        ),
    ]  # fmt: skip


def _numbered(points) -> list[tuple[int, CoursePoint]]:
    """Points numbered 1, 2 … per course, as the course page numbers them."""
    out, counts = [], {}
    for p in points:
        counts[p.course_id] = counts.get(p.course_id, 0) + 1
        out.append((counts[p.course_id], p))
    return out
