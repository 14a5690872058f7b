"""Everything a yearly user does in the browser: users and passwords (secretariat), one's own
password, reset by e-mail, the Excel template, reminders with a preview. Every change audited."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from shinchoku.accounts import services as accounts
from shinchoku.accounts.permissions import NotAllowed
from shinchoku.audit.models import AuditEntry
from shinchoku.cycle import services as cycle
from shinchoku.ingest.errors import InputError

PASSWORD = "a-long-test-password-2026"
SECRET = "ほどよく長い-pass-2026"
NEW = {
    "username": "tanaka",
    "role": "department",
    "organisation": "nogyo-shinko",
    "email": "tanaka@example.jp",
    "password1": SECRET,
    "password2": SECRET,
}


def user(name: str):
    return get_user_model().objects.select_related("profile").get(username=name)


def test_the_secretariat_adds_changes_resets_and_deactivates_a_user(client_as, users):
    client = client_as("secretariat")
    response = client.post("/workspace/users/", NEW)
    assert response.status_code == 302
    tanaka = user("tanaka")
    assert (tanaka.profile.role, tanaka.profile.organisation.code) == ("department", "nogyo-shinko")
    page = client.get("/workspace/users/").content.decode()
    assert "tanaka" in page and "農業振興課" in page
    url = f"/workspace/users/{tanaka.pk}/"
    client.post(
        url,
        {
            "action": "change",
            "role": "partner",
            "organisation": "tokorozawa-cci",
            "email": "t@example.jp",
        },
    )
    tanaka = user("tanaka")
    assert (tanaka.profile.role, tanaka.profile.organisation.code, tanaka.email) == (
        "partner",
        "tokorozawa-cci",
        "t@example.jp",
    )
    client.post(
        url,
        {
            "action": "password",
            "password1": "新しい-pass-2026-x",
            "password2": "新しい-pass-2026-x",
        },
    )
    assert user("tanaka").check_password("新しい-pass-2026-x")
    client.post(url, {"action": "deactivate"})
    assert not user("tanaka").is_active
    assert (
        client_as(None)
        .post("/login/", {"username": "tanaka", "password": "新しい-pass-2026-x"})
        .status_code
        == 200
    )
    entries = AuditEntry.objects.filter(target="tanaka").order_by("id")
    assert [e.action for e in entries] == [
        "user.add",
        "user.change",
        "user.password_set",
        "user.deactivate",
    ]
    assert {e.actor for e in entries} == {"secretariat"}
    change = entries[1]
    assert change.before == {
        "role": "department",
        "organisation": "nogyo-shinko",
        "email": "tanaka@example.jp",
    }
    assert change.after["role"] == "partner"
    assert "新しい" not in str([e.after for e in entries])  # no password in the log


def test_the_users_table_stacks_on_a_phone(client_as, users):
    """At 390 px each user is one block whose cells say what they are (site.css table.tasks),
    not a table clipped behind a scroll."""
    page = client_as("secretariat").get("/workspace/users/").content.decode()
    table = page[page.index("<table") : page.index("</table>")]
    assert '<table class="values tasks">' in table
    cells = re.findall(r"<td( data-label=\"[^\"]+\")?>", table)
    assert cells and all(cells)  # every cell carries its column's name
    assert 'data-label="メールアドレス"' in table and 'data-label="最終ログイン"' in table


def test_problems_show_at_their_fields_and_change_nothing(client_as, users):
    client = client_as("secretariat")
    before = AuditEntry.objects.count()
    html = client.post(
        "/workspace/users/", NEW | {"organisation": "", "password2": "x", "username": "department"}
    ).content.decode()
    assert "2つのパスワードが一致しません" in html
    html = client.post(
        "/workspace/users/", NEW | {"organisation": "", "username": "department"}
    ).content.decode()
    assert "「department」という利用者はすでにいます" in html
    assert "庁内関係部署と連携機関の利用者には組織が必要です" in html
    assert AuditEntry.objects.count() == before
    with pytest.raises(InputError, match="自分自身"):
        accounts.set_active("secretariat", False, users["secretariat"])
    with pytest.raises(InputError, match="自分の役割は事務局から外せません"):
        accounts.change_user("secretariat", "council", actor=users["secretariat"])
    assert user("secretariat").is_superuser and user("secretariat").is_active
    # A secretariat member made a council member loses the admin with the role.
    accounts.change_user("council", "secretariat", actor=users["secretariat"])
    assert user("council").is_superuser
    accounts.change_user("council", "council", actor=users["secretariat"])
    assert not user("council").is_superuser and not user("council").is_staff


@pytest.mark.parametrize("who", ["department", "partner", "council"])
def test_only_the_secretariat_manages_users(client_as, users, who):
    client = client_as(who)
    target = f"/workspace/users/{users['other_department'].pk}/"
    assert client.get("/workspace/users/").status_code == 403
    assert client.post("/workspace/users/", NEW).status_code == 403
    assert client.post(target, {"action": "deactivate"}).status_code == 403
    assert (
        client.post(
            target,
            {
                "action": "password",
                "password1": "zz-long-pass-2026",
                "password2": "zz-long-pass-2026",
            },
        ).status_code
        == 403
    )
    assert (
        user("other_department").is_active
        and not get_user_model().objects.filter(username="tanaka").exists()
    )
    assert "/workspace/users/" not in client.get("/workspace/").content.decode()
    with pytest.raises(NotAllowed):
        accounts.change_user("other_department", "secretariat", actor=users[who])


def test_a_user_changes_their_own_password(client_as, users):
    client = client_as("department")
    assert 'href="/account/password/"' in client.get("/workspace/").content.decode()
    wrong = client.post(
        "/account/password/",
        {
            "old_password": "nope",
            "new_password1": "別の-pass-2026-y",
            "new_password2": "別の-pass-2026-y",
        },
    )
    assert wrong.status_code == 200 and not user("department").check_password("別の-pass-2026-y")
    done = client.post(
        "/account/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "別の-pass-2026-y",
            "new_password2": "別の-pass-2026-y",
        },
    )
    assert done["Location"] == "/account/password/done/"
    assert user("department").check_password("別の-pass-2026-y")
    entry = AuditEntry.objects.get(action="user.password_change")
    assert (entry.actor, entry.target) == ("department", "department")


@pytest.mark.parametrize("lang", ["", "/en"])
def test_password_reset_by_e_mail(client, users, lang):
    from shinchoku.registries.applications import register_applicant

    register_applicant("kobo-tokorozawa", PASSWORD, "kobo@example.jp")  # a business
    page = client.get(f"{lang}/login/").content.decode()
    assert f'href="{lang}/password-reset/"' in page
    response = client.post(f"{lang}/password-reset/", {"email": "kobo@example.jp"})
    assert response["Location"] == f"{lang}/password-reset/sent/"
    assert client.post(f"{lang}/password-reset/", {"email": "nobody@example.jp"}).status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["kobo@example.jp"]
    link = re.search(r"http://testserver(/\S+/)", mail.outbox[0].body).group(1)
    assert link.startswith(f"{lang}/password-reset/")
    form = client.get(link, follow=True)  # Django moves the token into the session
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "新-pass-2026-kobo", "new_password2": "新-pass-2026-kobo"},
    )
    assert done["Location"] == f"{lang}/password-reset/done/"
    assert user("kobo-tokorozawa").check_password("新-pass-2026-kobo")
    entries = AuditEntry.objects.filter(target="kobo-tokorozawa").order_by("id")
    actions = [e.action for e in entries]
    assert actions[-2:] == ["user.password_reset_request", "user.password_reset"]
    if lang:
        assert "Reset your password" in client.get("/en/password-reset/").content.decode()


def test_the_template_download_holds_the_users_organisation(client_as, plan):
    from openpyxl import load_workbook

    page = client_as("department").get("/workspace/import/").content.decode()
    assert 'action="/workspace/import/template.xlsx"' in page and "shinchoku template" not in page
    response = client_as("department").get("/workspace/import/template.xlsx?year=2024")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "shinchoku-template-2024-sangyo-shinko.xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content))["実績値"]
    names = [c.value for c in sheet["B"][3:7]]
    assert "総生産額" in names and len([n for n in names if n]) == 4
    # An organisation that owns no indicator is told so; the council may not download.
    refused = client_as("other_department").get("/workspace/import/template.xlsx", follow=True)
    assert "農業振興課が担当する評価指標はありません" in refused.content.decode()
    assert client_as("council").get("/workspace/import/template.xlsx").status_code == 403


@pytest.fixture
def round_(plan, users, monkeypatch):
    monkeypatch.setattr("shinchoku.plan.services.today", lambda: datetime.date(2024, 6, 1))
    return cycle.open_round(plan, 2023, datetime.date(2024, 6, 30), users["secretariat"])


def test_reminders_are_previewed_then_sent_only_on_confirm(client_as, users, round_):
    for name, email in (("department", "dept@example.jp"), ("partner", "cci@example.jp")):
        users[name].email = email
        users[name].save()
    client = client_as("secretariat")
    preview = client.get("/workspace/cycle/remind/").content.decode()
    assert "dept@example.jp" in preview and "cci@example.jp" in preview
    assert "送る相手（2人）" in preview and "評価指標 総生産額" in preview
    assert "重点推進事業7" in preview  # 農業振興課 has nobody with an address: listed apart
    assert mail.outbox == [] and not AuditEntry.objects.filter(action="cycle.remind").exists()
    response = client.post("/workspace/cycle/remind/", {"year": "2023"})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["cci@example.jp", "dept@example.jp"]
    cci = next(m for m in mail.outbox if m.to == ["cci@example.jp"])
    assert "重点推進事業2" in cci.body and "総生産額" not in cci.body  # only their own items
    entry = AuditEntry.objects.get(action="cycle.remind")
    assert entry.after == {"recipients": ["department", "partner"]}
    assert client_as("department").get("/workspace/cycle/remind/").status_code == 403
    assert client_as("department").post("/workspace/cycle/remind/").status_code == 403
    assert len(mail.outbox) == 2
