"""The audit log in words: each action code (``observation.add``, ``registries.shop.approve``)
read as 「実績値：登録」, and each change as field, before, after.

Codes are ``noun[.noun].verb``; a code nobody has named yet still reads as its parts, so a
new service's entries are never shown as bare codes.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

NOUNS = {
    "observation": _("実績値"),
    "plan": _("計画"),
    "commentary": _("事務局の所見"),
    "registries": _("登録簿"),
    "product": _("特産品"),
    "shop": _("販売協力店"),
    "place": _("直売所"),
    "course": _("おさんぽコース"),
    "sign": _("道標"),
    "goods": _("販路支援グッズ"),
    "guide_maps": _("ガイドマップ配布数"),
    "school_lunch": _("学校給食の地元産品"),
    "outputs": _("活動指標"),
    "cycle": _("進捗管理の依頼"),
    "evaluation": _("事業評価シート"),
    "output": _("活動指標"),
    "council": _("推進会議"),
    "meeting": _("会議"),
    "opinion": _("意見・提案"),
    "response": _("対応方針"),
    "user": _("利用者"),
    "token": _("APIトークン"),
    "version": _("計画の版"),
    "organisation": _("組織"),
    "profile": _("利用者の役割"),
    "group": _("権限グループ"),
    "tokenproxy": _("APIトークン"),
    "accessattempt": _("ログイン失敗の記録"),
    "accesslog": _("ログインの記録"),
    "accessfailurelog": _("ログイン失敗の記録"),
}
VERBS = {
    "add": _("登録"),
    "import": _("ファイル取込み"),
    "load": _("読込み"),
    "default": _("既定に指定"),
    "revise": _("改定"),
    "publish": _("公表"),
    "unpublish": _("公表の取消し"),
    "withdraw": _("取下げ"),
    "save": _("保存"),
    "apply": _("申請"),
    "edit": _("申請の変更"),
    "signup": _("事業者の利用登録"),
    "listed": _("掲載の変更"),
    "review": _("審査開始"),
    "approve": _("承認"),
    "reject": _("不認定"),
    "suspend": _("一時停止"),
    "reinstate": _("再開"),
    "end": _("終了"),
    "open": _("開始"),
    "remind": _("督促"),
    "define": _("定義"),
    "draft": _("作成開始"),
    "submit": _("提出"),
    "return": _("差戻し"),
    "create": _("作成"),
    "target": _("目標値の登録"),
    "actual": _("実績値の登録"),
    "change": _("変更"),
    "deactivate": _("利用停止"),
    "activate": _("利用再開"),
    "password_set": _("パスワードの再設定（事務局）"),
    "password_change": _("パスワードの変更（本人）"),
    "password_reset": _("パスワードの再設定（メール）"),
    "password_reset_request": _("パスワード再設定メールの送信"),
    "delete": _("削除"),
}
ADMIN = _("（管理画面）")


def action_label(code: str) -> str:
    """「販売協力店：承認」 for ``registries.shop.approve``, 「組織：変更（管理画面）」 for
    ``admin.organisation.change``; unknown parts stay as written."""
    parts = code.split(".")
    if parts[0] == "admin" and len(parts) > 2:
        return action_label(".".join(parts[1:])) + str(ADMIN)
    if len(parts) == 1:
        return str(VERBS.get(code, NOUNS.get(code, code)))
    *nouns, verb = parts
    if verb in NOUNS and verb not in VERBS:  # registries.goods: a noun, saved
        nouns, verb = [*nouns, verb], "save"
    if nouns[0] == "registries" and len(nouns) > 1:
        nouns = nouns[1:]  # the registry's own noun says enough
    # Japanese punctuation on a page in a CJK language; ": " on an English page.
    cjk = (get_language() or "ja").split("-")[0] in ("ja", "zh", "ko")
    subject = ("・" if cjk else " · ").join(str(NOUNS.get(n, n)) for n in nouns)
    return f"{subject}{'：' if cjk else ': '}{VERBS.get(verb, verb)}"


def changes(before: Any, after: Any) -> list[tuple[str, str, str]]:
    """What changed, field by field: (field, before, after) as text, unchanged fields left out."""

    def text(value: Any) -> str:
        if value is None:
            return "—"
        if isinstance(value, list):
            return "、".join(text(v) for v in value)
        if isinstance(value, dict):
            return "、".join(f"{k}: {text(v)}" for k, v in value.items())
        return str(value)

    if not isinstance(before, dict) and not isinstance(after, dict):
        return [("", text(before), text(after))] if before or after else []
    old, new = before if isinstance(before, dict) else {}, after if isinstance(after, dict) else {}
    fields = list(dict.fromkeys([*old, *new]))
    return [
        (field, text(old.get(field)), text(new.get(field)))
        for field in fields
        if old.get(field) != new.get(field)
    ]
