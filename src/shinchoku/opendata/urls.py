"""Routes of the open data (under the language prefix, like every public page)."""

from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("data/", views.data, name="data"),
    path("data/<path:path>", views.data_file, name="file"),
    path("search/", views.search_page, name="search"),
    path("search/index.json", views.search_index, name="search-index"),
]
