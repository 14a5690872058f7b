"""Routes of the public site and the staff workspace."""

from django.contrib.auth import views as auth_views
from django.urls import path

from ..audit import views as audit_views
from .feeds import PlanFeed
from .views import (
    account,
    council,
    cycle,
    cycle_item,
    plans,
    public,
    publication,
    reminders,
    reports,
    reviews,
    revisions,
    workspace,
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
    path("plan/versions/", revisions.versions, name="plan-versions"),
    path("workspace/plan/", revisions.plan_page, name="ws-plan"),
    path("workspace/plan/revise/", revisions.revise_plan, name="ws-plan-revise"),
    path(
        "workspace/plan/versions/<int:number>/withdraw/",
        revisions.withdraw_version,
        name="ws-plan-withdraw",
    ),
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
    path("workspace/", workspace.dashboard, name="workspace"),
    path("welcome/", workspace.after_login, name="after-login"),
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
    path("workspace/publish/", publication.publish, name="ws-publish"),
    path("workspace/unpublish/", publication.unpublish, name="ws-unpublish"),
    path("workspace/audit/", audit_views.log, name="ws-audit"),
    path("workspace/council/", council.opinions, name="ws-council"),
    path("workspace/council/<int:pk>/respond/", council.respond, name="ws-council-respond"),
    path("workspace/council/meetings/", council.add_meeting, name="ws-council-meeting"),
    path(
        "workspace/council/meetings/<int:pk>/minutes/", council.minutes, name="ws-council-minutes"
    ),
    path("workspace/reviews/", reviews.reviews, name="ws-reviews"),
    path("workspace/cycle/", cycle.items, name="ws-cycle"),
    path("workspace/cycle/open/", cycle.open_round, name="ws-cycle-open"),
    path("workspace/cycle/remind/", reminders.remind, name="ws-remind"),
    path("workspace/cycle/<int:pk>/", cycle_item.item, name="ws-cycle-item"),
    path("workspace/cycle/<int:pk>/draft/", cycle_item.autosave, name="ws-cycle-autosave"),
]
