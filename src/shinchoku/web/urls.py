"""Routes of the public site and the staff workspace, all in the ``web`` namespace.

Each app's own pages are routed in that app's ``urls.py`` and included here without a
namespace of their own, so their names stay ``web:…`` (registries, audit and open data
have their own namespaces, included from ``shinchoku/urls.py``).
"""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from ..audit import views as audit_views
from .feeds import PlanFeed
from .views import (
    account,
    dashboard,
    plans,
    public,
    reports,
)
from .views import users as user_views

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
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/password/", account.PasswordChange.as_view(), name="password-change"),
    path(
        "account/password/done/",
        account.PasswordChangeDone.as_view(),
        name="password-change-done",
    ),
    path("password-reset/", account.PasswordReset.as_view(), name="password-reset"),
    path("password-reset/sent/", account.PasswordResetSent.as_view(), name="password-reset-sent"),
    path(
        "password-reset/<uidb64>/<token>/",
        account.PasswordResetConfirm.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "password-reset/done/",
        account.PasswordResetComplete.as_view(),
        name="password-reset-complete",
    ),
    path("workspace/users/", user_views.users, name="ws-users"),
    path("workspace/users/<int:pk>/", user_views.user, name="ws-user"),
    path("workspace/", dashboard.dashboard, name="workspace"),
    path("welcome/", dashboard.after_login, name="after-login"),
    path("", include("shinchoku.observations.urls")),
    path("", include("shinchoku.cycle.urls")),
    path("workspace/audit/", audit_views.log, name="ws-audit"),
    path("", include("shinchoku.council.urls")),
]
