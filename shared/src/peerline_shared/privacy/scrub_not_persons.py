"""Names the rules or the tagger found that are no person: the helpline's own words (a
medicine, an id's name), a slashed acronym, a street's name before its type, a stop's name
after its kind, a cue word. Applied to what the detectors found, not inside them, so the
tagger's training is unchanged."""

from __future__ import annotations

import re

from peerline_shared.privacy.scrub_name_cues import only_needed_words

# "через SEF/AIMA", "ВІЛ/СНІД": capitals joined by a slash are acronyms of organisations or terms.
_SLASHED_ACRONYM = re.compile(r"[A-ZА-ЯІЇЄҐ]{2,}(?:/[A-ZА-ЯІЇЄҐ]{2,})+")
# "on Great George Street": a name right before a street's type is the street's.
_STREET_TYPE_AFTER = re.compile(
    r"[ \t]+(?:Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Lane|Square|Place|Terrace|Crescent|Close|Drive"
    r"|Boulevard|Way|Row|Gardens|Grove|Hill|Park|Parade|Walk|Mews|Quay|Wharf"
    r"|вулиц\w{1,2}|улиц\w{1,2}|проспект\w{0,2}|бульвар\w{0,2}|провулок|переулок|площ\w{1,3})(?![\w])"
)
# "метро Флоренц", "зупинка Шулявська", "U-Bahn Hermannplatz": a stop's name after its kind.
_STOP_KINDS = frozenset(
    ("метро", "м.", "станція", "станції", "станцію", "станция", "станции", "станцию", "зупинка", "зупинки",
     "зупинку", "зупинці", "остановка", "остановки", "остановку", "остановке", "metro", "station", "u-bahn",
     "s-bahn")
)  # fmt: skip
# The words that introduce a name or a handle are neither ("дали твой ник в телеге").
_CUE_WORDS = frozenset(
    ("ник", "нік", "никнейм", "нікнейм", "кличка", "позывной", "позивний", "nick", "username")
)


def not_a_person(text: str, start: int, end: int) -> bool:
    """Whether a name found from `start` to `end` is something else: the helpline's own words,
    a slashed acronym, a street's name before its type, a stop's after its kind, a cue word in
    lower case."""
    found = text[start:end]
    if found in _CUE_WORDS or only_needed_words(found):
        return True
    if (start and text[start - 1] == "/") or text.startswith("/", end):
        return bool(_SLASHED_ACRONYM.fullmatch(_slashed_run(text, start, end)))
    if _STREET_TYPE_AFTER.match(text, end):
        return True
    before = text[max(0, start - 10) : start].split()
    return bool(before) and text[start - 1].isspace() and before[-1].lower() in _STOP_KINDS


def _slashed_run(text: str, start: int, end: int) -> str:
    while start and (text[start - 1] == "/" or text[start - 1].isalpha()):
        start -= 1
    while end < len(text) and (text[end] == "/" or text[end].isalpha()):
        end += 1
    return text[start:end]
