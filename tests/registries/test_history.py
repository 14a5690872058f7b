"""The history of a kept place, course or sign comes from its versions (KeptVersion), not
from the audit log; the migration replays the audit log's history into versions once."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps

from shinchoku.appendonly import AppendOnlyError
from shinchoku.audit.models import AuditEntry
from shinchoku.audit.services import actor_name, log
from shinchoku.registries import services
from shinchoku.registries.history import history
from shinchoku.registries.models import KeptVersion, Place

PLACE = {"name": "試験の直売所", "address": "所沢市北野1-2-3", "lat": 35.795, "lng": 139.45,
         "opening": "土・日 9:00〜12:00"}  # fmt: skip


@pytest.fixture
def place(users):
    return services.save_place(users["secretariat"], PLACE)


def test_every_save_and_listing_change_is_a_version(place, users):
    services.save_place(users["secretariat"], {"opening": "毎日 8:00〜17:00"}, place)
    services.save_place(users["secretariat"], {"opening": "毎日 8:00〜17:00"}, place)  # no change
    services.set_listed(users["secretariat"], place, False)
    versions = list(place.versions.all())
    assert len(versions) == 4
    assert versions[0].fields["opening"] == "土・日 9:00〜12:00"
    assert versions[1].fields["opening"] == "毎日 8:00〜17:00"
    assert versions[3].fields["listed"] is False
    shown = history(place)
    assert [(e["added"], e["changes"]) for e in shown] == [
        (False, [("掲載", True, False)]),
        (False, [("営業日・時間", "土・日 9:00〜12:00", "毎日 8:00〜17:00")]),
        (True, []),
    ]
    with pytest.raises(AppendOnlyError):
        versions[0].delete()


def test_the_page_shows_versions_even_without_audit_entries(place, as_user):
    fields = {**place.versions.get().fields, "contact": "04-2998-0000"}
    KeptVersion.objects.create(place=place, fields=fields, actor="someone")  # no audit entry
    assert not AuditEntry.objects.filter(actor="someone").exists()
    page = as_user("secretariat").get(f"/workspace/registries/places/{place.pk}/").content.decode()
    assert "someone" in page and "04-2998-0000" in page


def test_the_migration_replays_the_audit_history_into_versions(db, users):
    row = Place.objects.create(**PLACE)  # kept before versions existed: only audited
    target = f"place {row.pk}"
    log(users["secretariat"], "registries.place.save", target, None, {"name": "試験の直売所"})
    log(users["secretariat"], "registries.place.save", target, {"name": "試験の直売所"},
        {"name": "北野の直売所"})  # fmt: skip
    log(None, "registries.place.listed", target, {"listed": True}, {"listed": False})
    migration = importlib.import_module("shinchoku.registries.migrations.0006_kept_versions")
    migration.replay_audit_log(apps, None)
    assert [v.fields for v in row.versions.all()] == [
        {"name": "試験の直売所", "listed": True},  # listed since the start, as the 3rd says
        {"name": "北野の直売所", "listed": True},
        {"name": "北野の直売所", "listed": False},
    ]
    assert [(e["actor"], e["changes"]) for e in history(row)] == [
        (actor_name(None), [("掲載", True, False)]),
        ("secretariat", [("名称", "試験の直売所", "北野の直売所")]),
        ("secretariat", []),
    ]
