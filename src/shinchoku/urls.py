"""URL routes: the Django admin for now; the public site and API mount here."""

from django.contrib import admin
from django.urls import path

urlpatterns = [path("admin/", admin.site.urls)]
