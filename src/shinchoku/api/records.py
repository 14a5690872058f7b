"""The read API's records: what the public pages show, as plain dicts.

Years follow the one publication rule (``Plan.is_published`` / ``published_q``, through the
services the pages call: ``published_sheets``, ``exchanges``); registries show what their
public pages show (certified products, registered shops, listed places, courses and signs),
each marked ``sample`` when it is one of the clearly labelled fictional records. Staff-only
fields (notes on values, who wrote or recorded what, drafts, applications) never appear.
"""

from __future__ import annotations

from typing import Any

from django.utils import translation

from ..core.calendar import fiscal_year_bounds
from ..core.i18n import localized
from ..core.i18n import text as item_text
from ..core.papers import item_name
from ..core.serialize import number
from ..council.services import exchanges
from ..cycle.models import OutputIndicator, OutputValue
from ..cycle.services import published_sheets
from ..plan.models import Plan
from ..plan.revisions import plan_for_year, version_for
from ..plan.services import to_core
from ..registries import rules
from ..registries.models import CATEGORIES, SIGN_KINDS, Course, Place, Product, Shop, Sign

LANGS = ("ja", "en", "zh", "ko")


def _date(d: Any) -> str | None:
    return d.isoformat() if d else None


def _multi(row: Any, field: str) -> dict[str, str]:
    """A registry text in every language it is kept in ({"ja": …, "en": …})."""
    return {c: getattr(row, f"{field}_{c}") for c in LANGS}


def projects(row: Plan, year: int | None, lang: str) -> list[dict[str, Any]]:
    """The priority projects of the plan in force (in ``year``: the version applied then)."""
    plan = plan_for_year(row, year) if year else to_core(row)
    orgs = {o.code: o for o in plan.organisations}

    def org(code: str | None) -> dict[str, str] | None:
        o = orgs.get(code or "")
        return {"code": o.code, "name": item_text(o, "name", lang).text} if o else None

    return [
        {
            "number": p.number,
            "title": item_text(p, "title", lang).text,
            "summary": item_text(p, "summary", lang).text,
            "measures": list(p.measures),
            "lead": org(p.lead),
            "partners": [org(c) for c in p.partners if c in orgs],
        }
        for p in plan.projects
    ]


def sheets(row: Plan, year: int | None, project: int | None, lang: str) -> list[dict[str, Any]]:
    """The approved 事業評価シート of published years, as the project page shows them."""
    plan = localized(to_core(row), lang)
    titles = {p.number: p.title for p in plan.projects}
    found = []
    rows = row.projects.order_by("number")
    if project is not None:
        rows = rows.filter(number=project)
    for p in rows:
        for s in published_sheets(p):
            if year is not None and s.year != year:
                continue
            with translation.override(lang):
                direction = str(s.get_direction_display())
            found.append({
                "project": p.number, "project_title": titles.get(p.number, p.title),
                "year": s.year, "activities": s.activities, "budget": number(s.budget),
                "settled": number(s.settled), "rating": s.rating, "reason": s.reason,
                "issues": s.issues, "direction": s.direction, "direction_label": direction,
            })  # fmt: skip
    return sorted(found, key=lambda s: (-s["year"], s["project"]))


def outputs(row: Plan, year: int | None) -> list[dict[str, Any]]:
    """Each project's output indicators (活動指標) with the latest target and actual of every
    published year (or of ``year``); the note on a value is for staff only."""
    values = row.published_only(OutputValue.objects.filter(output__project__plan=row))
    if year is not None:
        values = values.filter(year=year)
    latest: dict[tuple[int, int, str], Any] = {}
    for v in values.order_by("recorded_at", "id"):  # the later revision wins
        latest[(v.output_id, v.year, v.kind)] = v.value
    found = []
    for o in (
        OutputIndicator.objects.filter(project__plan=row)
        .select_related("project")
        .order_by("project__number", "position", "id")
    ):
        years = sorted({y for (oid, y, _k) in latest if oid == o.pk})
        found.append({
            "id": o.pk, "project": o.project.number, "name": o.name, "unit": o.unit,
            "definition": o.definition,
            "values": [{"year": y, "target": number(latest.get((o.pk, y, "target"))),
                        "actual": number(latest.get((o.pk, y, "actual")))} for y in years],
        })  # fmt: skip
    return found


def opinions(row: Plan, year: int | None, lang: str) -> list[dict[str, Any]]:
    """The council's opinions of published years with the city's latest response."""
    plan = localized(to_core(row), lang)
    found = []
    for e in exchanges(row, public=True):
        o, r = e.opinion, e.response
        if year is not None and o.year != year:
            continue
        with translation.override(lang):
            kind, state = str(o.get_kind_display()), str(r.get_follow_up_display()) if r else ""
        found.append({
            "id": o.pk, "year": o.year, "kind": o.kind, "kind_label": kind,
            "item_kind": o.item_kind, "item_code": o.item_code,
            "item": item_name(plan, o.item_kind, o.item_code, lang), "text": o.text,
            "written_on": _date(e.written_on),
            "response": {"text": r.text, "follow_up": r.follow_up, "follow_up_label": state,
                         "reason": r.reason, "written_on": _date(r.written_at.date())}
            if r else None,
        })  # fmt: skip
    return found


def plan_versions(row: Plan, year: int | None) -> list[dict[str, Any]]:
    """Every version of the plan (withdrawn ones with the reason); with ``year``, the one
    applied to that year."""
    versions = row.versions.select_related("withdrawal").order_by("number")
    if year is not None:
        applied = version_for(row, year)
        versions = versions.filter(pk=applied.pk if applied else None)
    found = []
    for v in versions:
        w = getattr(v, "withdrawal", None)
        found.append({
            "number": v.number, "valid_from": v.valid_from, "reason": v.reason,
            "meeting": v.meeting, "in_force": w is None,
            "withdrawal": {"reason": w.reason, "on": _date(w.withdrawn_at.date())} if w else None,
        })  # fmt: skip
    return found


def _labels(choices: list, lang: str) -> dict[str, str]:
    with translation.override(lang):
        return {code: str(label) for code, label in choices}


def _in_year(rows: Any, field: str, year: int | None) -> Any:
    """Rows whose date ``field`` falls in fiscal ``year`` (all rows without one)."""
    if year is None:
        return rows
    start, end = fiscal_year_bounds(year)
    return rows.filter(**{f"{field}__gte": start, f"{field}__lte": end})


def products(year: int | None, lang: str) -> list[dict[str, Any]]:
    """Certified brand products (in ``year``: certified in that fiscal year)."""
    labels = _labels(CATEGORIES, lang)
    rows = _in_year(Product.objects.filter(state=rules.APPROVED), "certified_on", year)
    return [
        {"id": p.pk, "number": p.number, "name": p.name, "name_en": p.name_en, "maker": p.maker,
         "category": p.category, "category_label": labels.get(p.category, ""), "story": p.story,
         "description_en": p.description_en, "contact": p.contact,
         "certified_on": _date(p.certified_on), "sample": p.is_sample}
        for p in rows.order_by("number", "id")
    ]  # fmt: skip


def shops(year: int | None) -> list[dict[str, Any]]:
    """Registered shops and the certified products they sell (in ``year``: registered then)."""
    rows = _in_year(Shop.objects.filter(state=rules.APPROVED), "registered_on", year)
    certified = set(Product.objects.filter(state=rules.APPROVED).values_list("pk", flat=True))
    return [
        {"id": s.pk, "number": s.number, "name": s.name, "address": s.address, "hours": s.hours,
         "phone": s.phone, "lat": s.lat, "lng": s.lng, "registered_on": _date(s.registered_on),
         "products": sorted(p.pk for p in s.products.all() if p.pk in certified),
         "sample": s.is_sample}
        for s in rows.prefetch_related("products").order_by("number", "id")
    ]  # fmt: skip


def places() -> list[dict[str, Any]]:
    """The listed farm direct-sales places with their seasonal produce."""
    return [
        {"id": p.pk, "name": p.name, "name_en": p.name_en, "address": p.address, "lat": p.lat,
         "lng": p.lng, "opening": p.opening, "contact": p.contact,
         "produce": {s: getattr(p, f"produce_{s}") for s in ("spring", "summer", "autumn",
                                                            "winter")},
         "sample": p.is_sample}
        for p in Place.objects.filter(listed=True).order_by("name", "id")
    ]  # fmt: skip


def courses() -> list[dict[str, Any]]:
    """The listed walking courses with their route (GeoJSON, [lng, lat]) and points."""
    rows = Course.objects.filter(listed=True).prefetch_related("points").order_by("slug")
    return [
        {"slug": c.slug, "name": _multi(c, "name"), "description": _multi(c, "description"),
         "length_km": number(c.length_km), "route": c.route,
         "points": [{"position": n, "name": _multi(p, "name"), "lat": p.lat, "lng": p.lng}
                    for n, p in enumerate(c.points.all(), 1)],
         "sample": c.is_sample}
        for c in rows
    ]  # fmt: skip


def signs(year: int | None, lang: str) -> list[dict[str, Any]]:
    """The listed signs of listed courses (in ``year``: installed that fiscal year)."""
    labels = _labels(SIGN_KINDS, lang)
    rows = Sign.objects.filter(listed=True, course__listed=True).select_related("course")
    if year is not None:
        rows = rows.filter(installed_year=year)
    return [
        {"id": s.pk, "course": s.course.slug, "kind": s.kind,
         "kind_label": labels.get(s.kind, ""), "label": _multi(s, "label"), "lat": s.lat,
         "lng": s.lng, "installed_year": s.installed_year, "languages": list(s.language_codes),
         "sample": s.is_sample}
        for s in rows.order_by("course__slug", "installed_year", "id")
    ]  # fmt: skip
