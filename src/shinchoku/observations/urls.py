"""Routes of the workspace's value pages: an indicator's values, file imports, import jobs.

Included by ``web/urls.py`` inside the ``web`` namespace, so the names stay ``web:ws-…``.
"""

from django.urls import path

from .views import workspace

urlpatterns = [
    path("workspace/indicators/<slug:code>/", workspace.indicator, name="ws-indicator"),
    path(
        "workspace/indicators/<slug:code>/values/<int:pk>/withdraw/",
        workspace.withdraw_value,
        name="ws-withdraw-value",
    ),
    path(
        "workspace/indicators/<slug:code>/commentary/<int:year>/",
        workspace.commentary,
        name="ws-commentary",
    ),
    path("workspace/import/", workspace.import_file, name="ws-import"),
    path("workspace/import/template.xlsx", workspace.import_template, name="ws-import-template"),
    path("workspace/import/jobs/<int:pk>/", workspace.job, name="ws-job"),
    path(
        "workspace/import/jobs/<int:pk>/problems.csv",
        workspace.job_problems,
        name="ws-job-problems",
    ),
    path(
        "workspace/import/problems/<slug:token>.csv",
        workspace.import_problems,
        name="ws-import-problems",
    ),
]
