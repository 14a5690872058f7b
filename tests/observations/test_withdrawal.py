"""Withdrawing an observation entered by mistake: a new append-only record, the value stays
listed as withdrawn, never counts again, and the revision before it counts again."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.db import DatabaseError, connection, transaction

from shinchoku.accounts.permissions import SYSTEM, NotAllowed
from shinchoku.appendonly import AppendOnlyError
from shinchoku.audit.models import AuditEntry
from shinchoku.core import model as core
from shinchoku.observations import services as observations
from shinchoku.observations.models import Observation, ObservationWithdrawal

ATOM = "{http://www.w3.org/2005/Atom}"
REASON = "桁の入力誤り（558 が正しい）"


@pytest.fixture
def typo(plan) -> Observation:
    """観光入込客数 令和5年: 558万人, then a 10× typo 5,580 published later (so it counts).

    The typo is recorded through ``record`` (the store's own verb) with the jump confirmed,
    as a hurried user would; this is what is already stored and must be corrected.
    """
    observations.add(
        plan,
        {
            "indicator": "観光入込客数",
            "year": "令和5年",
            "value": "558",
            "source": "令和5年埼玉県観光入込客統計調査",
            "published_on": "2024-08-01",
        },
        actor=SYSTEM,
    )
    wrong = core.Observation(
        "tourist-visits",
        2023,
        Decimal(5580),
        "令和5年埼玉県観光入込客統計調査 確報",
        datetime.date(2024, 10, 1),
        note="確報",
    )
    observations.record(plan, [wrong], "entry", confirm=True, actor=SYSTEM)
    return Observation.objects.get(value=5580)


def tourism(cli_json, year: int = 2023) -> dict:
    return cli_json("evaluate", "--year", str(year))["indicators"][2]


def test_withdrawn_value_no_longer_counts_and_stays_listed(typo, cli, cli_json):
    assert tourism(cli_json)["latest"]["value"] == 5580
    out = cli("observe", "withdraw", str(typo.pk), "--reason", REASON).stdout
    assert f"観光入込客数 令和5年 の 5,580万人（ID {typo.pk}）を取り下げました" in out
    # The revision before it counts again: 558 against the 令和5年 target line 536.
    after = tourism(cli_json)
    assert after["latest"]["value"] == 558 and after["rating"] == "A"
    assert after["progress"] == pytest.approx((558 - 476) / (536 - 476))
    listed = cli_json("observe", "list", "--indicator", "tourist-visits")["observations"]
    assert [(o["id"], o["value"], o["current"]) for o in listed] == [
        (typo.pk - 1, 558, True),
        (typo.pk, 5580, False),
    ]
    assert listed[0]["withdrawal"] is None
    assert listed[1]["withdrawal"]["reason"] == REASON
    table = cli("observe", "list", "--indicator", "観光入込客数").stdout
    line = next(x for x in table.splitlines() if "5,580" in x)
    assert "取下" in line and REASON in line and str(typo.pk) in line
    # Kept: the observation row is unchanged, the withdrawal is a row of its own.
    typo.refresh_from_db()
    assert (
        typo.value == 5580
        and Observation.objects.filter(indicator__code="tourist-visits").count() == 2
    )
    entry = AuditEntry.objects.get(action="observation.withdraw")
    assert entry.before["value"] == 5580 and entry.before["counted"] is True
    assert entry.after == {"reason": REASON, "counts_now": entry.after["counts_now"]}
    assert entry.after["counts_now"]["value"] == 558


def test_withdrawing_twice_or_without_reason_is_a_clear_error(typo, cli):
    failed = cli("observe", "withdraw", str(typo.pk), "--reason", " ", ok=False)
    assert failed.exit_code == 2 and "取り下げの理由を書いてください" in failed.output
    assert ObservationWithdrawal.objects.count() == 0
    cli("observe", "withdraw", str(typo.pk), "--reason", REASON)
    again = cli("observe", "withdraw", str(typo.pk), "--reason", "もう一度", ok=False)
    assert again.exit_code == 2
    assert (
        f"実績値 ID {typo.pk}: すでに取り下げられています" in again.output
        and REASON in again.output
    )
    missing = cli("observe", "withdraw", "999999", "--reason", "x", ok=False)
    assert missing.exit_code == 2 and "その実績値はありません" in missing.output
    assert ObservationWithdrawal.objects.count() == 1


def test_observations_and_withdrawals_stay_append_only(typo, plan):
    w = observations.withdraw(plan, typo.pk, REASON, actor=SYSTEM).withdrawal
    with pytest.raises(AppendOnlyError):
        w.delete()
    with pytest.raises(AppendOnlyError):
        ObservationWithdrawal.objects.all().delete()
    for table in (Observation._meta.db_table, ObservationWithdrawal._meta.db_table):
        for sql in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):
            with (
                pytest.raises(DatabaseError, match="append-only"),
                transaction.atomic(),
                connection.cursor() as cur,
            ):
                cur.execute(sql)
    assert ObservationWithdrawal.objects.get().observation_id == typo.pk


def test_the_same_value_can_be_entered_again_and_counts(typo, plan, cli_json):
    observations.withdraw(plan, typo.pk, REASON, actor=SYSTEM)
    wrong = observations.stored(plan, typo.indicator, withdrawn=True)[0]
    again = core.Observation(
        "tourist-visits", 2023, Decimal(5580), wrong.source, wrong.published_on, note="確報"
    )
    assert observations.record(plan, [again], "entry", confirm=True, actor=SYSTEM).added == 1
    assert tourism(cli_json)["latest"]["value"] == 5580


def test_pages_feed_and_downloads(typo, plan, client, client_as, publish):
    publish(2023)
    assert "<del>" not in client.get("/indicators/tourist-visits/").content.decode()  # cached
    observations.withdraw(
        plan, typo.pk, REASON, actor=SYSTEM
    )  # audited, so the page cache moves on
    html = client.get("/indicators/tourist-visits/").content.decode()
    row = html[html.index(f'id="value-{typo.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "<del>5,580</del>" in row and "取り下げ" in row and REASON in row
    chart = json.loads(
        html.split('id="chart-tourist-visits" type="application/json">')[1].split("</script>")[0]
    )
    assert chart["actual"] == [{"x": 2023, "y": 558.0}]
    assert all(p["y"] != 5580 for p in chart["revised"])
    csv = client.get("/indicators/tourist-visits.csv").content.decode("utf-8-sig")
    assert "558" in csv and "5580" not in csv
    root = ElementTree.fromstring(client.get("/feeds/indicators/tourist-visits.atom").content)
    entries = {e.findtext(f"{ATOM}title"): e for e in root.iter(f"{ATOM}entry")}
    withdrawn = entries["観光入込客数 令和5年: 5,580万人 を取り下げ"]
    assert REASON in withdrawn.findtext(f"{ATOM}summary")
    assert "観光入込客数 令和5年: 558万人" in entries
    api = client_as("secretariat").get("/api/evaluation?year=2023").json()
    assert api["indicators"][2]["latest"]["value"] == 558
    listed = client.get("/api/indicators/tourist-visits/observations").json()
    assert [(o["value"], o["current"], (o["withdrawal"] or {}).get("reason")) for o in listed] == [
        (558, True, None),
        (5580, False, REASON),
    ]


@pytest.mark.parametrize("who", ["council", "other_department", "partner"])
def test_who_may_not_record_the_indicator_may_not_withdraw(typo, plan, users, client_as, who):
    with pytest.raises(NotAllowed):
        observations.withdraw(plan, typo.pk, REASON, users[who])
    client = client_as(who)
    url = f"/workspace/indicators/tourist-visits/values/{typo.pk}/withdraw/"
    assert client.post(url, {"reason": REASON}).status_code == 403
    api = client.post(
        f"/api/observations/{typo.pk}/withdraw", {"reason": REASON}, content_type="application/json"
    )
    assert api.status_code == 403
    page = client.get("/workspace/indicators/tourist-visits/?year=2023").content.decode()
    assert "5,580 を取り下げる" not in page
    assert ObservationWithdrawal.objects.count() == 0


@pytest.mark.parametrize("who", ["department", "secretariat"])
def test_the_owning_department_withdraws_in_the_workspace(typo, client_as, who):
    client = client_as(who)
    page = client.get("/workspace/indicators/tourist-visits/?year=2023").content.decode()
    assert "5,580 を取り下げる" in page
    url = f"/workspace/indicators/tourist-visits/values/{typo.pk}/withdraw/"
    client.post(url, {"reason": ""})
    assert ObservationWithdrawal.objects.count() == 0  # the reason is required
    assert client.post(url, {"reason": REASON}).status_code == 302
    page = client.get("/workspace/indicators/tourist-visits/?year=2023").content.decode()
    assert "5,580 を取り下げる" not in page and REASON in page
    assert ObservationWithdrawal.objects.get().withdrawn_by == who
    english = client.get("/en/workspace/indicators/tourist-visits/?year=2023").content.decode()
    # The reason is stored as written (Japanese) and marked so on the English page.
    assert "Withdrawn" in english and f'Reason: <span lang="ja">{REASON}</span>' in english


def test_the_api_withdraws(typo, client, client_as):
    url = f"/api/observations/{typo.pk}/withdraw"
    assert client.post(url, {"reason": REASON}, content_type="application/json").status_code in (
        401,
        403,
    )
    staff = client_as("department")
    assert staff.post(url, {}, content_type="application/json").status_code == 400
    done = staff.post(url, {"reason": REASON}, content_type="application/json")
    assert done.status_code == 200
    assert done.json()["withdrawal"]["reason"] == REASON and done.json()["current"] is False
    again = staff.post(url, {"reason": "x"}, content_type="application/json")
    assert again.status_code == 400 and "すでに取り下げられています" in json.dumps(
        again.json(), ensure_ascii=False
    )
    missing = staff.post(
        "/api/observations/999999/withdraw", {"reason": "x"}, content_type="application/json"
    )
    assert missing.status_code == 404
