"""The e-mail an applicant gets when an application is decided (認定 / 不認定).

Japanese first; when the applicant applied on the English pages (``language == "en"``)
the same message follows in English. Sent through Django's mail (``EMAIL_BACKEND``).
"""

from __future__ import annotations

import logging
import smtplib
from typing import Any

from django.core.mail import send_mail

from . import rules

logger = logging.getLogger(__name__)

KIND_JA = {"product": "所沢ブランド特産品の認定", "shop": "販売協力店の登録"}
KIND_EN = {
    "product": "certification as a Tokorozawa brand product",
    "shop": "registration as a cooperating shop",
}


def _kind(application: Any) -> str:
    return "product" if hasattr(application, "maker") else "shop"


def decision_message(application: Any, event: Any, base_url: str = "") -> tuple[str, str]:
    """The subject and body telling the applicant the decision, its reason and the link."""
    kind = _kind(application)
    path = f"/applications/{kind}/{application.pk}/"
    link = f"{base_url.rstrip('/')}{path}"
    approved = event.after == rules.APPROVED
    number = application.number
    verdict = "認定・登録されました" if approved else "認定・登録されませんでした"
    subject = f"【{KIND_JA[kind]}】{application.name}: {verdict}"
    lines = [
        f"{application.applicant.get_username()} 様",
        "",
        f"申請いただいた「{application.name}」（{KIND_JA[kind]}）の審査が終わりました。",
        f"結果: {'認定・登録' if approved else '不認定'}（{event.effective_on:%Y年%m月%d日}）",
    ]
    if approved and number:
        lines.append(f"番号: {number}")
    if event.reason:
        lines.append(f"理由: {event.reason}")
    lines += ["", "申請の内容と経過はこちらで確かめられます:", link]
    if application.language == "en":
        outcome = "approved" if approved else "not approved"
        subject += f" / {application.name}: {outcome}"
        lines += [
            "",
            "----",
            f"Dear {application.applicant.get_username()},",
            "",
            f"The review of your application for {KIND_EN[kind]} of “{application.name}” is "
            "complete.",
            f"Result: {outcome} ({event.effective_on:%Y-%m-%d})",
        ]
        if approved and number:
            lines.append(f"Number: {number}")
        if event.reason:
            lines.append(f"Reason (in Japanese): {event.reason}")
        lines += ["", "Your application and its history:", f"{base_url.rstrip('/')}/en{path}"]
    lines += ["", "所沢市 産業振興課（shinchoku）"]
    # One line: a header may not hold a line break (a name typed with one is kept whole).
    return " ".join(subject.split()), "\n".join(lines)


def send_decision(application: Any, event: Any, base_url: str = "") -> str | None:
    """E-mail the decision to the applicant; the address it went to, or None (no address,
    or the mail server refused: logged, the decision stands)."""
    address = application.applicant.email
    if not address:
        return None
    subject, body = decision_message(application, event, base_url)
    try:
        send_mail(subject, body, None, [address], fail_silently=False)
    except (OSError, smtplib.SMTPException):
        logger.warning("decision mail to %s failed", address, exc_info=True)
        return None
    return address
