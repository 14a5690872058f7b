"""Words for the evaluation's codes, in Japanese and English, shared by every output."""

from __future__ import annotations

RATING = {
    "ja": {"A": "達成", "B": "概ね順調", "C": "遅れ", "D": "後退"},
    "en": {"A": "achieved", "B": "on track", "C": "behind", "D": "regressing"},
}
STATUS = {
    "ja": {
        "target_achieved": "目標達成",
        "substantial_progress": "順調に進捗",
        "moderate_progress": "一定の進捗",
        "limited_progress": "わずかな進捗",
        "deterioration": "悪化",
        "not_available": "判定不可",
    },
    "en": {
        "target_achieved": "target achieved",
        "substantial_progress": "substantial progress",
        "moderate_progress": "moderate progress",
        "limited_progress": "limited progress",
        "deterioration": "deterioration",
        "not_available": "not available",
    },
}
PERIOD_KIND = {"ja": {"fiscal": "年度", "calendar": "年"}, "en": {"fiscal": "FY", "calendar": "CY"}}
