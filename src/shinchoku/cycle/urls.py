"""Routes of the round's workspace pages: the round, one item, reminders, reviews, publishing.

Included by ``web/urls.py`` inside the ``web`` namespace, so the names stay ``web:ws-…``.
"""

from django.urls import path

from .views import item, publication, reminders, reviews, rounds

urlpatterns = [
    path("workspace/publish/", publication.publish, name="ws-publish"),
    path("workspace/unpublish/", publication.unpublish, name="ws-unpublish"),
    path("workspace/reviews/", reviews.reviews, name="ws-reviews"),
    path("workspace/cycle/", rounds.items, name="ws-cycle"),
    path("workspace/cycle/open/", rounds.open_round, name="ws-cycle-open"),
    path("workspace/cycle/remind/", reminders.remind, name="ws-remind"),
    path("workspace/cycle/<int:pk>/", item.item, name="ws-cycle-item"),
    path("workspace/cycle/<int:pk>/draft/", item.autosave, name="ws-cycle-autosave"),
]
