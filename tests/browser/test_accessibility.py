"""axe-core (from the npm package) on every public page type: no serious or critical issue."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import login

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "/",
    "/policies/3/",
    "/indicators/gross-product/",
    "/projects/10/",
    "/methods/",
    "/data/",
    "/search/?q=観光",
    "/login/",
    "/password-reset/",
    "/en/",
    "/en/indicators/employees/",
]
WORKSPACE = ["/workspace/", "/workspace/indicators/gross-product/", "/workspace/import/"]
SECRETARIAT = ["/workspace/", "/workspace/users/", "/workspace/cycle/remind/", "/account/password/"]


def violations(page) -> list[str]:
    # evaluate() runs outside the page's CSP, which forbids injected scripts (rightly).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return run_axe(page)


def run_axe(page) -> list[str]:
    """The serious and critical violations axe-core (already in the page) finds."""
    result = page.evaluate(
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})"
    )
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("path", PAGES)
def test_public_pages(page, server, path):
    assert AXE.exists(), "run scripts/setup (npm install brings axe-core)"
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    assert violations(page) == []
    assert page.errors == []  # no CSP violation or script error either


def test_workspace_pages(page, server):
    login(page, server, "department")
    for path in WORKSPACE:
        page.goto(server + path)
        assert violations(page) == [], path


def test_secretariat_pages_at_desktop_and_phone_width(page, server):
    login(page, server, "secretariat")
    for width in (1366, 390):
        page.set_viewport_size({"width": width, "height": 900})
        for path in SECRETARIAT:
            page.goto(server + path)
            assert violations(page) == [], (width, path)
            # Wide tables scroll inside themselves; the page never does.
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (width, path)


# Public pages QA found wider than a phone: an English facts list, the cross-plan tables.
PHONE = [
    "/en/indicators/gross-product/",
    "/en/indicators/tourist-visits/",
    "/plans/",
    "/en/plans/",
    "/plans/compare/gross-product/",
    "/data/",
    "/methods/",
]
# A box that scrolls sideways must be reachable by keyboard and named (WCAG 2.1 AA).
UNNAMED_SCROLLERS = """() => [...document.querySelectorAll('body *')]
    .filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'auto')
    .filter((e) => !(e.tabIndex === 0 && e.getAttribute('role') === 'region'
        && (e.getAttribute('aria-label') || e.getAttribute('aria-labelledby'))))
    .map((e) => e.outerHTML.slice(0, 80))"""


def test_public_pages_at_phone_width(page, server):
    """At 390 px no page scrolls sideways: a facts list stacks, a wide table scrolls in a
    named region of its own that the keyboard reaches."""
    page.set_viewport_size({"width": 390, "height": 900})
    scrolled = 0
    for path in PHONE:
        page.goto(server + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        assert page.evaluate(UNNAMED_SCROLLERS) == [], path
        scrolled += page.evaluate(
            "[...document.querySelectorAll('.table-scroll')]"
            ".filter((e) => e.scrollWidth > e.clientWidth + 1).length"
        )
    assert scrolled >= 4  # the tables of /plans/ (2), the comparison and /data/ do scroll


def test_the_checker_does_find_violations(page, server):
    page.goto(server + "/methods/")
    page.evaluate("document.querySelector('h1').style.color = '#eee'")  # fails contrast
    assert any(v.startswith("color-contrast") for v in violations(page))
