"""The registries in the Digital Agency's 自治体標準オープンデータセット (推奨データセット) layout.

Where a standard layout fits, a registry is also published in it, column for column, so a
portal or an app that reads every municipality's 観光施設一覧 reads ours too:

- direct-sales places (農産物直売所) and registered shops (販売協力店) — places a visitor
  goes to buy the city's produce and specialties — as **観光施設一覧** (``xxxxxx_tourism.csv``
  of the 推奨データセット, 30 columns in its order, its column names exactly);
- brand products, courses and signs have no standard layout (the 推奨データセット has no
  product, route or sign list): they stay in shinchoku's own tables, and the places, the
  course routes and the signs are also GeoJSON (``geojson.py``).

Columns the registries do not keep (カナ, POIコード, 料金, アクセス …) are left empty, as the
layout allows for optional columns. The SAMPLE records never leave as open data.
"""

from __future__ import annotations

from ..plan.models import Plan
from ..registries import rules
from ..registries.models import Place, Product, Shop
from .schema import Table, fields

# 観光施設一覧 (推奨データセット ``xxxxxx_tourism.csv``): column, Frictionless type.
TOURISM = (
    ("都道府県コード又は市区町村コード", "string"), ("NO", "string"), ("都道府県名", "string"),
    ("市区町村名", "string"), ("名称", "string"), ("名称_カナ", "string"),
    ("名称_英語", "string"), ("POIコード", "string"), ("住所", "string"), ("方書", "string"),
    ("緯度", "number"), ("経度", "number"), ("利用可能曜日", "string"),
    ("開始時間", "string"), ("終了時間", "string"), ("利用可能日時特記事項", "string"),
    ("料金（基本）", "number"), ("料金（詳細）", "string"), ("説明", "string"),
    ("説明_英語", "string"), ("アクセス方法", "string"), ("駐車場情報", "string"),
    ("バリアフリー情報", "string"), ("連絡先名称", "string"), ("連絡先電話番号", "string"),
    ("連絡先内線番号", "string"), ("画像", "string"), ("画像_ライセンス", "string"),
    ("URL", "string"), ("備考", "string"),
)  # fmt: skip
LAYOUT_NOTE = "自治体標準オープンデータセット（推奨データセット）「観光施設一覧」の項目と順序"

# JIS X 0401 prefecture codes (the first two digits of a 全国地方公共団体コード).
PREFECTURES = (
    "北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県",
    "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県",
    "山梨県", "長野県", "岐阜県", "静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府",
    "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県", "徳島県",
    "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県", "大分県", "宮崎県",
    "鹿児島県", "沖縄県",
)  # fmt: skip
SEASONS = (("spring", "春"), ("summer", "夏"), ("autumn", "秋"), ("winter", "冬"))


def local_government_code(code: str) -> str:
    """The six-digit 全国地方公共団体コード (with its check digit) of a five-digit code such
    as e-Stat's (11208 → 112089); a six-digit code as given; '' when there is none."""
    digits = code.strip()
    if len(digits) != 5 or not digits.isdigit():
        return digits if len(digits) == 6 and digits.isdigit() else ""
    total = sum(int(d) * w for d, w in zip(digits, (6, 5, 4, 3, 2), strict=True))
    return digits + str((11 - total % 11) % 10)


def prefecture(code: str) -> str:
    """The prefecture of a 全国地方公共団体コード ('' when it names none)."""
    number = int(code[:2]) if code[:2].isdigit() else 0
    return PREFECTURES[number - 1] if 1 <= number <= len(PREFECTURES) else ""


def _row(plan: Plan, **cells: object) -> tuple[object, ...]:
    """A 観光施設一覧 row: the municipality's columns, the given cells, the rest empty."""
    code = local_government_code(plan.municipality_code)
    given = {"都道府県コード又は市区町村コード": code, "都道府県名": prefecture(code),
             "市区町村名": plan.municipality, **cells}  # fmt: skip
    return tuple(given.get(name, None if kind == "number" else "") for name, kind in TOURISM)


def _produce(place: Place) -> str:
    return "。".join(
        f"{label}: {text}" for key, label in SEASONS if (text := getattr(place, f"produce_{key}"))
    )


def tourism_tables(plan: Plan) -> list[Table]:
    """The listed direct-sales places and the registered shops as 観光施設一覧."""
    places = Place.objects.filter(listed=True, is_sample=False).order_by("name", "id")
    shops = (
        Shop.objects.filter(state=rules.APPROVED, is_sample=False)
        .prefetch_related("products")
        .order_by("number", "id")
    )
    certified = set(
        Product.objects.filter(state=rules.APPROVED, is_sample=False).values_list("pk", flat=True)
    )
    layout = fields(*((name, kind, name, LAYOUT_NOTE) for name, kind in TOURISM))
    return [
        Table(
            "tourism-places", "農産物直売所（観光施設一覧の形式）",
            "直売所ガイドマップに掲載中の直売所を、自治体標準オープンデータセット「観光施設一覧」の"
            "項目で（説明: 季節の農産物、利用可能日時特記事項: 営業日・時間）",
            "registries", layout, ("NO",),
            [_row(plan, NO=f"place-{p.pk}", 名称=p.name, 名称_英語=p.name_en, 住所=p.address,
                  緯度=p.lat, 経度=p.lng, 利用可能日時特記事項=p.opening,
                  説明=f"農産物直売所。{_produce(p)}".rstrip("。"), 連絡先電話番号=p.contact,
                  備考="農産物直売所")
             for p in places],
        ),
        Table(
            "tourism-shops", "販売協力店（観光施設一覧の形式）",
            "登録された所沢ブランド特産品の販売協力店を、自治体標準オープンデータセット"
            "「観光施設一覧」の項目で（説明: 取り扱う特産品、"
            "利用可能日時特記事項: 営業時間・定休日）",
            "registries", layout, ("NO",),
            [_row(plan, NO=f"shop-{s.pk}", 名称=s.name, 住所=s.address, 緯度=s.lat, 経度=s.lng,
                  利用可能日時特記事項=s.hours,
                  説明="所沢ブランド特産品の販売協力店。取り扱う特産品: " + (
                      "、".join(sorted(p.name for p in s.products.all() if p.pk in certified))
                      or "—"),
                  連絡先電話番号=s.phone, 備考=f"登録番号 {s.number}" if s.number else "")
             for s in shops],
        ),
    ]  # fmt: skip
