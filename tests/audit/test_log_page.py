"""The audit log as the secretariat reads it: in words, filtered, paged, details on demand."""

from __future__ import annotations

import pytest

from shinchoku.audit.labels import action_label, changes
from shinchoku.audit.models import AuditEntry
from shinchoku.audit.services import log

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("observation.add", "実績値：登録"),
        ("plan.publish", "計画：公表"),
        ("cycle.return", "進捗管理の依頼：差戻し"),
        ("registries.shop.approve", "販売協力店：承認"),
        ("registries.goods", "販路支援グッズ：保存"),
        ("output.target", "活動指標：目標値の登録"),
        ("something.new", "something：new"),  # never hidden, even before it has words
    ],
)
def test_action_in_words(code, words):
    assert action_label(code) == words


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ("observation.add", "Actual value: added"),
        ("registries.shop.approve", "Cooperating shop: Approved"),
        ("something.new", "something: new"),
    ],
)
def test_action_in_english_words_with_english_punctuation(code, words):
    from django.utils import translation

    with translation.override("en"):
        assert action_label(code) == words


def test_changes_lists_only_what_changed():
    assert changes(
        {"published_year": 2022, "title": "x"}, {"published_year": 2023, "title": "x"}
    ) == [("published_year", "2022", "2023")]
    assert changes(None, {"role": "council", "recipients": ["a", "b"]}) == [
        ("role", "—", "council"),
        ("recipients", "—", "a、b"),
    ]


def test_page_in_words_with_filters_and_paging(client_as, users):
    secretariat = users["secretariat"]
    for n in range(60):
        log(secretariat, "observation.add", f"観光入込客数 {2000 + n}", None, {"value": n})
    client = client_as("secretariat")
    page = client.get("/workspace/audit/").content.decode()
    assert "実績値：登録" in page and "observation.add" not in page.split("<ol")[1]
    assert "1 / 2 ページ" in page and 'rel="next"' in page
    assert "{&#x27;" not in page  # no raw Python dicts
    only = client.get("/workspace/audit/", {"action": "user.add"}).content.decode()
    assert "利用者：登録" in only and "観光入込客数" not in only.split("<ol")[1]
    item = client.get("/workspace/audit/", {"item": "2059"}).content.decode()
    assert item.split("<ol")[1].count("audit-entry") == 1
    csv = client.get("/workspace/audit/", {"action": "observation.add", "format": "csv"})
    lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 61 and all("observation.add" in x for x in lines[1:])
    assert AuditEntry.objects.filter(action="observation.add").count() == 60


def test_times_in_the_date_form_of_the_other_pages(client_as, users, monkeypatch):
    """令和7年6月30日 14:05 (the site's time zone), as the round's history writes it; English
    pages write 30 Jun 2025 14:05."""
    import datetime

    from django.utils import timezone

    at = datetime.datetime(2025, 6, 30, 5, 5, tzinfo=datetime.UTC)  # 14:05 in Tokyo
    monkeypatch.setattr(timezone, "now", lambda: at)
    log(users["secretariat"], "observation.add", "観光入込客数 2024", None, {"value": 1})
    monkeypatch.undo()
    client = client_as("secretariat")
    page = client.get("/workspace/audit/", {"item": "観光入込客数 2024"}).content.decode()
    assert ">令和7年6月30日 14:05</time>" in page and "2025-06-30 14:05" not in page
    assert 'datetime="2025-06-30T14:05:00+09:00"' in page  # the machine-readable time stays
    english = client.get("/en/workspace/audit/", {"item": "観光入込客数 2024"}).content.decode()
    assert ">30 Jun 2025 14:05</time>" in english


def test_only_the_secretariat(client_as):
    assert client_as("department").get("/workspace/audit/").status_code == 403
