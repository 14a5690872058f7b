"""A business finds the application forms, finishes them, changes or withdraws them, and
hears of the decision (issue #12 item 6), through the real forms and Django's test client."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail

from shinchoku.audit.models import AuditEntry
from shinchoku.registries import applications, rules
from shinchoku.registries.models import Product, ReviewEvent, Shop
from shinchoku.uploads import store

from .conftest import PNG, PRODUCT


def test_the_apply_link_leads_to_sign_in_and_sign_up(client, db):
    catalogue = client.get("/brand/").content.decode()
    assert (
        'href="/applications/"' in catalogue and 'href="/signup/?next=/applications/"' in catalogue
    )
    response = client.get("/applications/", follow=True)
    page = response.content.decode()
    assert response.redirect_chain[-1][0] == "/login/?next=/applications/"
    assert "申請する事業者のログイン" in page and "事務局・担当者のログイン" not in page
    assert 'href="/signup/?next=/applications/"' in page
    # the staff login page offers the sign-up too, without taking over the heading
    staff = client.get("/login/").content.decode()
    assert "事務局・担当者のログイン" in staff and 'href="/signup/"' in staff


def test_sign_up_from_the_login_page_returns_to_where_the_business_was_going(client, db):
    form = client.get("/signup/?next=/applications/product/").content.decode()
    assert 'name="next" value="/applications/product/"' in form
    response = client.post("/signup/", {
        "username": "newshop", "password1": "a-long-test-password-2026",
        "password2": "a-long-test-password-2026", "next": "/applications/product/",
    })  # fmt: skip
    assert response["Location"] == "/applications/product/"
    client.logout()
    response = client.post("/signup/", {
        "username": "evil", "password1": "a-long-test-password-2026",
        "password2": "a-long-test-password-2026", "next": "https://evil.example/",
    })  # fmt: skip
    assert response["Location"] == "/applications/"


def test_every_error_of_the_product_form_shows_at_once(as_user, tmp_path):
    client = as_user("business")
    bad = tmp_path / "photo.gif"
    bad.write_bytes(b"GIF89a" + b"\x00" * 20)
    with bad.open("rb") as f:
        response = client.post("/applications/product/", {
            "name": "", "maker": "", "category": "nothing", "story": "", "photo1": f,
        })  # fmt: skip
    form = response.context["form"]
    assert set(form.errors) == {"name", "maker", "category", "story", "photo1"}
    assert form.errors["photo1"] == ["写真は JPEG か PNG で送ってください"]
    assert "5か所の入力を確かめてください" in response.content.decode()
    assert not Product.objects.exists()


def test_the_service_s_refusal_is_english_on_english_pages(as_user, tmp_path):
    bad = tmp_path / "photo.gif"
    bad.write_bytes(b"GIF89a" + b"\x00" * 20)
    with bad.open("rb") as f:
        response = as_user("business").post("/en/applications/product/", {**PRODUCT, "photo1": f})
    assert response.context["form"].errors["photo1"] == ["Send photos as JPEG or PNG"]
    assert not Product.objects.exists()


def test_the_criteria_are_on_both_forms(as_user):
    client = as_user("business")
    product = client.get("/applications/product/").content.decode()
    assert "審査の基準" in product
    assert "所沢の農産物や地域資源、文化・伝統を生かした商品であること" in product
    shop = client.get("/applications/shop/").content.decode()
    assert "所沢ブランド特産品（認定中のもの）を販売し" in shop
    english = client.get("/en/applications/product/").content.decode()
    assert "makes use of Tokorozawa&#x27;s farm produce" in english


def test_criteria_come_from_the_setting_when_the_city_sets_them(as_user, settings):
    settings.SHINCHOKU_REGISTRY_CRITERIA = {"product": {"ja": ["市の要綱第3条に合うこと"]}}
    page = as_user("business").get("/applications/product/").content.decode()
    assert "市の要綱第3条に合うこと" in page and "文化・伝統を生かした商品であること" not in page


def test_a_chosen_photo_is_kept_across_a_failed_submit(as_user, tmp_path):
    client = as_user("business")
    photo = tmp_path / "tea-field.png"
    photo.write_bytes(PNG)
    with photo.open("rb") as f:
        response = client.post("/applications/product/", {
            **PRODUCT, "name": "", "photo1": f, "alt1": "茶畑",
        })  # fmt: skip
    page = response.content.decode()
    assert response.status_code == 200 and "name" in response.context["form"].errors
    assert "選択済みの写真" in page and "tea-field.png" in page and "写真1を使わない" in page
    names = list(response.context["form"].fields)
    assert names[names.index("photo1") + 1] == "drop1"  # the choice sits by its photo
    assert len(store.pending()) == 1
    # sent again without choosing the file again: the kept photo goes with the application
    draft = response.context["draft"]  # the form's own token, posted back as the page does
    assert f'name="draft" value="{draft}"' in page
    response = client.post("/applications/product/", {**PRODUCT, "alt1": "茶畑", "draft": draft})
    assert response.status_code == 302
    p = Product.objects.get()
    assert [(ph.data, ph.alt) for ph in p.photos.all()] == [(PNG, "茶畑")]
    assert store.pending() == []  # the pending upload is removed once used


def test_a_kept_photo_can_be_replaced_or_dropped(as_user, tmp_path):
    client = as_user("business")
    first, second = tmp_path / "first.png", tmp_path / "second.png"
    first.write_bytes(PNG)
    second.write_bytes(PNG + b"second")
    with first.open("rb") as f:
        page = client.post("/applications/product/", {**PRODUCT, "story": "", "photo1": f})
    draft = page.context["draft"]
    with second.open("rb") as f:
        page = client.post(
            "/applications/product/", {**PRODUCT, "story": "", "photo1": f, "draft": draft}
        )
    assert "second.png" in page.content.decode() and "first.png" not in page.content.decode()
    assert len(store.pending()) == 1
    client.post("/applications/product/", {**PRODUCT, "drop1": "on", "draft": draft})
    assert Product.objects.get().photos.count() == 0 and store.pending() == []


def test_two_new_product_forms_open_at_once_keep_their_photos_apart(as_user, tmp_path):
    client = as_user("business")
    tea, sake = tmp_path / "tea.png", tmp_path / "sake.png"
    tea.write_bytes(PNG)
    sake.write_bytes(PNG + b"sake")
    first, second = (client.get("/applications/product/").context["draft"] for _ in range(2))
    assert first != second  # each open form has its own key
    with tea.open("rb") as f:
        client.post("/applications/product/", {**PRODUCT, "name": "", "photo1": f, "draft": first})
    with sake.open("rb") as f:
        page = client.post(
            "/applications/product/", {**PRODUCT, "name": "", "photo1": f, "draft": second}
        )
    assert "sake.png" in page.content.decode() and "tea.png" not in page.content.decode()
    assert len(store.pending()) == 2  # choosing in the second form replaced nothing of the first
    response = client.post("/applications/product/", {**PRODUCT, "name": "茶", "draft": first})
    assert response.status_code == 302
    client.post("/applications/product/", {**PRODUCT, "name": "酒", "draft": second})
    photos = {p.name: [ph.data for ph in p.photos.all()] for p in Product.objects.all()}
    assert photos == {"茶": [PNG], "酒": [PNG + b"sake"]}
    assert store.pending() == []


def test_the_applicant_edits_an_application_before_review(as_user, applicants):
    p = applications.apply_product(applicants["business"], PRODUCT, [(PNG, "x")])
    client = as_user("business")
    page = client.get(f"/applications/product/{p.pk}/").content.decode()
    assert f'href="/applications/product/{p.pk}/edit/"' in page
    form = client.get(f"/applications/product/{p.pk}/edit/")
    assert form.context["form"]["name"].value() == "テスト特産品"
    assert "photo1" in form.context["form"].fields and "photo2" not in form.context["form"].fields
    response = client.post(f"/applications/product/{p.pk}/edit/", {
        **PRODUCT, "name": "狭山茶ようかん", "story": "市内産の狭山茶を使う",
    })  # fmt: skip
    assert response["Location"] == f"/applications/product/{p.pk}/"
    p.refresh_from_db()
    assert (p.name, p.story, p.state) == ("狭山茶ようかん", "市内産の狭山茶を使う", "applied")
    edit = ReviewEvent.objects.get(product=p, action="edit")
    assert edit.reason == "変更: 商品名、所沢らしさ（地域資源・文化・伝統との関わり）"
    entry = AuditEntry.objects.get(action="registries.product.edit")
    assert entry.before["name"] == "テスト特産品" and entry.after["name"] == "狭山茶ようかん"
    history = client.get(f"/applications/product/{p.pk}/").content.decode()
    assert "申請の内容を変更" in history and "変更: 商品名" in history


def test_another_business_cannot_edit_or_withdraw(as_user, applicants):
    p = applications.apply_product(applicants["business"], PRODUCT)
    client = as_user("other_business")
    assert client.get(f"/applications/product/{p.pk}/edit/").status_code == 404
    assert client.post(f"/applications/product/{p.pk}/withdraw/").status_code == 404
    p.refresh_from_db()
    assert p.state == "applied"


def test_withdrawal_is_recorded_and_nothing_is_deleted(as_user, applicants, users):
    s = applications.apply_shop(applicants["business"], {"name": "所沢茶房", "address": "所沢市1-1",
                                                     "hours": "10-17時"})  # fmt: skip
    client = as_user("business")
    response = client.post(f"/applications/shop/{s.pk}/withdraw/", {"reason": "店舗を移転するため"})
    assert response["Location"] == f"/applications/shop/{s.pk}/"
    s = Shop.objects.get(pk=s.pk)
    assert s.state == "withdrawn"
    assert list(s.events.values_list("action", "after", "reason")) == [
        ("apply", "applied", ""), ("withdraw", "withdrawn", "店舗を移転するため"),
    ]  # fmt: skip
    page = client.get(f"/applications/shop/{s.pk}/").content.decode()
    assert "取下げ" in page and "この申請は取り下げられました" in page
    assert "/edit/" not in page
    # a withdrawn application is not reviewed any more
    with pytest.raises(rules.RuleError):
        applications.review(users["secretariat"], s, "review")


def test_after_review_starts_the_page_says_why_it_cannot_be_changed(as_user, applicants, users):
    p = applications.apply_product(applicants["business"], PRODUCT)
    applications.review(users["secretariat"], p, "review")
    client = as_user("business")
    page = client.get(f"/applications/product/{p.pk}/").content.decode()
    assert "審査が始まっているため、この申請は変更も取下げもできません" in page
    assert "/withdraw/" not in page
    response = client.post(f"/applications/product/{p.pk}/edit/", {**PRODUCT, "name": "別名"})
    assert response["Location"] == f"/applications/product/{p.pk}/"
    assert client.post(f"/applications/product/{p.pk}/withdraw/").status_code == 302
    p.refresh_from_db()
    assert (p.name, p.state) == ("テスト特産品", "reviewing")
    assert not p.events.filter(action__in=["edit", "withdraw"]).exists()


def _decide(as_user, applicants, users, action, reason=""):
    user = applicants["business"]
    user.email = "shop@example.jp"
    user.save()
    p = applications.apply_product(user, PRODUCT, on=datetime.date(2024, 4, 20))
    applications.review(users["secretariat"], p, "review")
    client = as_user("secretariat")
    client.post(f"/workspace/registries/product/{p.pk}/", {
        "action": action, "reason": reason, "effective_on": "2024-05-10",
    })  # fmt: skip
    return p


def test_the_applicant_is_mailed_when_certified(as_user, applicants, users):
    p = _decide(as_user, applicants, users, "approve")
    [message] = mail.outbox
    assert message.to == ["shop@example.jp"]
    assert message.subject == "【所沢ブランド特産品の認定】テスト特産品: 認定・登録されました"
    assert "結果: 認定・登録（2024年05月10日）" in message.body
    assert "番号: B2024-001" in message.body
    assert f"http://testserver/applications/product/{p.pk}/" in message.body
    assert "Dear" not in message.body  # applied in Japanese
    entry = AuditEntry.objects.get(action="registries.product.approve")
    assert entry.after["mailed_to"] == "shop@example.jp"


def test_a_rejection_mail_carries_the_reason_and_english_for_an_english_applicant(
    as_user, applicants, users
):
    user = applicants["business"]
    user.email = "shop@example.jp"
    user.save()
    client = as_user("business")
    client.post("/en/applications/product/", PRODUCT)
    p = Product.objects.get()
    assert p.language == "en"
    applications.review(users["secretariat"], p, "review")
    as_user("secretariat").post(f"/workspace/registries/product/{p.pk}/", {
        "action": "reject", "reason": "市外で製造されているため", "effective_on": "2024-06-01",
    })  # fmt: skip
    [message] = mail.outbox
    assert "不認定" in message.body and "理由: 市外で製造されているため" in message.body
    assert "Result: not approved (2024-06-01)" in message.body
    assert f"http://testserver/en/applications/product/{p.pk}/" in message.body
    assert message.subject.endswith("/ テスト特産品: not approved")


def test_no_mail_for_steps_that_are_not_decisions_or_without_an_address(as_user, applicants, users):
    p = applications.apply_product(applicants["business"], PRODUCT)  # no e-mail address
    applications.review(users["secretariat"], p, "review")
    applications.review(users["secretariat"], p, "approve")
    assert mail.outbox == []
    assert AuditEntry.objects.get(action="registries.product.approve").after["mailed_to"] is None


def test_a_shop_application_is_changed_with_the_products_it_sells(as_user, applicants, certified):
    data = {"name": "所沢茶房", "address": "所沢市1-1", "hours": "10-17時"}
    shop = applications.apply_shop(applicants["business"], data)
    client = as_user("business")
    form = client.get(f"/applications/shop/{shop.pk}/edit/")
    assert form.context["form"]["name"].value() == "所沢茶房"
    response = client.post(f"/applications/shop/{shop.pk}/edit/", {
        "name": "所沢茶房", "address": "所沢市1-1", "hours": "10-18時", "lat": "35.7869",
        "lng": "139.4733", "products": [certified.pk],
    })  # fmt: skip
    assert response["Location"] == f"/applications/shop/{shop.pk}/"
    shop.refresh_from_db()
    assert shop.hours == "10-18時" and list(shop.products.all()) == [certified]
    assert shop.events.get(action="edit").reason == (
        "変更: 営業時間・定休日、緯度、経度、取り扱う特産品"
    )
    # a position outside the city is refused at its field, with the other errors at once
    response = client.post(f"/applications/shop/{shop.pk}/edit/", {
        "name": "", "address": "所沢市1-1", "hours": "10-18時", "lat": "35.60", "lng": "139.47",
    })  # fmt: skip
    errors = response.context["form"].errors
    assert set(errors) == {"name", "lat"} and "所沢市の範囲" in errors["lat"][0]


def test_a_line_break_in_a_name_does_not_block_the_decision_or_its_mail(as_user, applicants, users):
    """A name posted with a line break (no browser field has one, a hand-made POST can) made
    the mail's subject refused (BadHeaderError): the decision failed with a server error."""
    user = applicants["business"]
    user.email = "shop@example.jp"
    user.save()
    p = applications.apply_product(user, PRODUCT | {"name": "狭山茶\nBcc: x@example.com"})
    applications.review(users["secretariat"], p, "review")
    applications.review(users["secretariat"], p, "approve")
    p.refresh_from_db()
    assert p.state == "approved"
    [message] = mail.outbox
    assert "\n" not in message.subject and "狭山茶 Bcc: x@example.com" in message.subject
