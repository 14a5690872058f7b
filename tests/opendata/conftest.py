"""Open-data fixtures: the built-in plan with 令和5年度 published and a few public records."""

from __future__ import annotations

import datetime

import pytest

from shinchoku.accounts.permissions import SYSTEM

BASE = "https://progress.example.jp"


@pytest.fixture
def published(plan, publish):
    """The built-in plan; 令和3年度 and 令和5年度 values of 総生産額 (test figures), a 令和2年度
    value typed with a digit too many and withdrawn; 令和5年度 published through the gate;
    a 令和6年度 value that stays unpublished."""
    from shinchoku.observations.models import Observation
    from shinchoku.observations.services import add, withdraw

    add(plan, {"indicator": "総生産額", "year": "令和3年度", "value": "9,300",
               "source": "テスト用の値（埼玉県市町村民経済計算の形式）",
               "published_on": "2024-08-20", "edition": "令和3年度版"}, actor=SYSTEM)  # fmt: skip
    add(plan, {"indicator": "総生産額", "year": "令和5年度", "value": "9,250",
               "source": "テスト用の値", "published_on": "2025-08-20"}, actor=SYSTEM)  # fmt: skip
    add(plan, {"indicator": "総生産額", "year": "令和2年度", "value": "90,000",
               "source": "入力の誤り"}, confirm=True, actor=SYSTEM)  # by mistake  # fmt: skip
    mistake = Observation.objects.get(indicator__code="gross-product", year=2020)
    withdraw(plan, mistake.pk, "桁の誤り", actor=SYSTEM)
    add(plan, {"indicator": "総生産額", "year": "令和6年度", "value": "9,999",
               "source": "未公表の下書き"}, actor=SYSTEM)  # fmt: skip
    publish(2023)  # through the gate, as the secretariat does
    return plan


@pytest.fixture
def records(db):
    """One listed direct-sales place with characters Shift_JIS lacks, one certified product
    whose name looks like a formula, and a SAMPLE place that must never be published."""
    from django.contrib.auth import get_user_model

    from shinchoku.registries.models import Place, Product

    user = get_user_model().objects.create_user("maker", password="x" * 20)
    place = Place.objects.create(
        name="𠮷田農園の直売所", address="所沢市北野1-2-3", lat=35.8, lng=139.45,
        opening="土日 9時〜12時", produce_spring="ほうれん草", listed=True,
    )  # fmt: skip
    Place.objects.create(name="サンプル直売所", address="所沢市", lat=35.8, lng=139.4,
                         opening="毎日", is_sample=True)  # fmt: skip
    product = Product.objects.create(
        applicant=user, name="=HYPERLINK(\"http://evil.example\")", maker="テスト製茶",
        category="drinks", story="狭山茶", state="approved", number="B-001",
        certified_on=datetime.date(2024, 5, 10),
    )  # fmt: skip
    return {"place": place, "product": product}
