"""API routes and the OpenAPI schema."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import read, views

urlpatterns = [
    path("plan", views.PlanView.as_view(), name="api-plan"),
    path("evaluation", views.EvaluationView.as_view(), name="api-evaluation"),
    path(
        "indicators/<slug:code>/observations",
        views.IndicatorObservationsView.as_view(),
        name="api-indicator-observations",
    ),
    path("observations", views.ObservationsView.as_view(), name="api-observations"),
    path(
        "observations/<int:pk>/withdraw",
        views.ObservationWithdrawView.as_view(),
        name="api-observation-withdraw",
    ),
    path("projects", read.ProjectsView.as_view(), name="api-projects"),
    path("sheets", read.SheetsView.as_view(), name="api-sheets"),
    path("outputs", read.OutputsView.as_view(), name="api-outputs"),
    path("opinions", read.OpinionsView.as_view(), name="api-opinions"),
    path("plan-versions", read.PlanVersionsView.as_view(), name="api-plan-versions"),
    path("registries/products", read.ProductsView.as_view(), name="api-products"),
    path("registries/shops", read.ShopsView.as_view(), name="api-shops"),
    path("registries/places", read.PlacesView.as_view(), name="api-places"),
    path("registries/courses", read.CoursesView.as_view(), name="api-courses"),
    path("registries/signs", read.SignsView.as_view(), name="api-signs"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
