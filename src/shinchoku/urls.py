"""URL routes: the public site and workspace (Japanese at /, English at /en/), the API, admin."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from .web.views.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", include("shinchoku.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("shinchoku.opendata.root_urls")),
    *i18n_patterns(
        path("admin/", admin.site.urls),
        path("", include("shinchoku.web.urls")),
        path("", include("shinchoku.registries.urls")),
        path("", include("shinchoku.opendata.urls")),
        prefix_default_language=False,
    ),
]
