"""What is left of an identifier after scrubbing, when its whole string is gone.

"Removed" (the labelled string no longer appears in the scrubbed text) is what the
development files' format asks, and it counts "timur точка [email]" or "[address], Dublin 1,
D01 K7P3" as removed: a part still names the person or the house. Here the scrubbed text is
aligned with the original, character by character, and an identifier counts as removed
*whole* when no piece of it that survived verbatim holds a digit or a word of three letters or
more, other than the words that only frame it (a street or flat word, a spelled "at" or
"dot", a mail provider) and the towns of the scrubber's place list: those say where, not who.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from peerline_shared.privacy.scrub_address_town import frame_words_and_towns

# A placeholder ("[name]") becomes one character that matches nothing: its letters would
# otherwise align with an identifier's ("[address]" with "Adresse") and look like a leftover.
_PLACEHOLDER = re.compile(r"\[[a-z_]+\]")
_OPAQUE = "\x00"
_WORD = re.compile(r"\w+")
_TELLING = re.compile(r"\d|[^\W\d_]{3}")


def leftovers(text: str, scrubbed: str, items: tuple[str, ...]) -> dict[str, list[str]]:
    """For each identifier whose string is gone but of which something telling survived: the
    surviving words. An identifier still present whole is the caller's miss, not listed here."""
    gone = [item for item in items if item and item in text and item not in scrubbed]
    if not gone:
        return {}
    kept = _surviving_ranges(text, _PLACEHOLDER.sub(_OPAQUE, scrubbed))
    found: dict[str, list[str]] = {}
    for item in gone:
        start = text.find(item)
        words = _telling_words(text, kept, start, start + len(item))
        if words:
            found[item] = words
    return found


def _surviving_ranges(text: str, scrubbed: str) -> list[tuple[int, int]]:
    matcher = SequenceMatcher(None, text, scrubbed, autojunk=False)
    return [(block.a, block.a + block.size) for block in matcher.get_matching_blocks() if block.size]


def _telling_words(text: str, kept: list[tuple[int, int]], start: int, end: int) -> list[str]:
    words: list[str] = []
    for kept_start, kept_end in kept:
        piece = text[max(start, kept_start) : min(end, kept_end)]
        for word in _WORD.findall(piece):
            if _TELLING.search(word) and word.lower() not in frame_words_and_towns():
                words.append(word)
    return words
