"""Routes of the public site and the staff workspace, all in the ``web`` namespace.

The site frame's own pages (home, public plan pages, feeds, report downloads, the
dashboard) are routed here. Each app's pages are routed in that app's ``urls.py`` (plan,
accounts, observations, cycle, council) and included here without a namespace of their
own, so their names stay ``web:…``; the audit page (``audit/views.py``) keeps
``web:ws-audit`` too. Registries and open data have namespaces of their own, included
from ``shinchoku/urls.py``.
"""

from django.urls import include, path

from ..audit import views as audit_views
from .feeds import PlanFeed
from .views import dashboard, plans, public, reports

app_name = "web"

urlpatterns = [
    path("", public.home, name="home"),
    path("policies/<str:code>/", public.policy, name="policy"),
    path("measures/<str:code>/", public.measure, name="measure"),
    path("indicators/<slug:code>/", public.indicator, name="indicator"),
    path("indicators/<slug:code>.csv", public.indicator_csv, name="indicator-csv"),
    path("indicators/<slug:code>.xlsx", public.indicator_xlsx, name="indicator-xlsx"),
    path("projects/<int:number>/", public.project, name="project"),
    path("methods/", public.methods, name="methods"),
    path("plans/", plans.plans, name="plans"),
    path("plans/compare/<slug:code>/", plans.compare, name="compare"),
    path("", include("shinchoku.plan.urls")),
    path("feeds/plan.atom", PlanFeed(), name="feed"),
    path(
        "feeds/indicators/<slug:code>.atom",
        PlanFeed(),
        {"kind": "indicator"},
        name="feed-indicator",
    ),
    path("feeds/projects/<str:code>.atom", PlanFeed(), {"kind": "project"}, name="feed-project"),
    path("reports/<int:year>.<str:fmt>", reports.public, name="report"),
    path("workspace/reports/<int:year>.<str:fmt>", reports.workspace, name="ws-report"),
    path("", include("shinchoku.accounts.urls")),
    path("workspace/", dashboard.dashboard, name="workspace"),
    path("welcome/", dashboard.after_login, name="after-login"),
    path("", include("shinchoku.observations.urls")),
    path("", include("shinchoku.cycle.urls")),
    path("workspace/audit/", audit_views.log, name="ws-audit"),
    path("workspace/audit/<int:pk>/", audit_views.entry, name="ws-audit-entry"),
    path("", include("shinchoku.council.urls")),
]
