"""Writes through the Django admin land in the audit log in words, move the data version,
and so reach the cached public pages."""

from __future__ import annotations

import json

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model

from shinchoku.audit.admin import AuditedAdmin
from shinchoku.audit.labels import action_label, changes
from shinchoku.audit.models import AuditEntry
from shinchoku.plan.models import Organisation
from shinchoku.versions import data_version, public_data_version


@pytest.fixture
def superuser(plan):
    return get_user_model().objects.create_superuser("root", "root@example.jp", "pw-2026-long")


def _change_form(org: Organisation, **changed: str) -> dict[str, str]:
    data = {"code": org.code, "name": org.name, "kind": org.kind,
            "translations": json.dumps(org.translations, ensure_ascii=False)}  # fmt: skip
    return data | changed


def test_every_admin_of_the_site_is_audited():
    unaudited = [m._meta.label for m, a in admin.site._registry.items()
                 if not isinstance(a, AuditedAdmin)]  # fmt: skip
    assert unaudited == []
    assert len(admin.site._registry) >= 15  # Django's, third-party and ours


def test_renaming_an_organisation_in_the_admin_is_audited_and_public(client, superuser):
    org = Organisation.objects.get(code="sangyo-shinko")
    old_name = org.name
    page = client.get("/projects/1/")  # 所管: 産業振興課, now in the page cache
    assert old_name in page.content.decode()
    public_before, version_before = public_data_version(), data_version()

    client.force_login(superuser)
    renamed = _change_form(org, name="産業振興部 産業振興課")
    response = client.post(f"/admin/plan/organisation/{org.pk}/change/", renamed)
    assert response.status_code == 302, response.content.decode()[:2000]

    entry = AuditEntry.objects.get(action="admin.organisation.change")
    assert (entry.actor, entry.target) == ("root", "組織 産業振興部 産業振興課")
    assert changes(entry.before, entry.after) == [("名前", old_name, "産業振興部 産業振興課")]
    assert action_label(entry.action) == "組織：変更（管理画面）"
    assert data_version() > version_before and public_data_version() != public_before

    client.logout()
    shown = client.get("/projects/1/").content.decode()
    assert "産業振興部 産業振興課" in shown


def test_a_role_change_and_a_password_set_in_the_admin_are_audited(client, superuser, users):
    client.force_login(superuser)
    profile = users["council"].profile
    response = client.post(
        f"/admin/accounts/profile/{profile.pk}/change/",
        {"user": users["council"].pk, "role": "secretariat", "organisation": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="admin.profile.change")
    ((_field, before, after),) = changes(entry.before, entry.after)
    assert (before, after) == ("推進会議委員", "事務局")  # the role, in words
    assert entry.target == "利用者の役割 council (事務局)"

    user = users["department"]
    response = client.post(
        f"/admin/auth/user/{user.pk}/password/",
        {"password1": "another-long-pw-2026", "password2": "another-long-pw-2026"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.get(action="admin.user.change", target__endswith=user.username)
    assert changes(entry.before, entry.after)[0][1:] == ("********", "（変更）")
    assert "pbkdf2" not in str(entry.after) and "md5" not in str(entry.after)


def test_an_organisation_added_and_deleted_in_the_admin_is_audited(client, superuser):
    client.force_login(superuser)
    response = client.post(
        "/admin/plan/organisation/add/",
        {"code": "new-partner", "name": "新しい連携機関", "kind": "partner", "translations": "{}"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = AuditEntry.objects.get(action="admin.organisation.add")
    assert added.before is None and added.after["名前"] == "新しい連携機関"
    org = Organisation.objects.get(code="new-partner")
    response = client.post(f"/admin/plan/organisation/{org.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    deleted = AuditEntry.objects.get(action="admin.organisation.delete")
    assert deleted.before["名前"] == "新しい連携機関" and deleted.after is None
    assert action_label(deleted.action) == "組織：削除（管理画面）"


def test_the_log_keeps_the_size_of_a_photo_not_its_bytes(db):
    from shinchoku.audit.admin import values
    from shinchoku.registries.models import Photo

    photo = Photo(data=b"\x89PNG" + b"\x00" * 96, content_type="image/png", alt="茶")
    assert values(photo)["data"] == "100 bytes"
    assert values(photo)["写真の説明"] == "茶"
