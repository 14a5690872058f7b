"""Routes of the accounts: sign in and out, passwords, and the user pages of the workspace.

Included by ``web/urls.py`` inside the ``web`` namespace, so the names stay ``web:…``.
"""

from django.contrib.auth import views as auth_views
from django.urls import path

from .views import account, users

urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html", redirect_authenticated_user=True
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
    path("workspace/users/", users.users, name="ws-users"),
    path("workspace/users/<int:pk>/", users.user, name="ws-user"),
]
