"""One's own password: change it signed in, or reset it by e-mail (staff and businesses).

Django's own views with the site's templates; each change is written to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.db import transaction
from django.http import HttpResponse
from django.urls import reverse_lazy

from ...audit.services import log


class PasswordChange(auth_views.PasswordChangeView):
    """Change one's own password (the old one is asked first)."""

    template_name = "accounts/account/password_change.html"
    success_url = reverse_lazy("web:password-change-done")

    @transaction.atomic
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        log(self.request.user, "user.password_change", self.request.user.get_username())
        return response


class PasswordChangeDone(auth_views.PasswordChangeDoneView):
    template_name = "accounts/account/password_change_done.html"


class PasswordReset(auth_views.PasswordResetView):
    """Ask for a reset link by e-mail; the page never says whether the address is known."""

    template_name = "accounts/account/password_reset.html"
    email_template_name = "accounts/account/password_reset_email.txt"
    subject_template_name = "accounts/account/password_reset_subject.txt"
    success_url = reverse_lazy("web:password-reset-sent")

    @transaction.atomic
    def form_valid(self, form: Any) -> HttpResponse:
        for user in form.get_users(form.cleaned_data["email"]):
            log(user, "user.password_reset_request", user.get_username())
        return super().form_valid(form)


class PasswordResetSent(auth_views.PasswordResetDoneView):
    template_name = "accounts/account/password_reset_sent.html"


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    """The link from the e-mail: choose a new password."""

    template_name = "accounts/account/password_reset_confirm.html"
    success_url = reverse_lazy("web:password-reset-complete")

    @transaction.atomic
    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        log(form.user, "user.password_reset", form.user.get_username())
        return response


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "accounts/account/password_reset_complete.html"
