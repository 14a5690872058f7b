"""Routes of the registries (brand products, shops, direct-sales places, courses)."""

from django.urls import path

from .views import applicant, public, workspace

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
    path("workspace/registries/", workspace.index, name="ws-index"),
    path("workspace/registries/<str:kind>/<int:pk>/", workspace.application, name="ws-review"),
    path("workspace/registries/guide-maps/", workspace.guide_maps, name="ws-guide-maps"),
    path("workspace/registries/school-lunch/", workspace.school_lunch, name="ws-school-lunch"),
    path("workspace/registries/outputs/", workspace.record_outputs, name="ws-record-outputs"),
]
