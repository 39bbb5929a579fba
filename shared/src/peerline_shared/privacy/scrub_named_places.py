"""Names that are places, institutions or terms, not persons (twelfth round).

Applied by `scrub_not_persons` to the names the rules and the tagger found:
- a person's name after the kind of a place or an institution, or after "імені"/"named after":
  "лікарні Тропіна", "вулиці Івана Франка", "лікарня ім. Мечникова", "метро Хмельницького";
- a street named after a title in the genitive: "на Академіка Воробйова";
- famous people who name hospitals, streets and monuments: "Victor Babeș", "Богдан Хмельницький";
- organisations whose names end in a kind: "Ana Liffey Drug Project", "Salvation Army";
- a compound of a place of care ("6-Я ГОРБОЛЬНИЦА"), a landscape word ("на Холодній Горі"),
  a saint's or a square's lead ("Сен-Лоран", "Piazza Garibaldi", "Szent László");
- abbreviations ("УНЗР", "MDR-TB"), transliterated cities in an oblique case ("z Kyieva") and
  the districts of the region's cities ("на Троещине", "Чиланзар").
With a house number right after, the words are an address and stay personal data.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache, lru_cache

from pymorphy3 import MorphAnalyzer

from peerline_shared.privacy.scrub_name_words import load_word_list
from peerline_shared.privacy.scrub_street_words import STREET_KIND_STEMS, street_kinds

# A house number after the name: "вулиці Івана Франка 12" is an address.
_HOUSE_AFTER = re.compile(r",?[ \t]*(?:(?i:буд\.?|будинок|дом|д\.|№|nr\.?)[ \t]*)?\d{1,4}(?![\d:.,]\d)")
_CURRENCY_AFTER = re.compile(
    r"[ \t]*(?:Kč|грн|гривень|гривен|zł|zl|€|\$|EUR|USD|UAH|PLN|CZK|руб|₽|лей|lei|лари|GEL|сом|тенге"
    r"|₸|Ft|kr|лв|lv|TL|₺)(?![\w])"
)
_PLACE_KINDS = (
    r"лікарн\w*|больниц\w*|госпитал\w*|шпитал\w*|клінік\w*|клиник\w*|поліклінік\w*|поликлиник\w*"
    r"|диспансер\w*|інститут\w*|институт\w*|університет\w*|университет\w*|академі\w+|академи\w+"
    r"|школ\w+|гімназі\w+|гимнази\w+|театр\w*|музе\w+|бібліотек\w+|библиотек\w+|парк\w*|сквер\w*"
    rf"|{street_kinds('named_place')}|метро|станці\w+|станци\w+|зупинк\w+|остановк\w+"
    r"|hospital|clinic|institute|university|school|college|station|spital\w*|nemocnic\w*|szpital\w*"
    r"|krankenhaus|klinik\w*|ospedale|kórház\w*|street|metro"
)
# The kind, perhaps "імені", perhaps one more capitalised word (the first name), then the name.
_KIND_BEFORE = re.compile(
    rf"(?<![\w])(?P<kind>(?i:{_PLACE_KINDS}))[ \t]+"
    r"(?P<cue>(?i:ім\.|ім|імені|имени|им\.|im\.|named[ \t]+after)[ \t]*)?"
    r"(?:[A-ZА-ЯІЇЄҐ][\w'’-]{1,20}[ \t]+)?$"
)
# Each kind and cue of _KIND_BEFORE begins with one of these (lower case).
_KIND_STEMS = (
    "лікарн", "больниц", "госпит", "шпит", "клін", "клин", "полікл", "поликл", "диспанс", "інстит",
    "инстит", "універ", "универ", "академ", "школ", "гімназ", "гимназ", "театр", "музе", "бібліот",
    "библиот", "парк", "сквер", *STREET_KIND_STEMS, "метро", "станц", "зупин", "останов", "hospital",
    "clinic", "institut", "universit", "school", "college", "station", "spital", "nemocn", "szpital",
    "kranken", "klinik", "ospedale", "kórház", "street", "ім", "имени", "им.", "im.", "named", "after",
)  # fmt: skip
_STREET_OR_STOP = re.compile(
    "(?i:" + "|".join(map(re.escape, STREET_KIND_STEMS)) + "|метро|станц|зупин|останов|street|station|metro)"
)
# "на Академіка Воробйова", "Генерала Алмазова": capitalised titles in the genitive mid-sentence
# name streets ("до професора Іваненка", in lower case, is a person's title and no street).
_TITLES = frozenset(
    ("Академіка", "Академика", "Генерала", "Маршала", "Гетьмана", "Гетмана", "Адмірала", "Адмирала",
     "Професора", "Профессора", "Героїв", "Героев", "Героя", "Князя", "Княгині", "Княгини", "Митрополита",
     "Патріарха", "Патриарха", "Космонавта", "Космонавтів", "Космонавтов", "Полковника", "Лейтенанта",
     "Архітектора", "Архитектора")
)  # fmt: skip
# A surname in the genitive after the kind of an institution: "лікарні Тропіна", "больнице Мечникова".
_GENITIVE_SURNAME = re.compile(r"(?:(?:ов|ев|єв|ёв|ин|ін|їн|енк)а|ого|его|ього|ої|ой)$")
# A word of a place's kind inside the name: "ГОРБОЛЬНИЦА", "Холодній Горі", "Piazza Garibaldi".
_CARE_STEMS = ("больниц", "лікарн", "поліклінік", "поликлиник", "диспансер", "госпитал")
# A word of a place's kind among the name's: "Холодній Горі", "Piazza Garibaldi", "Сен-Лоран".
_PLACE_WORDS = frozenset(
    ("Гора", "Горі", "Гору", "Гори", "Горе", "Горой", "Яр", "Яру", "Ярі", "Поле", "Поля", "Полі", "Гай",
     "Гаю", "Балка", "Балки", "Балці", "Балку", "Майдан", "Майдані", "Майдане", "Острів", "Остров",
     "Острове", "Острові", "Piazza", "Piazzale", "Via", "Viale", "Corso", "Plac", "Placu", "Rynek",
     "Strada", "Calea", "Bulevardul", "Piața", "Rue", "Place", "Platz", "Straße", "Strasse", "náměstí",
     "Náměstí", "námestie", "tér", "utca", "iela", "gatan", "gade", "Szent", "Sveti", "Sfântul", "Sf.",
     "Święty", "Świętej", "Świętego", "Svatý", "Svaté", "Svatého", "Sankt", "Saint", "Sainte", "Сен",
     "Сент", "Санкт", "Сан")
)  # fmt: skip
_NAMING_WORDS = frozenset(
    ("звати", "зовут", "звуть", "кличуть", "is", "am", "i'm", "я", "меня", "мене", "name", "named", "called")
)
_ORGANISATION_WORDS = frozenset(
    ("project", "estate", "centre", "center", "foundation", "trust", "service", "services", "clinic",
     "hospital", "institute", "university", "college", "school", "church", "army", "society",
     "association", "network", "initiative", "fund", "council", "programme", "program", "mission",
     "charity", "alliance", "coalition", "partnership", "crescent", "aid", "outreach",
     "exchange", "pharmacy", "ministry", "agency", "authority", "market", "airport", "union",
     "league", "clinics", "hospice", "collective", "federation", "cooperative", "hub")
)  # fmt: skip
_ORGANISATION_AFTER = re.compile(r"[ \t]+([A-Z][a-z]+)(?:[ \t]+([A-Z][a-z]+))?")
# "X-rays", "T-shirt", "U-Bahn": a single capital joined to a word.
_LETTER_COMPOUND = re.compile(r"[A-ZА-ЯІЇЄҐ]-[a-zа-яіїєґё]{2,}")
_ACRONYM_PART = re.compile(r"[A-ZА-ЯІЇЄҐ]{2,}(?:-[A-ZА-ЯІЇЄҐ0-9]{1,})+")
_VOWELS = frozenset("AEIOUYАЕЄИІЇОУЮЯЁЫЭ")
_UPPER_CYRILLIC = re.compile(r"[А-ЯІЇЄҐЁ]{3,7}")
_LATIN_WORD = re.compile(r"[A-Za-z]{4,20}")
# The oblique endings of transliterated Ukrainian and Russian town names ("z Kyieva", "do
# Lvova", "v Odesi", "z Kharkova"), by the shape of the town's dictionary form.
_IV_ENDINGS = ("a", "u", "i", "e", "om", "im", "y")
_A_ENDINGS = ("y", "i", "u", "e", "oyu", "oju", "ie", "iu")
_CONSONANT_ENDINGS = ("a", "u", "i", "e", "om", "y", "ie")


@lru_cache(maxsize=64)
def named_place(text: str, start: int, end: int, found: str) -> bool:
    """Whether the name from `start` to `end` is a place, an institution or a term. Cached for
    the few names of one message: the rules and the tagger often find the same one."""
    if _is_term(found) or _place_word_inside(found) or _organisation(text, end, found):
        return True
    words = found.lower().split()
    places = _districts_and_towns()
    if any(word in places for word in words):
        return True
    before = text[max(0, start - 48) : start].split()[-3:]
    if _famous(text, end, words, before):
        return not _HOUSE_AFTER.match(text, end)
    return _after_place_kind(text, start, before, found) and not _HOUSE_AFTER.match(text, end)


def _after_place_kind(text: str, start: int, before: list[str], found: str) -> bool:
    if not before:
        return False
    if before[-1] in _TITLES and len(before) > 1 and before[-2][-1] not in ".!?":
        return True  # mid-sentence
    # Word tests first: the pattern runs only where one of the last words is a kind or a cue.
    if not any(word.lower().startswith(_KIND_STEMS) for word in before):
        return False
    match = _KIND_BEFORE.search(text, max(0, start - 48), start)
    if match is None:
        return False
    if match.group("cue"):
        return True
    if _given_name(found.split(maxsplit=1)[0].lower()):  # "в больнице Оксана сказала": someone there
        return False
    last = found.rsplit(maxsplit=1)[-1].lower()
    # Only after a street or a stop is any other name the place's; after an institution a
    # Cyrillic name must read as a surname in the genitive ("в школе Петренко" is a teacher).
    if _STREET_OR_STOP.match(match.group("kind")) or _LATIN_WORD.fullmatch(last):
        return True
    return bool(_GENITIVE_SURNAME.search(last))


def _place_word_inside(found: str) -> bool:
    lower = found.lower()
    if any(stem in lower for stem in _CARE_STEMS):  # "6-Я ГОРБОЛЬНИЦА"
        return True
    return any(word in _PLACE_WORDS for word in found.replace("-", " ").split())


def _famous(text: str, end: int, words: list[str], before: list[str]) -> bool:
    """The name, or it and the word before or after it, is a famous person's full name."""
    surnames, given = _famous_words()
    if before and before[-1].lower() in _NAMING_WORDS:  # "мене звати Тарас Шевченко": a client
        return False
    # "Богдан" may be found alone, "Хмельницький" after it.
    if not any(word in surnames for word in words) and words[-1] not in given:
        return False
    after = text[end : end + 30].split()[:1]
    found = " ".join(words)
    candidates = (found, " ".join([*before[-1:], found]), " ".join([found, *after]))
    return any(candidate.lower().strip(".,;:!?") in _famous_people() for candidate in candidates)


@lru_cache(maxsize=4096)
def _given_name(lower: str) -> bool:
    """A given name as a sentence's subject: listed, or a dictionary's name in the nominative."""
    if lower in _given_names():
        return True
    parses = [parse for analyzer in _analyzers().values() for parse in analyzer.parse(lower)[:3]]
    return any("Name" in parse.tag and "nomn" in parse.tag for parse in parses)


def _is_term(found: str) -> bool:
    """An abbreviation: "MDR-TB" (a part with no vowel), "УНЗР" (the dictionary's Abbr)."""
    if "-" in found:
        if _LETTER_COMPOUND.fullmatch(found):
            return True
        return bool(_ACRONYM_PART.fullmatch(found)) and any(
            not (_VOWELS & set(part)) for part in found.split("-")
        )
    if found.isupper() and _UPPER_CYRILLIC.fullmatch(found):
        lower = found.lower()
        parses = [parse for analyzer in _analyzers().values() for parse in analyzer.parse(lower)[:3]]
        return any("Abbr" in parse.tag for parse in parses) and not any(
            "Name" in parse.tag for parse in parses
        )
    return False


def _organisation(text: str, end: int, found: str) -> bool:
    """An organisation: "Ana Liffey Drug Project", "Salvation Army", "Ballymount Industrial Estate"."""
    if not found[0].isascii():  # the words are English
        return False
    if any(word.lower() in _ORGANISATION_WORDS for word in found.split()):
        return True
    after = _ORGANISATION_AFTER.match(text, end)
    if after is None:
        return False
    return any(word and word.lower() in _ORGANISATION_WORDS for word in after.groups())


# Thirteenth round: the words of a law or an order, whose number and year read as a Czech
# house number ("Legea 143/2000").
_LAW_WORDS = frozenset(
    ("legea", "legii", "law", "act", "закон", "закону", "закона", "legge", "ley", "lei", "ustawa",
     "ustawy", "gesetz", "zákon", "zákona", "zakon", "zakona", "decree", "наказ", "приказ", "постанова",
     "постановление", "hotărârea", "hotararea", "ordinul", "decretul", "decreto", "rozporządzenie")
)  # fmt: skip


def trim_address(text: str, start: int, end: int) -> tuple[int, int] | None:
    """An address span without a leading district ("на Троещине Закревского 61"), or None
    when its number is a price ("на náměstí за 300 Kč") or a law's ("Legea 143/2000")."""
    if _CURRENCY_AFTER.match(text, end):
        return None
    head = text[start:end].split(maxsplit=1)
    if len(head) == 2 and head[0].lower() in _LAW_WORDS:
        return None  # "Legea 143/2000", "Law 143/2000": a law's number and year, no house
    if len(head) == 2 and head[0].lower() in _districts():
        return text.index(head[1], start + len(head[0])), end
    return start, end


@cache
def _given_names() -> frozenset[str]:
    return load_word_list("first_names_cyrillic.txt") | load_word_list("given_names_dictionary.txt")


@cache
def _famous_words() -> tuple[frozenset[str], frozenset[str]]:
    """The famous people's surnames (their last words) and their other words."""
    names = [name.split() for name in _famous_people()]
    return frozenset(words[-1] for words in names), frozenset(word for words in names for word in words[:-1])


@cache
def _famous_people() -> frozenset[str]:
    """Full names of people whom hospitals, streets and monuments are named after
    (data/famous_people.txt), in their usual cases."""
    return load_word_list("famous_people.txt")


@cache
def _districts_and_towns() -> frozenset[str]:
    return _districts() | _oblique_towns()


@cache
def _districts() -> frozenset[str]:
    """Districts of the region's cities in every case they are written in (data/districts.txt)."""
    return load_word_list("districts.txt")


@cache
def _oblique_towns() -> frozenset[str]:
    """The oblique forms of the Latin town names in places.txt."""
    forms: set[str] = set()
    for town in load_word_list("places.txt"):
        if not _LATIN_WORD.fullmatch(town):
            continue
        if town.endswith("iv"):
            stem = town[:-2]
            forms.update(
                stem + middle + ending for middle in ("ov", "ev", "iev", "yev") for ending in _IV_ENDINGS
            )
        elif town.endswith("a"):
            forms.update(town[:-1] + ending for ending in _A_ENDINGS)
        elif town[-1] not in "eiouy":
            forms.update(town + ending for ending in _CONSONANT_ENDINGS)
    return frozenset(forms) - load_word_list("first_names_latin.txt")


@cache
def _analyzers() -> Mapping[str, MorphAnalyzer]:
    # Imported here: scrub imports this module's caller.
    from peerline_shared.privacy.scrub import morph_analyzers

    return morph_analyzers()
