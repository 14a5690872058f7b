"""Atom feeds: follow the plan or one item; published data only."""

from __future__ import annotations

from xml.etree import ElementTree

from shinchoku.council import services as council
from shinchoku.observations import services as observations

ATOM = "{http://www.w3.org/2005/Atom}"


def titles(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    return [e.findtext(f"{ATOM}title") for e in root.iter(f"{ATOM}entry")]


def test_plan_feed_announces_values_ratings_and_responses(client, plan, users, publish):
    observations.add(
        plan,
        {
            "indicator": "観光入込客数",
            "year": "令和5年",
            "value": "530",
            "source": "令和5年埼玉県観光入込客統計調査",
        },
    )
    op = council.add_opinion(
        plan, 2023, "indicator", "tourist-visits", "夜の観光を", users["council"]
    )
    council.respond(op, "夜間イベントを検討する", "considering", users["secretariat"])
    before = titles(client, "/feeds/plan.atom")
    assert "総生産額 令和元年度: 9,095億円" in before
    assert not any("530" in t for t in before)  # not published yet
    publish(2023)
    after = titles(client, "/feeds/plan.atom")
    assert after[0] == "令和5年度の評価を公表"
    assert "観光入込客数 令和5年: 530万人" in after
    assert "推進会議の意見への対応（検討中）" in after


def test_item_feeds(client, plan):
    entries = titles(client, "/feeds/indicators/employees.atom")
    assert entries and all(t.startswith("市内事業所従業者数") or "公表" in t for t in entries)
    assert client.get("/feeds/indicators/nothing.atom").status_code == 404
    assert client.get("/feeds/projects/10.atom").status_code == 200
    assert client.get("/feeds/projects/99.atom").status_code == 404


def test_pages_link_their_feed(client, plan):
    html = client.get("/indicators/gross-product/").content.decode()
    assert 'type="application/atom+xml"' in html and "/feeds/indicators/gross-product.atom" in html


def test_the_feed_reads_domain_records_not_the_audit_log(client, plan):
    """A publication exists as a Publication row and the plan's published year; the feed
    announces it from those, with no audit entry saying so."""
    from shinchoku.audit.models import AuditEntry
    from shinchoku.plan.models import Plan, Publication

    Plan.objects.filter(pk=plan.pk).update(published_year=2023)
    Publication.objects.create(plan=plan, year=2023, action=Publication.PUBLISH, actor="test")
    assert not AuditEntry.objects.filter(action__startswith="plan.publish").exists()
    assert titles(client, "/feeds/plan.atom")[0] == "令和5年度の評価を公表"
