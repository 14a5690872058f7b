"""No menu item or link is shown to a user who cannot open it: the templates ask the same
permission table (``perms``) as the pages they link to."""

from __future__ import annotations

import re

import pytest

PAGES = ("/workspace/", "/workspace/cycle/", "/workspace/council/", "/workspace/registries/")
LINK = re.compile(r'href="(/workspace/[^"?#]*)')
SKIP = ("/workspace/reports/", ".xlsx")  # downloads: the report pages have their own tests


def links(client) -> set[str]:
    """The workspace links on the pages the user may open."""
    found = set()
    for url in PAGES:
        response = client.get(url)
        if response.status_code == 200:
            found |= set(LINK.findall(response.content.decode()))
    return {u for u in found if not any(s in u for s in SKIP)}


@pytest.mark.parametrize(
    "who", ["secretariat", "department", "other_department", "partner", "council"]
)
def test_every_link_opens(client_as, who):
    client = client_as(who)
    shown = links(client)
    refused = [url for url in sorted(shown) if client.get(url).status_code == 403]
    assert refused == []


def test_menus_differ_by_role(client_as):
    """The check above is not empty: each role sees its own menu."""
    secretariat = links(client_as("secretariat"))
    department = links(client_as("department"))
    council = links(client_as("council"))
    for url in ("/workspace/audit/", "/workspace/users/", "/workspace/publish/",
                "/workspace/reviews/", "/workspace/plan/"):  # fmt: skip
        assert url in secretariat and url not in department and url not in council, url
    assert "/workspace/import/" in department and "/workspace/import/" not in council
