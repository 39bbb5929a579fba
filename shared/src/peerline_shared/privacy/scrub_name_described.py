"""A given name described right after it by an age or a nickname (thirteenth round).

"Роман, 46 лет, живёт в подвале", "Віра (52) з Ізюма", "Ігор на прізвисько Шуруп", "Anna,
34 years old": an age or a nickname describes a person, so a given name before one is that
person's even when it is also a word (Роман, Слава, Віра are on `ambiguous_cyrillic.txt` and
stay words elsewhere). A place before an age ("Київ, 25 років тому") is no given name.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator

from peerline_shared.privacy.scrub_name_words import WordInfo
from peerline_shared.privacy.scrub_regex import digit_count
from peerline_shared.privacy.scrub_spans import Span

# The description, matched from its first digit or word: digits and these words are rarer
# than the capitals a name begins with, so `re` scans for them.
_AGE = re.compile(
    r"\d(?<![\w.,]\d)\d?[ \t]*(?:лет|год(?:а|ик)?|рок(?:и|ів)|рік|р\.|г\.|y\.?o\.?|years?|yrs|jahre|ani"
    r"|anni|años|lat)(?![\w])|\(\d{1,2}\)"
)
_NICKNAME_CUES = ("на прізвисько", "на кличку", "по кличке", "по прозвищу", "по прізвиську", "на прозвище")
_NAME_BEFORE = re.compile(r"(?<![\w-])([A-ZА-ЯІЇЄҐЁ][a-zа-яіїєґё'’]{2,20})(?:,[ \t]*|[ \t]+)$")


def names_described(
    text: str, classify: Callable[[str], WordInfo], ambiguous: Collection[str]
) -> Iterator[Span]:
    """`classify` reads a word in the text's languages; `ambiguous` holds the given names that
    are also words, in lower case."""
    starts: list[int] = []
    if digit_count(text):
        starts.extend(match.start() for match in _AGE.finditer(text))
    lower = text.lower()
    for cue in _NICKNAME_CUES:
        position = lower.find(cue)
        while position != -1:
            starts.append(position)
            position = lower.find(cue, position + 1)
    for start in starts:
        before = _NAME_BEFORE.search(text, max(0, start - 24), start)
        if before is None:
            continue
        word = before.group(1)
        info = classify(word)
        if word.lower() in ambiguous or (info.first and not info.blocked):
            yield Span(before.start(1), before.end(1), "name")
