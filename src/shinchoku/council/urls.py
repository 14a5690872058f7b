"""Routes of the council's workspace pages: opinions, responses, meetings and minutes.

Included by ``web/urls.py`` inside the ``web`` namespace, so the names stay ``web:ws-…``.
"""

from django.urls import path

from .views import opinions

urlpatterns = [
    path("workspace/council/", opinions.opinions, name="ws-council"),
    path("workspace/council/<int:pk>/respond/", opinions.respond, name="ws-council-respond"),
    path("workspace/council/meetings/", opinions.add_meeting, name="ws-council-meeting"),
    path(
        "workspace/council/meetings/<int:pk>/minutes/",
        opinions.minutes,
        name="ws-council-minutes",
    ),
]
