"""A small SAMPLE data set: fictional names, fictional addresses, points inside Tokorozawa.

Every record is marked ``is_sample`` and shown with a サンプル label; none of it is a
fact about a real shop, product, place or sign, and none of it counts in the output
indicators. Loaded by ``shinchoku registries load-sample`` (once; again changes nothing).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from ..audit.services import log
from . import services
from .models import Course, Place, Product

SAMPLE_USER = "sample-business"
ADDRESS = "所沢市（架空の住所・サンプル）"

PRODUCTS = [
    # name, maker, category, story, certified on (None: still under review)
    ("サンプル特産品A 茶葉入り焼き菓子", "サンプル製菓（架空）", "sweets",
     "市内産の茶葉を生地に練り込んだ焼き菓子（サンプルの記載です）。", datetime.date(2023, 6, 1)),
    ("サンプル特産品B 里芋のコロッケ", "サンプル食品（架空）", "processed",
     "市内産の里芋を使ったコロッケ（サンプルの記載です）。", datetime.date(2024, 5, 10)),
    ("サンプル特産品C 木工コースター", "サンプル工房（架空）", "crafts",
     "市内の間伐材を使ったコースター（サンプルの記載です）。", None),
]  # fmt: skip
SHOPS = [
    ("サンプル販売協力店A", "10:00〜19:00（水曜定休）", 35.7866, 139.4712, [0, 1]),
    ("サンプル販売協力店B", "9:00〜18:00（日曜定休）", 35.8005, 139.4665, [0]),
]
PLACES = [
    # name, lat, lng, opening, spring, summer, autumn, winter
    ("サンプル直売所A", 35.8021, 139.4372, "毎日 9:00〜17:00", "たけのこ・小松菜", "枝豆・トマト",
     "里芋・さつまいも", "ほうれん草・大根"),
    ("サンプル直売所B", 35.7794, 139.4461, "土・日 8:00〜12:00", "キャベツ", "とうもろこし",
     "里芋", "にんじん"),
    ("サンプル直売所C", 35.8163, 139.4570, "火・金 10:00〜15:00", "新茶", "ブルーベリー",
     "栗", "白菜"),
    ("サンプル直売所D", 35.7698, 139.4903, "月〜土 9:00〜16:00", "いちご", "なす・きゅうり",
     "さつまいも", "ねぎ"),
    ("サンプル直売所E", 35.8097, 139.5051, "水・土 9:00〜12:00", "小松菜", "ピーマン",
     "かぼちゃ", "ほうれん草"),
]  # fmt: skip
COURSE_A = {
    "name_ja": "サンプルおさんぽコースA（まち×みどり）",
    "name_en": "Sample walking course A (town × green)",
    "name_zh": "示例散步路线A（城市×绿地）",
    "name_ko": "샘플 산책 코스 A (마을×녹지)",
    "description_ja": "駅前の商店街から公園の緑へ歩くサンプルのコースです（架空のデータ）。",
    "description_en": "A sample course from a shopping street to a park (fictional data).",
    "description_zh": "从商店街步行到公园的示例路线（虚构数据）。",
    "description_ko": "상점가에서 공원까지 걷는 샘플 코스입니다 (가상 데이터).",
}
ROUTE_A = [[139.4733, 35.7869], [139.4721, 35.7905], [139.4702, 35.7942],
           [139.4690, 35.7975], [139.4668, 35.8003]]  # fmt: skip
POINTS_A = [
    {"name_ja": "サンプル地点1（商店街）", "name_en": "Sample point 1 (shopping street)",
     "lat": 35.7905, "lng": 139.4721},
    {"name_ja": "サンプル地点2（公園入口）", "name_en": "Sample point 2 (park entrance)",
     "lat": 35.7975, "lng": 139.4690},
]  # fmt: skip
COURSE_B = {
    "name_ja": "サンプルおさんぽコースB（茶畑の道）",
    "name_en": "Sample walking course B (tea fields)",
    "description_ja": "茶畑の間を歩くサンプルのコースです（架空のデータ）。",
    "description_en": "A sample course between tea fields (fictional data).",
}
ROUTE_B = [[139.4380, 35.8010], [139.4420, 35.8040], [139.4475, 35.8052], [139.4530, 35.8071]]
SIGNS = [
    # course, kind, label ja, label en, lat, lng, year, languages
    ("a", "waymark", "サンプル道標1", "Sample waymark 1", 35.7887, 139.4727, 2023, "ja,en"),
    ("a", "guide_board", "サンプル案内板1", "Sample guide board 1", 35.7958, 139.4696, 2023,
     "ja,en,zh,ko"),
    ("a", "direction", "サンプル誘導サイン1", "Sample direction sign 1", 35.7990, 139.4680, 2024,
     "ja"),
    ("b", "waymark", "サンプル道標2", "Sample waymark 2", 35.8040, 139.4420, 2024, "ja,en"),
]  # fmt: skip


def _user(actor: Any) -> Any:
    user, created = get_user_model().objects.get_or_create(username=SAMPLE_USER)
    if created:
        user.set_unusable_password()
        user.save()
        log(actor, "registries.signup", f"user {SAMPLE_USER}", after={"sample": True})
    return user


@transaction.atomic
def load(actor: Any = None) -> dict[str, int]:
    """Load the sample data set unless it is already there; how many records of each kind."""
    if Product.objects.filter(is_sample=True).exists():
        return {"products": 0, "shops": 0, "places": 0, "courses": 0, "signs": 0}
    user = _user(actor)
    products = []
    for name, maker, category, story, certified in PRODUCTS:
        applied = (certified or datetime.date(2024, 9, 1)) - datetime.timedelta(days=40)
        p = services.apply_product(
            user, {"name": name, "maker": maker, "category": category, "story": story},
            sample=True, on=applied,
        )  # fmt: skip
        services.review(actor, p, "review", on=applied + datetime.timedelta(days=7))
        if certified:
            p = services.review(actor, p, "approve", on=certified)
        products.append(p)
    for name, hours, lat, lng, carried in SHOPS:
        data = {"name": name, "address": ADDRESS, "hours": hours, "lat": lat, "lng": lng}
        s = services.apply_shop(user, data, [products[i] for i in carried], sample=True,
                                on=datetime.date(2024, 6, 1))  # fmt: skip
        services.review(actor, s, "review", on=datetime.date(2024, 6, 3))
        s = services.review(actor, s, "approve", on=datetime.date(2024, 6, 20))
        services.hand_out_goods(actor, s, "flag", 2, datetime.date(2024, 7, 1))
        services.hand_out_goods(actor, s, "pamphlet", 50, datetime.date(2024, 7, 1))
    for name, lat, lng, opening, spring, summer, autumn, winter in PLACES:
        services.save_place(actor, {
            "name": name, "address": ADDRESS, "lat": lat, "lng": lng, "opening": opening,
            "contact": "（サンプル）", "produce_spring": spring, "produce_summer": summer,
            "produce_autumn": autumn, "produce_winter": winter,
        }, sample=True)  # fmt: skip
    route_a = {"type": "LineString", "coordinates": ROUTE_A}
    route_b = {"type": "LineString", "coordinates": ROUTE_B}
    courses = {
        "a": services.save_course(actor, "sample-a", COURSE_A, route_a, POINTS_A, sample=True),
        "b": services.save_course(actor, "sample-b", COURSE_B, route_b, sample=True),
    }
    for course, kind, ja, en, lat, lng, year, langs in SIGNS:
        services.add_sign(actor, courses[course], kind, {"label_ja": ja, "label_en": en}, lat,
                          lng, year, langs, sample=True)  # fmt: skip
    return {"products": len(PRODUCTS), "shops": len(SHOPS), "places": len(PLACES),
            "courses": Course.objects.filter(is_sample=True).count(),
            "signs": len(SIGNS)}  # fmt: skip


def has_sample() -> bool:
    """Is any sample record loaded (pages then say so)?"""
    return (
        Product.objects.filter(is_sample=True).exists()
        or Place.objects.filter(is_sample=True).exists()
    )
