"""What search engines read: the list of public pages for ``sitemap.xml``, and ``robots.txt``.

Every public page is listed in Japanese (at /) with its English twin (at /en/) as an
``hreflang`` alternate, and a visitor page also in Simplified Chinese and Korean where it
is offered in them (registries/visitors.py); the SAMPLE registry records are fictional and
are not listed.
"""

from __future__ import annotations

import datetime
from xml.sax.saxutils import escape, quoteattr

from django.urls import reverse
from django.utils import translation

from ..plan.models import Plan
from ..plan.revisions import plan_for_year
from ..registries import rules
from ..registries.models import Course, Product, Shop
from ..registries.visitors import offered
from .visibility import shown_plan_year

LANGS = ("ja", "en")
# Pages no crawler should index: the workspace, sign-in, applications, the admin.
PRIVATE = ("web:workspace", "web:login", "web:after-login", "registries:signup",
           "registries:my", "admin:index")  # fmt: skip


def public_pages(row: Plan) -> list[tuple[str, tuple]]:
    """Every public page as (URL name, arguments), in the order of the site's navigation."""
    plan = plan_for_year(row, shown_plan_year(row))
    pages: list[tuple[str, tuple]] = [("web:home", ()), ("web:methods", ()),
                                      ("web:plan-versions", ()), ("opendata:data", ()),
                                      ("opendata:search", ())]  # fmt: skip
    pages += [("web:policy", (p.code,)) for p in plan.policies]
    pages += [("web:measure", (m.code,)) for p in plan.policies for m in p.measures]
    pages += [("web:indicator", (i.code,)) for i in plan.indicators]
    pages += [("web:project", (p.number,)) for p in plan.projects]
    if not row.is_default:  # the registries are the default plan's (docs/plans.md)
        return pages
    products = Product.objects.filter(state=rules.APPROVED, is_sample=False).order_by("pk")
    shops = Shop.objects.filter(state=rules.APPROVED, is_sample=False).order_by("pk")
    courses = Course.objects.filter(listed=True, is_sample=False).order_by("slug")
    pages += [("registries:catalogue", ())]
    pages += [("registries:product", (pk,)) for pk in products.values_list("pk", flat=True)]
    pages += [("registries:shops", ())]
    pages += [("registries:shop", (pk,)) for pk in shops.values_list("pk", flat=True)]
    pages += [("registries:places", ()), ("registries:courses", ())]
    pages += [("registries:course", (s,)) for s in courses.values_list("slug", flat=True)]
    return pages


def _paths(name: str, args: tuple) -> dict[str, str]:
    out = {}
    for code in LANGS:
        with translation.override(code):
            out[code] = reverse(name, args=args)
    return out


def _offered_paths(name: str, args: tuple) -> dict[str, str]:
    """The page's path in each language it is offered in (ja and en, and zh-hans and ko for
    a visitor page)."""
    codes = offered(name, {"slug": args[0]} if name == "registries:course" else {})
    out = {}
    for code in codes:
        with translation.override(code):
            out[code] = reverse(name, args=args)
    return out


def sitemap(row: Plan, absolute, updated: datetime.date | None) -> str:
    """The sitemap XML; ``absolute`` turns a path into a full URL."""
    lastmod = f"<lastmod>{updated.isoformat()}</lastmod>" if updated else ""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for name, args in public_pages(row):
        paths = {code: absolute(path) for code, path in _offered_paths(name, args).items()}
        links = "".join(
            f'<xhtml:link rel="alternate" hreflang="{code}" href={quoteattr(url)}/>'
            for code, url in [*paths.items(), ("x-default", paths["ja"])]
        )
        for url in paths.values():
            lines.append(f"<url><loc>{escape(url)}</loc>{lastmod}{links}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots(sitemap_url: str) -> str:
    """robots.txt: everything public may be crawled; the workspace and sign-in may not."""
    lines = ["User-agent: *"]
    for name in PRIVATE:
        for path in _paths(name, ()).values():
            lines.append(f"Disallow: {path}")
    lines += ["Allow: /", "", f"Sitemap: {sitemap_url}"]
    return "\n".join(dict.fromkeys(lines)) + "\n"
