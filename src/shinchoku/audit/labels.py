"""The audit log in words: each action code (``observation.add``, ``registries.shop.approve``)
read as 「実績値：登録」, and each change as field, before, after.

Codes are ``noun[.noun].verb``; a code nobody has named yet still reads as its parts, so a
new service's entries are never shown as bare codes.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice, zip_longest
from typing import Any

from django.utils.translation import gettext_lazy as _

from ..widgets import page_language

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
    cjk = page_language() in ("ja", "zh", "ko")
    subject = ("・" if cjk else " · ").join(str(NOUNS.get(n, n)) for n in nouns)
    return f"{subject}{'：' if cjk else ': '}{VERBS.get(verb, verb)}"


# observation.import keeps the n-th old value it revised (before) beside the n-th new one,
# and the large changes it confirmed: lists read one change an item, however long.
PAIRED = {"values": "revised"}
ITEMISED = {"values", "revised", "confirmed_changes"}


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return "、".join(_text(v) for v in value)
    if isinstance(value, dict):
        return "、".join(f"{k}: {_text(v)}" for k, v in value.items())
    return str(value)


def _item(field: str, old: Any, new: Any) -> tuple[str, str, str]:
    """One record of a list: an observation as 「indicator year」 and the fields that differ."""
    records = [v for v in (old, new) if isinstance(v, dict)]
    if records and all("indicator" in r and "year" in r for r in records):
        first = records[0]
        keys = [
            k for k in dict.fromkeys([*(old or {}), *(new or {})]) if k not in ("indicator", "year")
        ]
        if isinstance(old, dict) and isinstance(new, dict):
            keys = [k for k in keys if old.get(k) != new.get(k)]

        def part(record: Any) -> str:
            return _text({k: record.get(k) for k in keys}) if isinstance(record, dict) else "—"

        return (f"{first['indicator']} {first['year']}", part(old), part(new))
    return (field, _text(old), _text(new))


def _itemised(field: str, value: Any) -> bool:
    """Whether ``value`` is read one change an item: an import's list, or a list of records."""
    if not isinstance(value, list):
        return False
    return field in ITEMISED or any(isinstance(v, dict) for v in value)


def _pairs(before: Any, after: Any) -> Iterator[tuple[str, Any, Any, bool]]:
    """The changes unformatted, in order: (field, was, now, one item of a list)."""
    old, new = before if isinstance(before, dict) else {}, after if isinstance(after, dict) else {}
    partners = {PAIRED[f] for f in PAIRED if isinstance(new.get(f), list)}
    # One-value fields first, then the lists read item by item: the same first rows on every
    # database (PostgreSQL's jsonb does not keep the order the keys were written in).
    fields = sorted(
        dict.fromkeys([*old, *new]),
        key=lambda f: isinstance(old.get(f), list) or isinstance(new.get(f), list),
    )
    for field in fields:
        was, now = old.get(field), new.get(field)
        if field in partners or was == now:
            continue
        if field in PAIRED and isinstance(now, list):
            olds = old.get(PAIRED[field])
            olds = olds if isinstance(olds, list) else []
            yield from ((field, o, n, True) for o, n in zip_longest(olds, now))
        elif _itemised(field, was) or _itemised(field, now):
            olds, news = (v if isinstance(v, list) else [] for v in (was, now))
            yield from ((field, o, n, True) for o, n in zip_longest(olds, news) if o != n)
        else:
            yield field, was, now, False


def changes(before: Any, after: Any, limit: int | None = None) -> list[tuple[str, str, str]]:
    """What changed, field by field: (field, before, after) as text, unchanged fields left out;
    the first ``limit`` only when given (:func:`change_count` counts them all).

    A list of records, or an import's lists (:data:`ITEMISED`: the values it revised, the large
    changes it confirmed), is read item by item, one change each, so a page can show a few and
    count the rest; ``values`` pairs item by item with ``revised`` (:data:`PAIRED`). Other
    lists (recipients) stay one row."""
    if not isinstance(before, dict) and not isinstance(after, dict):
        return [("", _text(before), _text(after))] if before or after else []
    return [
        _item(field, was, now) if item else (field, _text(was), _text(now))
        for field, was, now, item in islice(_pairs(before, after), limit)
    ]


def change_count(before: Any, after: Any) -> int:
    """How many rows :func:`changes` reads, without writing them out."""
    if not isinstance(before, dict) and not isinstance(after, dict):
        return 1 if before or after else 0
    return sum(1 for _ in _pairs(before, after))
