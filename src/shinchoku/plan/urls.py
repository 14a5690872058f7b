"""Routes of the plan's versions: the public list and the workspace page that revises the plan.

Included by ``web/urls.py`` inside the ``web`` namespace, so the names stay ``web:…``.
"""

from django.urls import path

from .views import revisions

urlpatterns = [
    path("plan/versions/", revisions.versions, name="plan-versions"),
    path("workspace/plan/", revisions.plan_page, name="ws-plan"),
    path("workspace/plan/revise/", revisions.revise_plan, name="ws-plan-revise"),
    path(
        "workspace/plan/versions/<int:number>/withdraw/",
        revisions.withdraw_version,
        name="ws-plan-withdraw",
    ),
]
