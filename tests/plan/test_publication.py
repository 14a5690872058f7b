"""Publishing a year: one rule for what is public, and a gate before anything becomes so."""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from shinchoku.accounts.permissions import SYSTEM, NotAllowed
from shinchoku.audit.models import AuditEntry
from shinchoku.cycle import publication
from shinchoku.cycle import services as cycle
from shinchoku.observations import services as observations
from shinchoku.observations.models import Observation
from shinchoku.observations.years import newest_data_year
from shinchoku.plan.models import Plan, Publication

TODAY = datetime.date(2026, 12, 1)
SRC = Path(__file__).resolve().parents[2] / "src" / "shinchoku"


def publish_on(plan, year: int, on: datetime.date = TODAY) -> Publication:
    """Publish as the secretariat would after reading the checklist (CLI: no user)."""
    return publication.publish(
        plan, year, publication.checklist(plan, year, on).phrase, on=on, actor=SYSTEM
    )


# --- the rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("published_year", "year", "public"),
    [
        (None, 2019, True),  # before the plan (令和5年度 on): official statistics, public
        (None, 2022, True),
        (None, 2023, False),  # the first round, not published
        (2024, 2023, True),
        (2024, 2024, True),
        (2024, 2025, False),
        (None, None, False),
    ],
)
def test_one_rule_decides_what_is_public(published_year, year, public):
    plan = Plan(period_start=2023, period_end=2027, published_year=published_year)
    assert plan.is_published(year) is public


def test_the_rule_as_a_filter_selects_the_same_rows(plan, publish):
    observations.add(
        plan, {"indicator": "総生産額", "year": "R5", "value": "9200", "source": "s"}, actor=SYSTEM
    )
    observations.add(
        plan, {"indicator": "総生産額", "year": "R6", "value": "9300", "source": "s"}, actor=SYSTEM
    )
    rows = Observation.objects.filter(indicator__plan=plan)
    years = lambda: sorted(plan.published_only(rows).values_list("year", flat=True))  # noqa: E731
    # The shipped history: 2017–2019 (総生産額) and 1991–2009 (従業者数), all before the plan.
    assert years() == [1991, 1996, 2001, 2006, 2009, 2017, 2018, 2019]
    publish(2023)
    assert years()[-1] == 2023 and 2024 not in years()
    assert all(plan.is_published(r.year) == (r.year <= 2023) for r in rows)


def test_no_other_module_compares_the_published_year():
    """The rule lives in Plan.is_published / published_q; nothing else compares the year."""
    comparison = re.compile(
        r"published_year\s*(<|>|or\b)|(<|>)=?\s*[\w.]*published_year|__lte?=[\w.]*published_year"
    )
    stray = [
        f"{path.relative_to(SRC)}:{n}: {line.strip()}"
        for path in SRC.rglob("*.py")
        if path.relative_to(SRC).as_posix() != "plan/models.py" and "migrations" not in path.parts
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if comparison.search(line)
    ]
    assert stray == []


# --- first run --------------------------------------------------------------------------


def test_a_fresh_database_publishes_no_round(plan, client):
    assert plan.published_year is None
    assert not Publication.objects.exists()
    assert not AuditEntry.objects.filter(action="plan.publish").exists()
    html = client.get("/").content.decode()
    assert "最初の評価（令和5年度）はまだ公表されていません" in html
    assert "9,095" in html and "最新値は令和元年度（令和4年8月公表）" in html  # the history
    assert "評価は未公表" in html and "rating-" not in html  # no verdict, not even 評価なし
    assert "/reports/" not in html
    page = client.get("/indicators/gross-product/").content.decode()
    assert "最初の評価（令和5年度）はまだ公表されていません" in page
    assert "8,864" in page and "8,624" in page  # 平成29・30年度, the real history
    assert "9,559" in page  # the final target (令和9年度)
    assert "同じ年の目標線" not in page and "最終年度の予測" not in page  # no verdicts
    assert "案（未公表）" not in page


def test_first_run_pages_feeds_and_reports_work(client, plan):
    feed = client.get("/feeds/plan.atom")
    assert feed.status_code == 200
    titles = [
        e.findtext("{http://www.w3.org/2005/Atom}title")
        for e in ElementTree.fromstring(feed.content).iter("{http://www.w3.org/2005/Atom}entry")
    ]
    assert "総生産額 令和元年度: 9,095億円" in titles
    assert not any("公表" in t for t in titles)
    for url in ("/policies/1/", "/projects/3/", "/methods/", "/en/", "/en/indicators/employees/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/reports/2023.pdf").status_code == 404


def test_the_newest_year_with_a_value_is_where_work_starts(plan, cli_json, client_as):
    assert newest_data_year(plan) == 2019  # 令和元年度 総生産額
    assert cli_json("evaluate")["year"] == 2019
    dashboard = client_as("secretariat").get("/workspace/").content.decode()
    assert '<option value="2019" selected>' in dashboard
    observations.add(
        plan,
        {"indicator": "観光入込客数", "year": "R5", "value": "530", "source": "s"},
        actor=SYSTEM,
    )
    assert newest_data_year(plan) == 2023
    assert cli_json("evaluate")["year"] == 2023


# --- the gate ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "on", "refusal"),
    [
        (2027, TODAY, "令和9年度はまだ終わっていません（2028年3月31日まで）"),
        (2026, TODAY, "令和8年度はまだ終わっていません（2027年3月31日まで）"),
        (2023, datetime.date(2024, 3, 31), "令和5年度はまだ終わっていません"),
        (2022, TODAY, "令和4年度は計画期間（令和5年度～令和9年度）の外です"),
        (2024, TODAY, "令和5年度がまだ公表されていません"),  # no skipping a year
    ],
)
def test_years_that_cannot_be_published(plan, year, on, refusal):
    found = publication.checklist(plan, year, on)
    assert refusal in found.refusal
    with pytest.raises(publication.PublicationError, match=re.escape(refusal)):
        publication.publish(plan, year, found.phrase, on=on, actor=SYSTEM)
    plan.refresh_from_db()
    assert plan.published_year is None and not Publication.objects.exists()
    assert not AuditEntry.objects.filter(action="plan.publish").exists()


def test_the_day_after_the_fiscal_year_ends_it_can_be_published(plan):
    assert publication.checklist(plan, 2023, datetime.date(2024, 4, 1)).refusal is None
    publish_on(plan, 2023, datetime.date(2024, 4, 1))
    assert plan.published_year == 2023


def test_publishing_needs_the_confirmation_that_names_the_year(plan):
    for said in (
        "",
        "令和5年度の結果を公表する",
        "未承認の項目が19件あるまま令和6年度の結果を公表する",
    ):
        with pytest.raises(publication.PublicationError, match="確認が必要です"):
            publication.publish(plan, 2023, said, on=TODAY, actor=SYSTEM)
    assert Plan.objects.get(pk=plan.pk).published_year is None
    publication.publish(
        plan, 2023, "未承認の項目が19件あるまま令和5年度の結果を公表する", on=TODAY, actor=SYSTEM
    )
    assert Plan.objects.get(pk=plan.pk).published_year == 2023


def test_only_the_secretariat_publishes(plan, users):
    phrase = publication.checklist(plan, 2023, TODAY).phrase
    with pytest.raises(NotAllowed):
        publication.publish(plan, 2023, phrase, users["department"], on=TODAY)
    publication.publish(plan, 2023, phrase, users["secretariat"], on=TODAY)
    assert Publication.objects.get().actor == "secretariat"


def test_the_checklist_lists_what_is_open_in_the_round(plan, users):
    round_ = cycle.open_round(plan, 2023, datetime.date(2027, 1, 31), users["secretariat"])
    by_code = {r.indicator.code: r for r in round_.requests.exclude(indicator=None)}
    cycle.move(by_code["gross-product"], "submit", users["department"])
    cycle.move(by_code["gross-product"], "approve", users["secretariat"])
    cycle.move(by_code["tourist-visits"], "submit", users["department"])
    cycle.move(by_code["employees"], "draft", users["department"])
    observations.add(
        plan, {"indicator": "総生産額", "year": "R5", "value": "9200", "source": "s"}, actor=SYSTEM
    )

    found = publication.checklist(plan, 2023, TODAY)
    assert found.round_opened and found.items == 19 and found.refusal is None
    states = [i.state_label for i in found.unapproved]
    assert (
        len(states),
        states.count("未着手"),
        states.count("提出済"),
        states.count("作成中"),
    ) == (
        18,
        16,
        1,
        1,
    )
    first = found.unapproved[0]
    assert (first.item, first.owner, first.state) == (
        "評価指標 製造品出荷額等",
        "産業振興課",
        "not_started",
    )
    assert "重点推進事業7 認定農業者等経営改善推進事業" in {i.item for i in found.unapproved}
    assert [m.name for m in found.missing] == [
        "製造品出荷額等",
        "観光入込客数",
        "市内事業所従業者数",
    ]
    assert found.phrase == "未承認の項目が18件あるまま令和5年度の結果を公表する"

    entry = publication.publish(plan, 2023, found.phrase, users["secretariat"], on=TODAY)
    assert (entry.unapproved, entry.missing, entry.confirmation) == (18, 3, found.phrase)


def test_all_approved_needs_only_the_year(plan, users):
    round_ = cycle.open_round(plan, 2023, datetime.date(2027, 1, 31), users["secretariat"])
    from shinchoku.cycle.models import APPROVED

    round_.requests.update(state=APPROVED)
    assert publication.checklist(plan, 2023, TODAY).phrase == "令和5年度の結果を公表する"


def test_unpublish_needs_a_reason_and_each_act_is_recorded_once(plan, client):
    publish_on(plan, 2023)
    with pytest.raises(publication.PublicationError, match="理由"):
        publication.unpublish(plan, 2023, "  ", actor=SYSTEM)
    with pytest.raises(publication.PublicationError, match="令和6年度は公表されていません"):
        publication.unpublish(plan, 2024, "誤り", actor=SYSTEM)
    publication.unpublish(plan, 2023, "総生産額の値に誤りがあったため", actor=SYSTEM)
    assert Plan.objects.get(pk=plan.pk).published_year is None
    assert AuditEntry.objects.filter(action="plan.publish").count() == 1
    withdrawn = AuditEntry.objects.get(action="plan.unpublish")
    assert withdrawn.before == {"published_year": 2023}
    assert withdrawn.after == {"published_year": None, "reason": "総生産額の値に誤りがあったため"}
    assert [(p.year, p.action, p.reason) for p in Publication.objects.all()] == [
        (2023, "publish", ""),
        (2023, "unpublish", "総生産額の値に誤りがあったため"),
    ]

    publish_on(plan, 2023)  # published again, after the correction
    feed = ElementTree.fromstring(client.get("/feeds/plan.atom").content)
    atom = "{http://www.w3.org/2005/Atom}"
    published = [
        e.findtext(f"{atom}id")
        for e in feed.iter(f"{atom}entry")
        if "公表" in e.findtext(f"{atom}title")
    ]
    assert published == ["shinchoku:publish-2023"]  # one entry for the year, not two


def test_unpublishing_a_year_takes_later_years_back_too(plan):
    publish_on(plan, 2023)
    publish_on(plan, 2024)
    publication.unpublish(plan, 2023, "基準値の見直し", actor=SYSTEM)
    assert plan.published_year is None
    publish_on(plan, 2023)
    assert plan.published_year == 2023 and not plan.is_published(2024)
