"""List pages of a large plan, one request each with the cache cleared: time and size.

Reads an existing store (it writes nothing): the plan ``--plan`` (default
``national-synthetic``, the plan ``load_web.py`` leaves in its store: 12,750 indicators under
one basic policy, 200,000 observations) must be the store's default plan, as there. A user
``--user`` (default ``sec``, a secretariat) must exist for the workspace pages. Issue #16:
no page may reach gunicorn's 30 s limit however large the plan.

    SHINCHOKU_DATABASE_URL=sqlite:////path/db.sqlite3 SHINCHOKU_SECRET_KEY=x \\
      .venv/bin/python bench/list_pages.py [URL ...]
"""

from __future__ import annotations

import argparse
import os
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("urls", nargs="*")
    parser.add_argument("--plan", default="national-synthetic")
    parser.add_argument("--user", default="sec")
    args = parser.parse_args()
    from shinchoku.cli.store import open_store

    open_store(os.environ["SHINCHOKU_DATABASE_URL"])
    from django.contrib.auth.models import User
    from django.core.cache import cache
    from django.test import Client

    from shinchoku.plan.models import Plan

    row = Plan.objects.get(slug=args.plan)
    policy = row.policies.first().code
    print("policies", row.policies.count(), "indicators", row.indicators.count())
    anonymous, staff = Client(HTTP_HOST="127.0.0.1"), Client(HTTP_HOST="127.0.0.1")
    staff.force_login(User.objects.get(username=args.user))
    urls = args.urls or ["/", f"/policies/{policy}/", "/methods/", "/feeds/plan.atom",
                         "/plans/", "/workspace/", "/workspace/publish/"]  # fmt: skip
    for url in urls:
        client = staff if url.startswith("/workspace") else anonymous
        cache.clear()
        start = time.perf_counter()
        response = client.get(url)
        took = time.perf_counter() - start
        size = len(response.content) / 1e6
        print(f"{url:40} {response.status_code} {took:7.2f} s {size:6.2f} MB", flush=True)


if __name__ == "__main__":
    main()
