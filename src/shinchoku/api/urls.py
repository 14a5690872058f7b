"""API routes and the OpenAPI schema."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from . import views

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
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
]
