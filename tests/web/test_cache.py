"""Public caches hold until something the public sees changes; nothing personal is cached."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from django.test import Client

from shinchoku.accounts.permissions import SYSTEM
from shinchoku.versions import public_data_version

SRC = str(Path(__file__).resolve().parents[2] / "src")
PASSWORD = "a-long-test-password-2026"
PRODUCT = {"name": "狭山茶サブレ", "maker": "所沢製菓", "category": "sweets", "story": "茶葉"}


def _draft_value(plan, users):
    from shinchoku.observations import services

    fields = {"indicator": "tourist-visits", "year": "2024", "value": "600", "source": "速報"}
    services.add(plan, fields, users["department"])


def _published_value(plan, users):
    from shinchoku.observations import services

    services.add(plan, {"indicator": "tourist-visits", "year": "2022", "value": "499",
                        "source": "確報", "published_on": "2025-01-10", "note": "確報で訂正"},
                 users["department"])  # fmt: skip


def _commentary(year):
    def write(plan, users):
        from shinchoku.plan.services import write_commentary

        indicator = plan.indicators.get(code="tourist-visits")
        write_commentary(indicator, year, "所見", users["secretariat"])

    return write


def _signup(plan, users):
    from shinchoku.registries.applications import register_applicant

    register_applicant("newshop", PASSWORD, "shop@example.jp")


def _application(plan, users):
    from shinchoku.registries.applications import apply_product, register_applicant

    apply_product(register_applicant("newshop", PASSWORD), PRODUCT)


def _certification(plan, users):
    from shinchoku.registries import applications

    p = applications.apply_product(applications.register_applicant("newshop", PASSWORD), PRODUCT)
    applications.review(users["secretariat"], p, "review")
    applications.review(users["secretariat"], p, "approve")


def _publish(plan, users):
    import datetime

    from shinchoku.cycle import publication

    on = datetime.date(2026, 12, 1)
    phrase = publication.checklist(plan, 2023, on).phrase
    publication.publish(plan, 2023, phrase, users["secretariat"], on=on)


def _withdrawal(plan, users):
    from shinchoku.observations import services
    from shinchoku.observations.models import Observation

    stored = Observation.objects.filter(year__lte=2022).latest("id")  # a published value
    services.withdraw(plan, stored.pk, "桁の誤り", users["secretariat"])


def _new_user(plan, users):
    from shinchoku.accounts.services import add_user

    add_user("new-clerk", "department", PASSWORD, "sangyo-shinko", actor=SYSTEM)


@pytest.mark.parametrize(
    ("change", "public"),
    [
        (_signup, False),
        (_application, False),
        (_new_user, False),
        (_draft_value, False),  # 2024 is not published (2022 is)
        (_commentary(2024), False),
        (_published_value, True),
        (_commentary(2022), True),
        (_certification, True),
        (_publish, True),
        (_withdrawal, True),
    ],
    ids=lambda v: getattr(v, "__name__", str(v)),
)
def test_the_public_version_moves_only_with_public_data(plan, users, change, public):
    before = public_data_version()
    change(plan, users)
    assert (public_data_version() != before) is public


def test_a_private_change_keeps_pages_and_report_files_cached(client, plan, users, monkeypatch):
    from shinchoku.web.views import public, reports

    page = client.get("/indicators/tourist-visits/")
    report = client.get("/reports/2022.html")
    assert page.status_code == report.status_code == 200

    def fail(*args, **kwargs):
        raise AssertionError("rendered again instead of served from the cache")

    monkeypatch.setattr(public, "_public", fail)
    monkeypatch.setattr(reports, "load_context", fail)
    _signup(plan, users)
    _draft_value(plan, users)
    assert client.get("/indicators/tourist-visits/").content == page.content
    assert client.get("/reports/2022.html").content == report.content
    # an unknown query parameter does not bypass the cache either
    again = client.get("/indicators/tourist-visits/?x=random&utm_source=mail")
    assert again.status_code == 200 and again.content == page.content
    assert b"x=random" not in again.content


def test_a_public_change_is_shown_at_once(client, plan, users):
    assert "499" not in client.get("/indicators/tourist-visits/").content.decode()
    _published_value(plan, users)
    assert "499" in client.get("/indicators/tourist-visits/").content.decode()


def test_declared_parameters_still_filter(client, plan, users):
    _certification(plan, users)
    assert "狭山茶サブレ" in client.get("/brand/?q=サブレ").content.decode()
    assert "狭山茶サブレ" not in client.get("/brand/?q=うどん").content.decode()
    assert "狭山茶サブレ" in client.get("/brand/?q=サブレ&x=1").content.decode()


def test_a_flash_message_is_never_served_to_another_visitor(client, plan):
    stranger = Client()
    assert stranger.get("/brand/").status_code == 200  # the cache is warm
    response = client.post("/signup/", {"username": "newshop", "email": "a@example.jp",
                                        "password1": PASSWORD, "password2": PASSWORD})  # fmt: skip
    assert response.status_code == 302
    mine = client.get("/brand/")
    assert "アカウントを作成しました" in mine.content.decode()  # shown to the business
    assert mine["Cache-Control"] == "private, no-store"
    assert "アカウントを作成しました" not in stranger.get("/brand/").content.decode()
    assert "アカウントを作成しました" not in Client().get("/brand/").content.decode()


def test_a_page_rendered_for_a_signed_in_user_is_not_stored(client_as, plan):
    client_as("secretariat").get("/places/")
    from django.core.cache import cache

    assert not [k for k in cache._cache if ":page:" in k]  # locmem keys: ":1:page:…"
    Client().get("/places/")
    assert [k for k in cache._cache if ":page:" in k]


@pytest.mark.parametrize(
    "path",
    ["/", "/indicators/tourist-visits/", "/methods/", "/brand/", "/places/",
     "/reports/2022.html", "/indicators/tourist-visits.csv", "/places/guide-map.pdf",
     "/api/plan", "/healthz"],
)  # fmt: skip
def test_head_is_answered_where_get_is(client, plan, path):
    response = client.head(path)
    assert response.status_code == 200, path
    assert response.content == b""


def test_the_guide_map_is_built_once(client, plan, monkeypatch):
    from shinchoku.registries import guidemap

    calls = []
    real = guidemap.render_pdf
    monkeypatch.setattr(guidemap, "render_pdf", lambda size="A4": calls.append(size) or real(size))
    first = client.get("/places/guide-map.pdf").content
    _signup(plan, None)
    assert client.get("/places/guide-map.pdf?x=1").content == first
    assert calls == ["A4"] and first.startswith(b"%PDF")


def test_anonymous_api_shows_what_the_public_page_shows(client, client_as, plan, users):
    from shinchoku.observations import services

    services.add(plan, {"indicator": "tourist-visits", "year": "2022", "value": "499",
                        "source": "確報", "published_on": "2025-01-10",
                        "note": "担当者メモ: 県に確認中"}, users["department"])  # fmt: skip
    page = client.get("/indicators/tourist-visits/").content.decode()
    assert "担当者メモ" not in page
    public = client.get("/api/indicators/tourist-visits/observations").json()
    assert public and all("note" not in r for r in public)
    assert {r["value"] for r in public} >= {499}
    staff = client_as("secretariat").get("/api/indicators/tourist-visits/observations").json()
    assert "担当者メモ: 県に確認中" in [r["note"] for r in staff]


def test_the_anonymous_api_does_not_say_who_withdrew_a_value(client, plan, users):
    from shinchoku.observations import services
    from shinchoku.observations.models import Observation

    _published_value(plan, users)
    services.withdraw(plan, Observation.objects.latest("id").pk, "桁の誤り", users["secretariat"])
    page = client.get("/indicators/tourist-visits/").content.decode()
    assert "桁の誤り" in page and "secretariat" not in page
    rows = client.get("/api/indicators/tourist-visits/observations").json()
    (withdrawn,) = [r["withdrawal"] for r in rows if r["withdrawal"]]
    assert withdrawn["reason"] == "桁の誤り" and set(withdrawn) == {"reason", "at"}


def test_the_public_version_is_computed_once_per_data_version(plan, django_assert_num_queries):
    public_data_version()
    with django_assert_num_queries(1):  # MAX(audit id); the fingerprint comes from the cache
        public_data_version()


@pytest.mark.parametrize("path", ["/indicators/tourist-visits/", "/data/"])
def test_a_cached_page_is_never_served_to_another_host(plan, settings, path):
    # The page names its own absolute address (schema.org Dataset): a copy rendered for
    # one host or base URL must not be shown on another.
    settings.ALLOWED_HOSTS = ["a.example.jp", "b.example.jp"]
    first = Client(HTTP_HOST="a.example.jp").get(path).content.decode()
    second = Client(HTTP_HOST="b.example.jp").get(path).content.decode()
    assert "http://a.example.jp/" in first and "b.example.jp" not in first
    assert "http://b.example.jp/" in second and "a.example.jp" not in second
    again = Client(HTTP_HOST="a.example.jp").get(path, secure=True).content.decode()
    assert "https://a.example.jp/" in again  # the scheme is part of the address too


def _another_builder(monkeypatch):
    """Another server process is building every page right now (its lock is held)."""
    from contextlib import contextmanager

    from shinchoku import pagecache

    @contextmanager
    def busy(name):
        yield False

    monkeypatch.setattr(pagecache, "one_builder", busy)


def test_while_another_process_rebuilds_a_page_visitors_get_its_previous_copy(
    client, client_as, plan, users, monkeypatch
):
    path = "/indicators/tourist-visits/"
    before = client.get(path).content.decode()
    assert "499" not in before
    _published_value(plan, users)
    _another_builder(monkeypatch)
    assert client.get(path).content.decode() == before  # served, not built a second time
    assert "499" in client_as("secretariat").get(path).content.decode()  # who changed it waits
    monkeypatch.undo()  # the builder is done: its lock is free
    assert "499" in client.get(path).content.decode()
    _another_builder(monkeypatch)
    assert "499" in client.get(path).content.decode()  # the new copy is now the previous one


def test_a_page_never_built_is_built_even_while_another_process_builds_it(
    client, plan, monkeypatch
):
    _another_builder(monkeypatch)
    response = client.get("/indicators/tourist-visits/")
    assert response.status_code == 200 and "観光入込客数" in response.content.decode()


def test_a_visitor_cannot_fill_the_disk_with_lock_files(client, plan, settings, tmp_path):
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path / "cache"),
    }}  # fmt: skip
    for n in range(5):
        assert client.get(f"/indicators/no-such-{n}/").status_code == 404
    assert client.get("/indicators/tourist-visits/").status_code == 200
    assert list((tmp_path / "cache").glob("*.djcache"))  # the page went to the file cache
    assert not (tmp_path / "cache" / "locks").exists()  # only a rebuild takes a lock


def test_a_page_that_is_gone_leaves_no_previous_copy(client, plan, users, monkeypatch):
    from shinchoku.registries.keeping import set_listed
    from shinchoku.registries.models import Course

    course = Course.objects.create(slug="tea", name_ja="茶畑の道", route={}, length_km="3")
    assert client.get("/courses/tea/").status_code == 200  # stored
    set_listed(users["secretariat"], course, False)
    assert client.get("/courses/tea/").status_code == 404  # the lock was free: built, gone
    _another_builder(monkeypatch)
    assert client.get("/courses/tea/").status_code == 404  # no copy left to serve


def test_the_cache_never_serves_another_databases_page(tmp_path):
    import subprocess
    import sys

    script = (
        "import django, os, sys; os.environ['DJANGO_SETTINGS_MODULE'] = 'shinchoku.settings';"
        "django.setup(); from django.core.cache import cache;"
        "print(cache.get('page:ja:http://x/?')); cache.set('page:ja:http://x/?', sys.argv[1])"
    )
    env = {k: v for k, v in os.environ.items() if "DATABASE_URL" not in k}
    env |= {"SHINCHOKU_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": SRC}
    seen = []
    for db in ("a", "b", "a"):
        url = f"sqlite:///{tmp_path / db}.sqlite3"
        run = subprocess.run([sys.executable, "-c", script, db], capture_output=True, text=True,
                             env=env | {"SHINCHOKU_DATABASE_URL": url}, check=True)  # fmt: skip
        seen.append(run.stdout.strip())
    assert seen == ["None", "None", "a"]  # one folder, two databases: each sees its own only
