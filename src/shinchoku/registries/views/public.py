"""Public pages of the registries: anonymous; only what is certified, registered or listed."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from ...pagecache import cached_page
from ...versions import cached
from .. import guidemap, maps, rules
from ..applications import visible
from ..forms import CatalogueFilter
from ..models import Course, Photo, Place, Product, Shop

SEASONS = ("spring", "summer", "autumn", "winter")


def _certified():
    return Product.objects.filter(state=rules.APPROVED)


def _registered():
    return Shop.objects.filter(state=rules.APPROVED)


@require_safe
@cached_page(params=("q", "category"))
def catalogue(request: HttpRequest) -> HttpResponse:
    """The certified brand products, searchable and filtered by category."""
    form = CatalogueFilter(request.GET or None)
    products = _certified().prefetch_related("photos").order_by("name")
    if form.is_valid():
        if q := form.cleaned_data["q"].strip():
            products = products.filter(
                Q(name__icontains=q) | Q(maker__icontains=q) | Q(story__icontains=q)
                | Q(name_en__icontains=q)
            )  # fmt: skip
        if category := form.cleaned_data["category"]:
            products = products.filter(category=category)
    products = list(products)
    return render(request, "registries/catalogue.html", {
        "form": form, "products": products, "filtered": bool(request.GET),
        "sample": any(p.is_sample for p in products),
    })  # fmt: skip


@require_safe
@cached_page
def product(request: HttpRequest, pk: int) -> HttpResponse:
    """A certified product: what it is, its certification, and where to buy it."""
    found = get_object_or_404(_certified().prefetch_related("photos"), pk=pk)
    shops = list(found.shops.filter(state=rules.APPROVED).order_by("name"))
    return render(request, "registries/product.html", {
        "product": found, "shops": shops, "sample": found.is_sample,
        "map": maps.map_data(_shop_markers(shops)),
    })  # fmt: skip


@require_safe
def photo(request: HttpRequest, pk: int, photo: int) -> HttpResponse:
    """A product photo: public once certified, else only to its applicant and the secretariat."""
    found = get_object_or_404(Photo, pk=photo, product_id=pk)
    shown = (
        _certified().filter(pk=pk).exists()
        or visible(request.user, Product.objects.filter(pk=pk)).exists()
    )
    if not shown:
        raise Http404
    response = HttpResponse(bytes(found.data), content_type=found.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _shop_markers(shops: list[Shop]) -> list[dict]:
    return [
        maps.marker(i, s.lat, s.lng, s.name, reverse("registries:shop", args=[s.pk]))
        for i, s in enumerate(shops, 1)
        if s.lat is not None and s.lng is not None
    ]


@require_safe
@cached_page
def shops(request: HttpRequest) -> HttpResponse:
    """The registered 販売協力店 on a map and as a list, with what each sells."""
    found = list(
        _registered().order_by("name").prefetch_related(
            Prefetch("products", queryset=_certified().order_by("name"))
        )
    )  # fmt: skip
    return render(request, "registries/shops.html", {
        "shops": found, "map": maps.map_data(_shop_markers(found)),
        "sample": any(s.is_sample for s in found),
    })  # fmt: skip


@require_safe
@cached_page
def shop(request: HttpRequest, pk: int) -> HttpResponse:
    """A registered shop: address, hours, the certified products it carries."""
    found = get_object_or_404(_registered(), pk=pk)
    products = list(found.products.filter(state=rules.APPROVED).order_by("name"))
    return render(request, "registries/shop.html", {
        "shop": found, "products": products, "sample": found.is_sample,
        "map": maps.map_data(_shop_markers([found])),
    })  # fmt: skip


@require_safe
@cached_page
def places(request: HttpRequest) -> HttpResponse:
    """The farm direct-sales places: map, list with seasonal produce, the guide map PDF."""
    found = list(Place.objects.filter(listed=True).order_by("name", "id"))
    markers = [maps.marker(i, p.lat, p.lng, p.name) for i, p in enumerate(found, 1)]
    return render(request, "registries/places.html", {
        "places": found, "map": maps.map_data(markers),
        "sample": any(p.is_sample for p in found),
    })  # fmt: skip


@require_safe
def guide_map(request: HttpRequest) -> HttpResponse:
    """The printable 直売所ガイドマップ (A4, or A3 with ``?size=A3``) as PDF."""
    size = "A3" if request.GET.get("size", "").upper() == "A3" else "A4"
    content = cached(
        f"guide-map:{size}:{get_language()}", lambda: guidemap.render_pdf(size), public=True
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="guide-map-{size}.pdf"'
    return response


def _course_name(course: Course) -> str:
    return maps.localized(course, "name")


@require_safe
@cached_page
def courses(request: HttpRequest) -> HttpResponse:
    """The walking courses with their length and number of signs."""
    found = list(Course.objects.filter(listed=True).prefetch_related("signs").order_by("slug"))
    for c in found:
        c.shown_signs = [s for s in c.signs.all() if s.listed]
    routes = [{"n": i, "name": _course_name(c), "geometry": c.route}
              for i, c in enumerate(found, 1)]  # fmt: skip
    return render(request, "registries/courses.html", {
        "courses": found, "map": maps.map_data([], routes),
        "sample": any(c.is_sample for c in found),
    })  # fmt: skip


@require_safe
@cached_page
def course(request: HttpRequest, slug: str) -> HttpResponse:
    """A course: its map (route, points of interest, signs), description and sign list."""
    found = get_object_or_404(Course, slug=slug, listed=True)
    points = list(found.points.all())
    signs = list(found.signs.filter(listed=True))
    markers = [maps.marker(i, p.lat, p.lng, maps.localized(p, "name"))
               for i, p in enumerate(points, 1)]  # fmt: skip
    markers += [
        {**maps.marker(f"S{i}", s.lat, s.lng, maps.localized(s, "label")), "kind": "sign"}
        for i, s in enumerate(signs, 1)
    ]
    others = [
        (code, label, maps.localized(found, "name", code))
        for code, label in (("en", "English"), ("zh", "中文"), ("ko", "한국어"))
        if getattr(found, f"name_{code}")
    ]
    return render(request, "registries/course.html", {
        "course": found, "points": points, "signs": signs, "sample": found.is_sample,
        "map": maps.map_data(markers, [{"n": 1, "name": _course_name(found),
                                        "geometry": found.route}]),
        "translations": others,
    })  # fmt: skip
