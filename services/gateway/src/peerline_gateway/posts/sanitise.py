"""What the Bot API's HTML parse mode accepts, and nothing else: a pure function, no I/O.

An editor writes bold, italic, underline, strike-through, links, code and quotes in HTML
(as the console's buttons insert them, or pasted). `sanitise` keeps those tags in Telegram's
spelling (`<strong>` becomes `<b>`), only `href` on links and only http(s), `tg:` and `mailto:`
addresses, escapes every other `<`, `>` and `&`, turns `<br>` and paragraphs into new lines,
closes what was left open and drops the rest of the markup (the text inside stays; script and
style lose their content too). The result is what is stored, sent and previewed.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

TELEGRAM_TAGS: dict[str, str] = {
    "b": "b", "strong": "b", "i": "i", "em": "i", "u": "u", "ins": "u",
    "s": "s", "strike": "s", "del": "s", "a": "a", "code": "code", "pre": "pre",
    "blockquote": "blockquote",
}
SAFE_SCHEMES = ("http://", "https://", "tg://", "mailto:")
DROPPED_WITH_CONTENT = frozenset({"script", "style", "head", "title", "template"})
LINE_BREAKS = frozenset({"br"})
PARAGRAPHS = frozenset({"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6"})
TEXT_LIMIT = 4096
"""Telegram's limit for a message's visible text, in UTF-16 code units."""


def sanitise(source: str) -> str:
    """`source` reduced to Telegram's HTML subset (see the module's docstring)."""
    parser = _TelegramHtml()
    parser.feed(source.replace("\r\n", "\n"))
    parser.close()
    return parser.result()


def visible_text(sanitised: str) -> str:
    """The text a reader sees: the markup of a sanitised post removed, entities read."""
    return html.unescape(re.sub(r"<[^>]*>", "", sanitised))


def visible_length(sanitised: str) -> int:
    """In UTF-16 code units, as Telegram counts."""
    return len(visible_text(sanitised).encode("utf-16-le")) // 2


def safe_href(href: str | None) -> str | None:
    address = (href or "").strip()
    return address if address.lower().startswith(SAFE_SCHEMES) and " " not in address else None


class _TelegramHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self.skipping += 1
        elif self.skipping:
            return
        elif tag in LINE_BREAKS:
            self.out.append("\n")
        elif tag in PARAGRAPHS:
            self._paragraph()
        elif tag in TELEGRAM_TAGS:
            self._open(TELEGRAM_TAGS[tag], dict(attrs))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in LINE_BREAKS and not self.skipping:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED_WITH_CONTENT:
            self.skipping = max(0, self.skipping - 1)
        elif self.skipping:
            return
        elif tag in PARAGRAPHS:
            self._paragraph()
        elif TELEGRAM_TAGS.get(tag) in self.open:
            self._close_to(TELEGRAM_TAGS[tag])

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(html.escape(data, quote=False))

    def result(self) -> str:
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        text = re.sub(r"\n{3,}", "\n\n", "".join(self.out))
        return text.strip()

    def _open(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag in self.open:
            return  # Telegram refuses a tag nested in itself (a link in a link)
        if tag == "a":
            href = safe_href(attrs.get("href"))
            if href is None:
                return
            self.out.append(f'<a href="{html.escape(href, quote=True)}">')
        else:
            self.out.append(f"<{tag}>")
        self.open.append(tag)

    def _close_to(self, tag: str) -> None:
        """Close `tag` and whatever was opened inside it and left open."""
        while self.open:
            inner = self.open.pop()
            self.out.append(f"</{inner}>")
            if inner == tag:
                return

    def _paragraph(self) -> None:
        if self.out and not "".join(self.out[-2:]).endswith("\n\n"):
            self.out.append("\n\n")
