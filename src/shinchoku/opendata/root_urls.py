"""Routes that must sit at the site's root, outside the language prefix."""

from django.urls import path

from . import views

urlpatterns = [
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
    path("robots.txt", views.robots_txt, name="robots"),
]
