"""What an application is judged by, shown on the application forms: the one place for it.

The defaults follow the plan's text for project 10 (所沢ブランド特産品推進事業: 「所沢の農産物や
地域資源、文化・伝統を生かした魅力ある商品を…市が認定し」 and the 販売協力店登録制度). A city sets
its own in the setting ``SHINCHOKU_REGISTRY_CRITERIA`` ({"product" | "shop": {"ja": [...],
"en": [...]}}); a language it does not give falls back to Japanese.
"""

from __future__ import annotations

from django.conf import settings

PLAN_PROJECT = 10  # the priority project whose text the criteria follow

DEFAULTS: dict[str, dict[str, list[str]]] = {
    "product": {
        "ja": [
            "所沢の農産物や地域資源、文化・伝統を生かした商品であること",
            "所沢らしさ（地域資源・文化・伝統との関わり）と商品の魅力を説明できること",
            "製造・販売する事業者が明らかで、連絡が取れること",
        ],
        "en": [
            "The product makes use of Tokorozawa's farm produce, local resources, culture or "
            "traditions",
            "You can explain what makes it Tokorozawa's (its link to local resources, culture or "
            "traditions) and what makes it attractive",
            "The business that makes or sells it is named and can be contacted",
        ],
    },
    "shop": {
        "ja": [
            "所沢ブランド特産品（認定中のもの）を販売し、その周知と販売に協力する店舗であること",
            "所在地と営業時間・定休日を公開できること",
        ],
        "en": [
            "The shop sells certified Tokorozawa brand products and helps make them known",
            "Its address, opening hours and closing days can be published",
        ],
    },
}


def criteria(kind: str, language: str = "ja") -> list[str]:
    """The criteria for ``kind`` ("product" or "shop") in ``language`` (else Japanese)."""
    configured = getattr(settings, "SHINCHOKU_REGISTRY_CRITERIA", None) or {}
    texts = configured.get(kind) or DEFAULTS[kind]
    return list(texts.get(language) or texts.get("ja") or [])
