"""Routes of the registries (brand products, shops, direct-sales places, courses)."""

from django.urls import path

from .views import applicant, keeping, public, workspace

app_name = "registries"

urlpatterns = [
    path("brand/", public.catalogue, name="catalogue"),
    path("brand/products/<int:pk>/", public.product, name="product"),
    path("brand/products/<int:pk>/photos/<int:photo>", public.photo, name="photo"),
    path("brand/shops/", public.shops, name="shops"),
    path("brand/shops/<int:pk>/", public.shop, name="shop"),
    path("places/", public.places, name="places"),
    path("places/guide-map.pdf", public.guide_map, name="guide-map"),
    path("courses/", public.courses, name="courses"),
    path("courses/<slug:slug>/", public.course, name="course"),
    path("signup/", applicant.signup, name="signup"),
    path("applications/", applicant.my, name="my"),
    path("applications/product/", applicant.apply_product, name="apply-product"),
    path("applications/shop/", applicant.apply_shop, name="apply-shop"),
    path("applications/<str:kind>/<int:pk>/", applicant.application, name="application"),
    path("applications/<str:kind>/<int:pk>/edit/", applicant.edit, name="application-edit"),
    path(
        "applications/<str:kind>/<int:pk>/withdraw/",
        applicant.withdraw,
        name="application-withdraw",
    ),
    path("workspace/registries/", workspace.index, name="ws-index"),
    path("workspace/registries/places/", keeping.listing, {"kind": "places"}, name="ws-places"),
    path("workspace/registries/places/add/", keeping.place, name="ws-place-add"),
    path("workspace/registries/places/<int:pk>/", keeping.place, name="ws-place"),
    path("workspace/registries/courses/", keeping.listing, {"kind": "courses"}, name="ws-courses"),
    path("workspace/registries/courses/add/", keeping.course, name="ws-course-add"),
    path("workspace/registries/courses/<int:pk>/", keeping.course, name="ws-course"),
    path("workspace/registries/signs/", keeping.listing, {"kind": "signs"}, name="ws-signs"),
    path("workspace/registries/signs/add/", keeping.sign, name="ws-sign-add"),
    path("workspace/registries/signs/<int:pk>/", keeping.sign, name="ws-sign"),
    path("workspace/registries/<str:kind>/<int:pk>/listed/", keeping.listed, name="ws-listed"),
    path("workspace/registries/<str:kind>/<int:pk>/", workspace.application, name="ws-review"),
    path("workspace/registries/guide-maps/", workspace.guide_maps, name="ws-guide-maps"),
    path("workspace/registries/school-lunch/", workspace.school_lunch, name="ws-school-lunch"),
    path("workspace/registries/outputs/", workspace.record_outputs, name="ws-record-outputs"),
]
