"""The registries' services: review with history, permissions, audit, output figures."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import DatabaseError, connection, transaction

from shinchoku.accounts.permissions import SYSTEM, NotAllowed
from shinchoku.appendonly import AppendOnlyError
from shinchoku.audit.models import AuditEntry
from shinchoku.registries import applications, counts, figures, keeping, sample
from shinchoku.registries.models import Product, ReviewEvent, Shop
from shinchoku.registries.rules import RuleError

from .conftest import PNG, PRODUCT

D = datetime.date


def test_application_review_and_certification_keep_their_history(applicants, users):
    p = applications.apply_product(applicants["business"], PRODUCT, [(PNG, "焼き菓子の写真")],
                               on=D(2024, 4, 20))  # fmt: skip
    assert p.state == "applied" and p.photos.get().content_type == "image/png"
    applications.review(users["secretariat"], p, "review", on=D(2024, 4, 25))
    p = applications.review(users["secretariat"], p, "approve", on=D(2024, 5, 10))
    assert (p.state, p.number, p.certified_on) == ("approved", "B2024-001", D(2024, 5, 10))
    p = applications.review(users["secretariat"], p, "suspend", "表示の誤り", on=D(2024, 8, 1))
    assert p.number == "B2024-001"  # suspension keeps the number
    events = list(p.events.values_list("action", "before", "after", "reason", "actor"))
    assert events == [
        ("apply", "", "applied", "", "business"),
        ("review", "applied", "reviewing", "", "secretariat"),
        ("approve", "reviewing", "approved", "", "secretariat"),
        ("suspend", "approved", "suspended", "表示の誤り", "secretariat"),
    ]
    audit = AuditEntry.objects.filter(target=f"product {p.pk}").order_by("id")
    assert [a.action for a in audit] == ["registries.product.apply", "registries.product.review",
                                         "registries.product.approve",
                                         "registries.product.suspend"]  # fmt: skip
    assert audit.last().after["reason"] == "表示の誤り"


def test_numbers_count_up_within_a_fiscal_year(applicants, users, certified):
    p = applications.apply_product(applicants["other_business"], PRODUCT)
    applications.review(users["secretariat"], p, "review")
    p = applications.review(users["secretariat"], p, "approve", on=D(2025, 3, 1))
    assert p.number == "B2024-002"


def test_rejection_needs_a_reason_and_changes_nothing_without_one(applicants, users):
    p = applications.apply_product(applicants["business"], PRODUCT)
    applications.review(users["secretariat"], p, "review")
    with pytest.raises(RuleError, match="理由"):
        applications.review(users["secretariat"], p, "reject", " ")
    p.refresh_from_db()
    assert p.state == "reviewing" and p.events.count() == 2


@pytest.mark.parametrize("name", ["department", "partner", "council", "business"])
def test_only_the_secretariat_reviews(applicants, users, name):
    p = applications.apply_product(applicants["business"], PRODUCT)
    actor = users.get(name) or applicants[name]
    with pytest.raises(NotAllowed):
        applications.review(actor, p, "review")
    with pytest.raises(NotAllowed):
        keeping.save_place(actor, {"name": "x"})


def test_anonymous_cannot_apply(db):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        applications.apply_product(AnonymousUser(), PRODUCT)


def test_photos_must_be_jpeg_or_png(applicants):
    with pytest.raises(RuleError, match="JPEG か PNG"):
        applications.apply_product(applicants["business"], PRODUCT, [(b"GIF89a...", "x")])
    assert not Product.objects.exists()


def test_a_business_sees_only_its_own_applications(applicants, users, certified):
    mine = applications.apply_product(applicants["other_business"], PRODUCT)
    everything = Product.objects.all()
    assert list(applications.visible(applicants["other_business"], everything)) == [mine]
    assert applications.visible(users["secretariat"], everything).count() == 2
    assert applications.visible(users["council"], everything).count() == 0


def test_shops_carry_only_certified_products(applicants, users, certified):
    pending = applications.apply_product(applicants["business"], PRODUCT)
    data = {"name": "テスト店", "address": "所沢市", "hours": "10-18"}
    with pytest.raises(RuleError, match="認定中"):
        applications.apply_shop(applicants["other_business"], data, [pending])
    shop = applications.apply_shop(applicants["other_business"], data, [certified])
    applications.review(users["secretariat"], shop, "review")
    shop = applications.review(users["secretariat"], shop, "approve", on=D(2024, 6, 1))
    assert shop.number == "S2024-001" and shop.registered_on == D(2024, 6, 1)


def test_history_is_append_only_in_the_orm_and_the_database(certified):
    event = ReviewEvent.objects.first()
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        ReviewEvent.objects.all().delete()
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as c:
        c.execute(f"UPDATE registries_reviewevent SET reason = 'x' WHERE id = {event.pk}")


def test_figures_leave_the_sample_out_unless_asked(users, certified):
    sample.load(actor=SYSTEM)
    real = {f.definition.key: f.value for f in figures.output_figures(2024)}
    both = {f.definition.key: f.value for f in figures.output_figures(2024, include_sample=True)}
    assert real["certified-products"] == 1
    assert both["certified-products"] == 3  # two sample products certified by 2024
    assert real["registered-shops"] == 0 and both["registered-shops"] == 2
    assert real["signs-installed"] == 0 and both["signs-installed"] == 4
    assert both["multilingual-signs"] == 3
    assert both["pr-goods"] == 104
    assert sample.load(actor=SYSTEM)["products"] == 0  # loading again changes nothing
    assert Shop.objects.filter(is_sample=True).count() == 2


def test_record_outputs_writes_the_sheet_values_once(plan, users, certified):
    counts.record_guide_maps(users["secretariat"], 2024, "令和6年度版", 5000, 4200)
    counts.record_school_lunch(users["secretariat"], 2024, 12, "学校給食課調べ",
                                 usage_kg=Decimal("1234.5"))  # fmt: skip
    written = counts.record_outputs(plan, 2024, users["secretariat"])
    values = {(v.output.project.number, v.output.name): v.value for v in written}
    assert values[(10, "所沢ブランド特産品 認定数")] == 1
    assert values[(11, "直売所ガイドマップ配布部数")] == 4200
    assert values[(11, "学校給食の市内産農産物 使用量")] == Decimal("1234.5")
    assert (8, "道標・案内板 設置数（累計）") in values  # 0 is a real count
    assert counts.record_outputs(plan, 2024, users["secretariat"]) == []  # unchanged
    with pytest.raises(NotAllowed):
        counts.record_outputs(plan, 2024, users["department"])


def test_guide_map_and_lunch_figures_are_checked(users):
    with pytest.raises(RuleError, match="配布部数が印刷部数を超えています"):
        counts.record_guide_maps(users["secretariat"], 2024, "版", 100, 101)
    with pytest.raises(RuleError, match="出典"):
        counts.record_school_lunch(users["secretariat"], 2024, 10, " ")
