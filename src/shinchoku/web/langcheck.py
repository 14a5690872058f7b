"""Find Japanese text an English page shows without saying so (WCAG 2.1 SC 3.1.2).

A page in another language may show Japanese only inside an element marked ``lang="ja"``
(the plan's text where it has no translation, a Japanese name). Used by the tests of every
public page and of the English report, and handy when checking a page by hand. ``marked``
marks the Japanese inside a sentence built in the page's language (a verdict's unit).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

from ..core.i18n import JAPANESE

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip
SKIP = {"script", "style", "template"}
CJK = {"ja", "zh", "ko"}
SHOWN_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder", "aria-description")


# What a visitor-language page may not show in its own language: kana on a Chinese page
# (Han characters are Chinese too); any Japanese script on a Korean page.
KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
VISITOR_SCRIPTS = {"zh": KANA, "ko": JAPANESE}


def _cjk_marked(lang: str) -> bool:
    # Han characters in an element marked Chinese (or Korean) are not Japanese.
    return lang.split("-")[0].lower() in CJK


class _Finder(HTMLParser):
    def __init__(self, pattern: re.Pattern[str] = JAPANESE,
                 exempt: Callable[[str], bool] = _cjk_marked) -> None:  # fmt: skip
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str | None]] = []  # (tag, its lang or None)
        self.found: list[str] = []
        self.pattern, self.exempt = pattern, exempt

    def _lang(self) -> str:
        return next((lang for _, lang in reversed(self.stack) if lang), "")

    def _skipping(self) -> bool:
        return any(tag in SKIP for tag, _ in self.stack)

    def _check(self, text: str, lang: str, where: str) -> None:
        if self.pattern.search(text) and not self.exempt(lang) and not self._skipping():
            self.found.append(f"{where}: {text.strip()[:80]}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        lang = values.get("lang") or values.get("xml:lang")
        own = lang or self._lang()
        for name in SHOWN_ATTRIBUTES:
            if values.get(name):
                self._check(values[name] or "", own, f"<{tag} {name}>")
        if tag == "meta" and values.get("name") in {"description"}:
            self._check(values.get("content") or "", own, "<meta description>")
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        for n in range(len(self.stack) - 1, -1, -1):  # close up to the matching tag
            if self.stack[n][0] == tag:
                del self.stack[n:]
                return

    def handle_data(self, data: str) -> None:
        where = self.stack[-1][0] if self.stack else "document"
        self._check(data, self._lang(), f"<{where}>")


def unmarked_japanese(html: str) -> list[str]:
    """Each piece of Japanese text (or shown attribute) outside an element marked ``ja``."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found


def untranslated(html: str, language: str) -> list[str]:
    """Each piece of Japanese a page in a visitor language (zh, ko) shows as if it were in
    that language: kana on a Chinese page, any Japanese script on a Korean page, outside an
    element marked with another language (``lang="ja"``)."""
    page = language.split("-")[0].lower()
    finder = _Finder(VISITOR_SCRIPTS[page], lambda lang: lang.split("-")[0].lower() != page)
    finder.feed(html)
    finder.close()
    return finder.found
