"""The audit log with bulk imports (QA: 50 import entries of 1,000 values made a 15 MB page):
each entry shows its first changes and counts the rest, its own page shows them all, paged;
page links above and below; blank filter fields redirect like /plans/."""

from __future__ import annotations

import re

import pytest

from shinchoku.audit.labels import change_count, changes
from shinchoku.audit.services import log
from shinchoku.audit.views import CHANGES_PAGE, PAGE_SIZE, SHOWN_CHANGES

pytestmark = pytest.mark.django_db


def _obs(n: int, value: float, note: str = "") -> dict[str, object]:
    return {
        "indicator": f"m{n:04d}-i00",
        "year": 2019,
        "value": value,
        "source": "合成",
        "note": note,
    }


def _import(actor, name: str = "ux.csv", rows: int = 1000) -> None:
    """An import entry as observations.services writes it: ``rows`` revisions."""
    log(
        actor,
        "observation.import",
        name,
        {"revised": [_obs(n, 5.0 + n, f"r{n}") for n in range(rows)]},
        {
            "kind": "csv",
            "added": rows,
            "unchanged": 0,
            "revisions": rows,
            "values": [_obs(n, 123.0) for n in range(rows)],
            "confirmed_changes": [],
        },
    )


def test_an_import_reads_one_change_a_revised_value():
    before = {"revised": [_obs(1, 5.5, "r1")]}
    after = {
        "kind": "csv",
        "values": [_obs(1, 123.0)],
        "confirmed_changes": ["x は前年 y の 3.0 倍です"],
    }
    assert changes(before, after) == [
        ("kind", "—", "csv"),
        ("m0001-i00 2019", "value: 5.5、note: r1", "value: 123.0、note: "),
        ("confirmed_changes", "—", "x は前年 y の 3.0 倍です"),
    ]
    assert change_count(before, after) == 3
    assert changes(before, after, 1) == [("kind", "—", "csv")]


def test_an_entry_of_1000_changes_shows_10_and_the_count(client_as, users):
    _import(users["secretariat"])
    assert SHOWN_CHANGES == 10
    page = client_as("secretariat").get("/workspace/audit/").content.decode()
    entry = page.split('<li class="audit-entry">')[1]
    assert entry.count('<tr><th scope="row">') == 10
    assert "（全1,004件）" in entry  # kind, added, unchanged, revisions + 1,000 values
    assert "ほかに 994件の変更があります。" in entry
    link = re.search(r'href="(/workspace/audit/(\d+)/)"', entry)
    assert link and "m0005-i00 2019" in entry and "m0006-i00 2019" not in entry


def test_a_page_of_50_imports_stays_small(client_as, users):
    for n in range(PAGE_SIZE):
        _import(users["secretariat"], f"f{n}.csv")
    response = client_as("secretariat").get("/workspace/audit/")
    body = response.content.decode()
    assert body.count('<li class="audit-entry">') == 50
    assert body.count('<tr><th scope="row">') == 500
    assert len(response.content) < 200_000  # was 50 × ~300 KB (15 MB on QA's copy)


def test_the_entry_page_shows_every_change_in_pages(client_as, users):
    _import(users["secretariat"])
    client = client_as("secretariat")
    pk = re.search(r'/workspace/audit/(\d+)/"', client.get("/workspace/audit/").content.decode())[1]
    seen = []
    for number in range(1, 12):
        address = f"/workspace/audit/{pk}/" + (f"?page={number}" if number > 1 else "")
        page = client.get(address).content.decode()
        seen += re.findall(r'<tr><th scope="row">([^<]+)</th>', page)
    assert CHANGES_PAGE == 100 and len(seen) == 1004 and len(set(seen)) == 1004
    last = client.get(f"/workspace/audit/{pk}/?page=11").content.decode()
    assert "変更 全1,004件のうち1,001–1,004" in last and 'rel="next"' not in last
    assert client.get(f"/workspace/audit/{pk}/?page=12").status_code == 302  # beyond: the last
    assert client.get("/workspace/audit/999999/").status_code == 404
    assert client_as("department").get(f"/workspace/audit/{pk}/").status_code == 403


def test_page_links_above_and_below_with_distinct_names(client_as, users):
    for n in range(PAGE_SIZE + 1):
        log(users["secretariat"], "observation.add", f"観光入込客数 {n}", None, {"value": n})
    page = client_as("secretariat").get("/workspace/audit/?page=2").content.decode()
    labels = re.findall(r'<nav class="pager[^"]*" aria-label="([^"]+)"', page)
    assert labels == ["監査ログのページ（上）", "監査ログのページ（下）"]
    top, bottom = page.index("（上）"), page.index("（下）")
    assert top < page.index('<ol class="audit-list">') < bottom
    assert page.count('rel="prev">新しい記録</a>') == 2 and 'rel="next"' not in page
    english = client_as("secretariat").get("/en/workspace/audit/").content.decode()
    assert "Audit log pages (top)" in english and "Audit log pages (bottom)" in english


@pytest.mark.parametrize(
    ("asked", "canonical"),
    [
        ("?actor=&action=&item=&since=&until=", "/workspace/audit/"),
        ("?actor=&action=&item=&since=&until=&page=2", "/workspace/audit/?page=2"),
        ("?actor=sec&action=&item=+&since=2026-13-01&until=", "/workspace/audit/?actor=sec"),
        ("?item=+x+&format=csv&since=", "/workspace/audit/?item=x&format=csv"),
    ],
)
def test_blank_filter_fields_redirect_to_the_filters_in_force(client_as, users, asked, canonical):
    for n in range(PAGE_SIZE + 1):
        log(users["secretariat"], "observation.add", f"x {n}", None, {"value": n})
    client = client_as("secretariat")
    response = client.get("/workspace/audit/" + asked)
    assert (response.status_code, response["Location"]) == (301, canonical)
    assert client.get(canonical).status_code == 200


def test_the_english_log_and_entry_page_mark_their_japanese(client_as, users):
    from shinchoku.web.langcheck import unmarked_japanese

    _import(users["secretariat"], "取込み.csv")
    client = client_as("secretariat")
    log_page = client.get("/en/workspace/audit/").content.decode()
    pk = re.search(r'/workspace/audit/(\d+)/"', log_page)[1]
    entry = client.get(f"/en/workspace/audit/{pk}/").content.decode()
    assert "(1,004 in all)" in log_page and "994 more changes." in log_page
    assert "Changes 1–100 of 1,004" in entry and "Pages of the changes (top)" in entry
    pieces = [p for page in (log_page, entry) for p in unmarked_japanese(page)]
    assert [p for p in pieces if not p.startswith("<title>")] == []


def test_the_first_rows_do_not_depend_on_the_stored_key_order():
    """PostgreSQL's jsonb gives keys back by length ("values" before "unchanged"): the one-
    value fields still come first, so every database shows the same first rows."""
    written = {"kind": "csv", "added": 3, "unchanged": 0, "revisions": 3,
               "values": [_obs(n, 123.0) for n in range(3)]}  # fmt: skip
    jsonb = {k: written[k] for k in ("kind", "added", "values", "unchanged", "revisions")}
    before = {"revised": [_obs(n, 5.0, "r") for n in range(3)]}
    fields = [row[0] for row in changes(before, jsonb, 5)]
    assert fields == ["kind", "added", "unchanged", "revisions", "m0000-i00 2019"]
    assert changes(before, jsonb) == changes(before, written)
