"""Shared fixtures: the built-in plan in the test database, a CLI runner against it."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

# An import run by the ``cli`` fixture would lower the priority of the whole test process
# (``cli.common.batch_work``); with other test processes on the cores it then crawled (a
# 0.4 s refusal took 11 s). The test of the lowering sets it back.
os.environ["SHINCHOKU_IMPORT_NICENESS"] = "0"


def _load_builtin_plan():
    """The built-in plan with its published history, as a fresh database gets it."""
    from shinchoku.observations.services import load_history
    from shinchoku.plan.services import load_builtin

    row = load_builtin()
    load_history(row)
    return row


# pytest-xdist (scripts/test runs ``-n 2 --dist loadscope``) hands out whole scopes: a module,
# so its module-scoped fixtures (a live server, a rendered file) are built once; a folder whose
# conftest builds something costly per session (tests/reports renders every format once); and
# the role journeys one width at a time (their server is per width), so both widths run at once.
ONE_WORKER_FOLDERS = ("tests/reports/",)
PER_PARAMETER_MODULES = ("tests/browser/test_role_journeys.py",)


def scope_of(nodeid: str) -> str:
    """The unit of work a test belongs to under ``--dist loadscope``."""
    module, _, name = nodeid.partition("::")
    if module.startswith(ONE_WORKER_FOLDERS):
        return module.rsplit("/", 1)[0]
    if module in PER_PARAMETER_MODULES and name.endswith("]"):
        return module + "[" + name.rsplit("[", 1)[1]
    return module


DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


def uses_database(item: pytest.Item) -> bool:
    """Whether a test reaches the database: itself, through any fixture it depends on, or
    through a fixture of ours that unblocks it (``django_db_blocker``)."""
    if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())) or item.get_closest_marker(
        "django_db"
    ):
        return True
    defs = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    return any(
        "django_db_blocker" in d.argnames and "pytest_django" not in str(d.func.__module__)
        for chain in defs.values()
        for d in chain
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """With SHINCHOKU_TEST_DATABASE_ONLY=1 (scripts/test's second, PostgreSQL pass) only the
    tests that reach the database: the others run the same on either pass. In a pytest-xdist
    worker, the browser tests first: the longest scopes start at once rather than last."""
    if os.environ.get("SHINCHOKU_TEST_DATABASE_ONLY") == "1":
        kept = [item for item in items if uses_database(item)]
        config.hook.pytest_deselected(items=[item for item in items if not uses_database(item)])
        items[:] = kept
    if hasattr(config, "workerinput"):
        items.sort(key=lambda item: item.get_closest_marker("browser") is None)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """``--dist loadscope`` with the scopes of :func:`scope_of`, in collection order."""
    if config.getoption("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    config.option.loadscopereorder = False  # not biggest scope first: the browser tests first

    class Scheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scope_of(nodeid)

    return Scheduling(config, log)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the built-in plan once per run into the test database; each test then runs
    inside a transaction that is rolled back, so every test starts from the same state."""
    with django_db_blocker.unblock():
        _load_builtin_plan()


@pytest.fixture
def plan(db):
    """The built-in plan with its published history, as a fresh database gets it."""
    from shinchoku.plan.models import Plan

    return Plan.objects.order_by("pk").first() or _load_builtin_plan()


@pytest.fixture
def extra_indicators(plan, users, tmp_path) -> Callable[[int], object]:
    """``add(n)``: the built-in plan revised (from 2018) with ``n`` more monitoring indicators
    extra-000 … under basic policy 1 (追加指標000 …, 件, baselines 100 …): a plan larger than
    a page."""
    from shinchoku.ingest.plan_file import plan_file_text
    from shinchoku.plan.builtin import plan_text
    from shinchoku.plan.revisions import revise

    header = (
        "policy,code,name,unit,source,period_kind,direction,baseline_year,baseline_value,kind\n"
    )

    def add(n: int) -> object:
        rows = "".join(
            f"1,extra-{k:03d},追加指標{k:03d},件,調査,fiscal,increase,2021,{100 + k},monitoring\n"
            for k in range(n)
        )
        (tmp_path / "extra.csv").write_text(header + rows, encoding="utf-8")
        path = tmp_path / "plan.yaml"
        path.write_text(plan_text() + "\nseries: extra.csv\n", encoding="utf-8")
        revise(plan, plan_file_text(path), 2018, "指標の追加", actor=users["secretariat"])
        return plan

    return add


@pytest.fixture
def publish(plan) -> Callable[[int], None]:
    """Publish fiscal years up to ``year`` through the gate, in order, confirming each
    checklist as the secretariat would (judged on 2026-12-01)."""
    import datetime

    from shinchoku.accounts.permissions import SYSTEM
    from shinchoku.cycle import publication

    def run(year: int) -> None:
        on = datetime.date(2026, 12, 1)
        start = plan.period_start if plan.published_year is None else plan.published_year + 1
        for y in range(start, year + 1):
            publication.publish(
                plan, y, publication.checklist(plan, y, on).phrase, on=on, actor=SYSTEM
            )

    return run


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Password hashing is slow by design; tests only need it to work."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _upload_dir(settings, tmp_path_factory):
    """Uploads kept for a preview go to a folder of the test's own, never the working directory."""
    settings.SHINCHOKU_UPLOAD_DIR = str(tmp_path_factory.mktemp("uploads"))


@pytest.fixture(autouse=True)
def _japanese_locale(monkeypatch):
    """Tests expect the CLI's default language, Japanese: an English locale on the machine
    running them (LANG=en_US.UTF-8) would switch it (cli/language.py)."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(name, "").lower().startswith("en"):
            monkeypatch.setenv(name, "C.UTF-8")


@pytest.fixture(autouse=True)
def _japanese_after():
    """A request to /en/ leaves English active in the thread; the next test starts in Japanese."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Page caches are keyed by the data version, which a rolled-back test can reuse."""
    from django.core.cache import cache

    cache.clear()


ROLE_USERS = {
    # name: (role, organisation code)
    "secretariat": ("secretariat", None),
    "department": ("department", "sangyo-shinko"),  # owns the four indicators
    "other_department": ("department", "nogyo-shinko"),  # owns none of them
    "partner": ("partner", "tokorozawa-cci"),
    "council": ("council", None),
}


@pytest.fixture
def users(plan) -> dict:
    """One user per role (and a department that owns nothing), by name."""
    from shinchoku.accounts.permissions import SYSTEM
    from shinchoku.accounts.services import add_user

    return {
        name: add_user(name, role, "a-long-test-password-2026", org, actor=SYSTEM)
        for name, (role, org) in ROLE_USERS.items()
    }


@pytest.fixture
def client_as(client, users):
    """A test client logged in as the named user (None: anonymous)."""

    def login(name: str | None):
        client.logout()
        if name:
            client.force_login(users[name])
        return client

    return login


@pytest.fixture
def cli(db) -> Callable[..., Result]:
    """Run ``shinchoku ARGS`` in-process against the test database."""
    from shinchoku.cli import main

    def run(*args: str, ok: bool = True) -> Result:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return run


@pytest.fixture
def cli_json(cli) -> Callable[..., object]:
    """Run a command with ``--format json`` and parse what it printed."""

    def run(*args: str) -> object:
        return json.loads(cli(*args, "--format", "json").stdout)

    return run


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser():
    """Headless Debian Chromium driven by Playwright (never a downloaded browser), one per
    module: in a pytest-xdist worker, Django refuses database work while Playwright's event
    loop lives (SynchronousOnlyOperation), so it must end before the next module's tests."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page; console errors are collected on ``page.errors``."""
    context = browser.new_context(locale="ja-JP", accept_downloads=True)
    page = context.new_page()
    page.errors = []
    page.on("console", lambda m: page.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()
