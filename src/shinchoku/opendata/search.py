"""Site search over what the public pages show: plan items, indicators, projects and the
registries' public records, as one prebuilt index per language.

The index is a plain JSON file beside the search page, so the static edition searches it in
the browser with no server; the live site answers ``?q=`` from the same index without
JavaScript. Links are relative to the search page, so a copy served from a sub-path works.
"""

from __future__ import annotations

import posixpath
import unicodedata

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from ..core.i18n import plain
from ..plan.models import Plan
from ..plan.revisions import plan_for_year
from ..registries import rules
from ..registries.maps import localized
from ..registries.models import Course, Place, Product, Shop
from .visibility import shown_plan_year

SNIPPET = 120  # characters of description shown under a result


def fold(text: str) -> str:
    """The form searched: NFKC (全角 ＡＢＣ１２ → ABC12) and case-folded. The page's script
    folds the query the same way (``normalize("NFKC").toLowerCase()``)."""
    return unicodedata.normalize("NFKC", text).casefold()


def _entry(kind: str, title: str, url: str, text: str = "", sample: bool = False) -> dict:
    here = reverse("opendata:search")
    snippet = " ".join(text.split())
    if len(snippet) > SNIPPET:
        snippet = snippet[: SNIPPET - 1] + "…"
    if sample:
        kind = f"{kind}（{_('サンプル')}）"
    return {
        "kind": kind,
        "title": title,
        "url": posixpath.relpath(url, here) + ("/" if url.endswith("/") else ""),
        "text": snippet,
        "match": fold(" ".join((title, text))),
    }


def _plan_entries(row: Plan, lang: str) -> list[dict]:
    plan = plan_for_year(row, shown_plan_year(row))
    out = []
    for p in plan.policies:
        out.append(
            _entry(
                _("基本方針"),
                f"{p.code} {plain(p, 'title', lang)}",
                reverse("web:policy", args=(p.code,)),
                plain(p, "summary", lang),
            )
        )
        for m in p.measures:
            out.append(
                _entry(
                    _("施策の柱"),
                    f"{m.code} {plain(m, 'title', lang)}",
                    reverse("web:measure", args=(m.code,)),
                )
            )
    for i in plan.indicators:
        out.append(
            _entry(
                _("評価指標"),
                plain(i, "name", lang),
                reverse("web:indicator", args=(i.code,)),
                plain(i, "definition", lang),
            )
        )
    for p in plan.projects:
        out.append(
            _entry(
                _("重点推進事業"),
                f"{p.number} {plain(p, 'title', lang)}",
                reverse("web:project", args=(p.number,)),
                plain(p, "summary", lang),
            )
        )
    return out


def _registry_entries(lang: str) -> list[dict]:
    out = []
    for r in Product.objects.filter(state=rules.APPROVED).order_by("name", "pk"):
        name = r.name_en if lang == "en" and r.name_en else r.name
        story = r.description_en if lang == "en" and r.description_en else r.story
        out.append(
            _entry(
                _("特産品"),
                name,
                reverse("registries:product", args=(r.pk,)),
                f"{r.maker} {story}",
                r.is_sample,
            )
        )
    for r in Shop.objects.filter(state=rules.APPROVED).order_by("name", "pk"):
        out.append(
            _entry(
                _("取扱店"),
                r.name,
                reverse("registries:shop", args=(r.pk,)),
                r.address,
                r.is_sample,
            )
        )
    places = reverse("registries:places")
    for r in Place.objects.filter(listed=True).order_by("name", "pk"):
        name = r.name_en if lang == "en" and r.name_en else r.name
        out.append(_entry(_("直売所"), name, f"{places}#place-{r.pk}", r.address, r.is_sample))
    for r in Course.objects.filter(listed=True).order_by("slug"):
        out.append(
            _entry(
                _("おさんぽコース"),
                localized(r, "name", lang),
                reverse("registries:course", args=(r.slug,)),
                localized(r, "description", lang),
                r.is_sample,
            )
        )
    return out


def search_index(row: Plan, lang: str) -> list[dict]:
    """Every searchable item of the public site in ``lang``, in the navigation's order."""
    with translation.override(lang):
        # The registries are the default plan's (docs/plans.md).
        return _plan_entries(row, lang) + (_registry_entries(lang) if row.is_default else [])


def matches(index: list[dict], query: str) -> list[dict]:
    """The entries holding every word of ``query`` (an empty query finds nothing)."""
    words = fold(query).split()
    return [e for e in index if words and all(w in e["match"] for w in words)]
