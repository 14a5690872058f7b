"""Registry fixtures: an applicant (a plain user without a staff role) and their applications.

The browser and page fixtures live in tests/conftest.py, shared by every browser test.
"""

from __future__ import annotations

import pytest

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def applicants(users):
    """Two businesses: ``business`` and ``other_business``, with no Profile."""
    from shinchoku.registries.applications import register_applicant

    return {
        name: register_applicant(name, "a-long-test-password-2026")
        for name in ("business", "other_business")
    }


@pytest.fixture
def as_user(client, users, applicants):
    """A test client logged in as a staff user or an applicant (None: anonymous)."""

    def login(name: str | None):
        client.logout()
        if name:
            client.force_login(users.get(name) or applicants[name])
        return client

    return login


PRODUCT = {"name": "テスト特産品", "maker": "テスト製菓", "category": "sweets",
           "story": "市内産の茶葉を使う"}  # fmt: skip


@pytest.fixture
def certified(applicants, users):
    """A product of ``business`` certified on 2024-05-10."""
    import datetime

    from shinchoku.registries import applications

    p = applications.apply_product(applicants["business"], PRODUCT, on=datetime.date(2024, 4, 20))
    applications.review(users["secretariat"], p, "review", on=datetime.date(2024, 4, 25))
    return applications.review(users["secretariat"], p, "approve", on=datetime.date(2024, 5, 10))
