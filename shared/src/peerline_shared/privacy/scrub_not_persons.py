"""Names the rules or the tagger found that are no person: the helpline's own words (a
medicine, an id's name), a slashed acronym, a street's name before its type, a stop's name
after its kind, a place of care's after its kind, a home's, a pet's, a slogan, a cue word.
Applied to what the detectors found, not inside them, so the tagger's training is unchanged."""

from __future__ import annotations

import re
from functools import cache, lru_cache

from peerline_shared.privacy.scrub_kept_words import only_needed_words
from peerline_shared.privacy.scrub_name_cues import after_place_preposition
from peerline_shared.privacy.scrub_name_words import load_word_list
from peerline_shared.privacy.scrub_named_places import named_place
from peerline_shared.privacy.scrub_street_words import street_kinds

# "через SEF/AIMA", "ВІЛ/СНІД": capitals joined by a slash are acronyms of organisations or terms.
_SLASHED_ACRONYM = re.compile(r"[A-ZА-ЯІЇЄҐ]{2,}(?:/[A-ZА-ЯІЇЄҐ]{2,})+")
# "on Great George Street": a name right before a street's type is the street's.
_STREET_TYPE_AFTER = re.compile(
    r"[ \t]+(?:Street|St\.|Road|Rd\.?|Avenue|Ave\.?|Lane|Square|Place|Terrace|Crescent|Close|Drive"
    r"|Boulevard|Way|Row|Gardens|Grove|Hill|Park|Parade|Walk|Mews|Quay|Wharf"
    rf"|{street_kinds('after_name')})(?![\w])"
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


# "в больнице Haseki", "у шелтері Caritas": a name in Latin letters right after the kind of a
# place of care or shelter is the place's own.
_CARE_PLACES = frozenset(
    ("лікарня", "лікарні", "лікарню", "лікарнею", "больница", "больницы", "больнице", "больницу",
     "госпиталь", "госпиталя", "госпитале", "шпиталь", "шпиталі", "шпиталю", "шелтер", "шелтера",
     "шелтері", "шелтере", "шелтеру", "притулок", "притулку", "приют", "приюта", "приюте", "хоспіс",
     "хоспис", "hospital", "shelter", "hostel", "hastane", "hastanesi", "krankenhaus", "klinik",
     "klinikum", "szpital", "szpitalu", "nemocnice", "nemocnica", "nemocnici", "ospedale", "hôpital",
     "hopital", "ziekenhuis", "sykehus", "sjukhus", "sygehus", "sairaala", "kórház", "spital",
     "spitalul", "spitalului", "клиника", "клинике", "клиники", "клинику", "клініка", "клініці", "клініки",
     "клініку", "інститут", "інституті", "інституту", "институт", "институте", "института", "поликлиника",
     "поликлинике", "поліклініка", "поліклініці", "госпіталь", "госпіталі")
)  # fmt: skip
# "больнице Мечникова", "інституті Амосова": a surname in the genitive after a place of care
# is the place's eponym, where a given name would be a person there ("в больнице Марина").
_EPONYM = re.compile(r"[А-ЯІЇЄҐЁ][а-яіїєґё'’]{2,20}(?:ова|ева|ёва|ого|ского|цкого|ського|цького)")
# "at Piazza Garibaldi", "на площі Ринок": a name after a square's or street's kind is the place's.
_PLACE_KINDS = frozenset(
    ("piazza", "plaza", "praça", "praca", "platz", "plac", "placu", "piazzale", "largo", "площа", "площі",
     "площу", "площадь", "площади", "via", "viale", "calle", "rua", "avenida", "corso", "rambla")
)  # fmt: skip
# "на Холодній Горі", "на Лысой Горе": a noun after a place preposition and a capitalised
# adjective in the locative is a part of town.
_LOCATIVE_ADJECTIVE = re.compile(
    r"(?<![\w])(?:на|в|у|по)[ \t]+[А-ЯІЇЄҐЁ][а-яіїєґё'’]{2,20}(?:ій|ой|ей|ом|ім|ем)[ \t]+$"
)
_LOCATIVE_ENDINGS = frozenset(("ій", "ой", "ей", "ом", "ім", "ем"))
_LOCATIVE_PAIR = re.compile(
    r"[А-ЯІЇЄҐЁ][а-яіїєґё'’]{2,20}(?:ій|ой|ей|ом|ім|ем)[ \t]+[А-ЯІЇЄҐЁ][а-яіїєґё'’]{2,20}"
)
# "Mændenes Hjem", "Ronald McDonald House": a name whose last word is a home's or a house's.
_HOME_WORD = r"(?:Hjem|Hus|Haus|Huis|Home|House|Hostel|Shelter|Dom|Домівка|Дім|Дом)"
_HOME_LAST = re.compile(rf"\s{_HOME_WORD}$")
_HOME_AFTER = re.compile(rf"[ \t]+{_HOME_WORD}(?!\w)")
_LATIN_ONLY = re.compile(r"[A-Za-zÀ-ž' -]+")
# "Slava Ukraini", "Слава Україні!": the slogan, not the man named Slava.
_SLOGAN_AFTER = re.compile(r"[ \t]+(?i:ukraini|ukrayini|ukraine|україні|украине|нації|нации)(?!\w)")

# "Лев і Орел — так звуть наших котів", "our dog is called Bear": an animal's name.
_PET = (
    r"(?:кот|кіт|кішк|кош|котик|котів|собак|пес|пса|псів|щен|папуг|попуга|хом['’ʼ]?я"
    r"|cat|dog|kitten|puppy|parrot)\w{0,4}"
)
_NAMING = r"(?:звуть|зовут|кличуть|звали|называют|называем|звемо|called|named)"
_PET_NAMED_AFTER = re.compile(
    rf"[^.!?\n]{{0,25}}?{_NAMING}[ \t]+(?:(?:наш|мо|тво|ваш|our|my|the)\w{{0,3}}[ \t]+)?"
    rf"(?:\w+[ \t]+)?(?i:{_PET})(?!\w)"
)
_PET_NAMED_BEFORE = re.compile(rf"(?i:{_PET})[ \t]+(?:\w+[ \t]+)?(?:{_NAMING}|is[ \t]+called)[ \t]+$")
_HINT_WORDS = (
    "Hjem", "Hus", "Haus", "Huis", "Home", "House", "Hostel", "Shelter", "Dom", "Домівка", "Дім", "Дом",
    "Slava", "Слава", "звуть", "зовут", "кличуть", "звали", "называ", "звемо", "called", "named",
)  # fmt: skip


# The rules and the tagger find most names both (half the calls were repeats): judged once.
@lru_cache(maxsize=64)
def not_a_person(text: str, start: int, end: int) -> bool:
    """Whether a name found from `start` to `end` is something else: the helpline's own words,
    a slashed acronym, a street's name before its type, a stop's after its kind, a cue word in
    lower case."""
    found = text[start:end]
    if found in _CUE_WORDS or only_needed_words(found) or found.lower() in _kept_words():
        return True
    if (start and text[start - 1] == "/") or text.startswith("/", end):
        return bool(_SLASHED_ACRONYM.fullmatch(_slashed_run(text, start, end)))
    if _STREET_TYPE_AFTER.match(text, end):
        return True
    if _may_name_no_person(text) and _home_slogan_or_pet(text, start, end, found):
        return True
    if named_place(text, start, end, found):
        return True
    before = text[max(0, start - 14) : start].split()
    if not (before and text[start - 1].isspace()):
        return False
    kind = before[-1].lower()
    if kind in _PLACE_KINDS or found.split(None, 1)[0].lower() in _PLACE_KINDS:
        return True
    window = max(0, start - 30)
    ending = text[window:start].rstrip(" \t")[-2:]  # the pattern's adjective ending, checked first
    if (ending in _LOCATIVE_ENDINGS and _LOCATIVE_ADJECTIVE.search(text, window, start)) or (
        _LOCATIVE_PAIR.fullmatch(found) and after_place_preposition(text, start)
    ):
        return True
    # Only a name in Latin letters or an eponym: "в больнице Марина сказала" is about a person there.
    return kind in _STOP_KINDS or (
        kind in _CARE_PLACES and (bool(_LATIN_ONLY.fullmatch(found)) or bool(_EPONYM.fullmatch(found)))
    )


@cache
def _kept_words() -> frozenset[str]:
    """Greetings, the state app, hospitals (data/kept_words.txt)."""
    return load_word_list("kept_words.txt")


@lru_cache(maxsize=64)
def _may_name_no_person(text: str) -> bool:
    """Whether `text` holds a home's word, the slogan's or a naming verb: searched once a text,
    not for each of its names."""
    # Substring tests, not a regex: an alternation is tried at every position of the text.
    return any(word in text for word in _HINT_WORDS)


def _home_slogan_or_pet(text: str, start: int, end: int, found: str) -> bool:
    if (" " in found and _HOME_LAST.search(found)) or _HOME_AFTER.match(text, end):
        return True
    lead = found.split(maxsplit=1)[0].lower()
    if lead in ("slava", "слава") and _SLOGAN_AFTER.match(text, start + len(lead)):
        return True
    before = text[max(0, start - 40) : start]
    return bool(_PET_NAMED_AFTER.match(text, end) or _PET_NAMED_BEFORE.search(before))


def _slashed_run(text: str, start: int, end: int) -> str:
    while start and (text[start - 1] == "/" or text[start - 1].isalpha()):
        start -= 1
    while end < len(text) and (text[end] == "/" or text[end].isalpha()):
        end += 1
    return text[start:end]
