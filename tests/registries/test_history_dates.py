"""An application's history gives its dates as the rest of the page does: 令和 in Japanese,
day month year in English — not 2024-04-20 (refs #12)."""

from __future__ import annotations

import datetime

from shinchoku.registries import applications

from .conftest import PRODUCT


def test_the_review_history_writes_its_dates_like_the_page(as_user, applicants, users):
    p = applications.apply_product(applicants["business"], PRODUCT, on=datetime.date(2024, 4, 20))
    applications.review(users["secretariat"], p, "review", on=datetime.date(2024, 5, 10))
    staff = as_user("secretariat").get(f"/workspace/registries/product/{p.pk}/").content.decode()
    assert "令和6年5月10日 secretariat: 審査を始める" in staff
    assert "2024-05-10" not in staff
    own = as_user("business").get(f"/applications/product/{p.pk}/").content.decode()
    assert "令和6年4月20日 business: 申請" in own
