"""The words for a street and the parts of an address, by language: what the address patterns
(`scrub_address`) are built from and what their hints look for, and the Cyrillic kinds of
street (`STREET_KINDS`) as every rule that names one spells it (the named places, the
not-persons, the addresses said in words). Kept in one place so that a new kind is added once.
"""

from __future__ import annotations

from typing import NamedTuple

# Street-type words in the forms they take after a preposition ("на вулиці", "на улице"):
# the Cyrillic ones of the street's type, then the rest.
CYRILLIC_STREET_WORDS = (
    r"вул(?:иц[яіеюи]|\.)?|улиц[аеуыи]|ул\.?|просп(?:ект[аеуі]?|\.)?|пр-т|пр\.|пр-кт"
    r"|пров(?:ул(?:ок|ку|ка)|\.)?|пер(?:еул(?:ок|ке|ка)|\.)|бульв(?:ар[аеуі]?|\.)?|бул\."
    r"|площ(?:а|і|у|адь|ади)|пл\.|шос(?:е|се)|наб(?:ережн(?:а|ая|ій|ой)|\.)|узвіз|узвоз"
)
STREET_WORDS = (
    CYRILLIC_STREET_WORDS + r"|тупик|мікрорайон|микрорайон|мкрн?\.?|ж/м|житлов(?:ий|ому)\s+масив"
    r"|ul\.|al\.|ulica|ulicy|aleja|os\.|osiedle|vul\.|vulytsia|vulytsya|ulitsa|prosp\.|prospekt"
    r"|str\.|strada|stradela|bd\.|bul\.|bulevardul|şos\.|șos\.|sos\.|ulice|nám\.|náměstí"
    r"|třída|tř\.|nábř\.|calle|c/|via|viale|piazza|corso|avenida|rua|carrer|rruga"
)

# English street types after the name.
EN_STREET_TYPES = (
    r"Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Boulevard|Blvd|Drive|Dr|Way|Court|Ct|Place|Pl"
    r"|Square|Sq|Terrace|Close|Crescent|Gardens|Hill|Row|Parade|Walk|Highway|Hwy|Grove|Mews"
    r"|Rise|Park|View|Green|Vale|Heights|Quay|Wharf|Yard|Circus|Gate|Grange|Fields|Meadow"
)

# Portuguese, Spanish, Italian and Romanian street types after a house number.
ROMANCE_TYPES = r"Rua|Avenida|Calle|Carrer|Via|Viale|Piazza|Corso|Strada|Travessa|Largo|Praça|Rruga"

# Types written after the street's name, as a word of their own (Estonia, Latvia, Lithuania,
# Finland, Hungary…).
TYPE_AFTER_NAME_WORDS = frozenset(
    (
        "mnt", "maantee", "tn", "tänav", "pst", "puiestee", "iela", "gatvė", "gatve", "bulvāris", "bulv.",
        "g.", "pr.", "prospektas",
        "al.", "alėja", "tie", "tee", "út", "utca", "körút", "tér", "gade", "vej", "gata", "gatan",
        "vägen", "veien", "straat", "laan", "cesta", "ulica", "trieda", "nábrežie", "nábřeží"
    )
)  # fmt: skip

# A flat, room, entrance or floor.
UNIT_WORDS = frozenset(
    (
        "кв", "apt", "apartment", "flat", "кімн", "комн", "room", "pok", "izba", "zimmer", "byt",
        "ap.", "app", "m.", "wohnung", "whg", "під", "подъезд", "entrance", "поверх", "этаж", "floor",
        "kv", "komnata", "bina "
    )
)  # fmt: skip

# German, Dutch, Nordic, Finnish and Hungarian street types ending or following a name.
GERMAN_WORDS = frozenset(
    (
        "straße", "strasse", "str.", "weg", "gasse", "platz", "allee", "damm", "ufer", "chaussee",
        "ring", "steig", "markt", "straat", "laan", "gracht", "plein", "gade", "vej", "gatan",
        "vägen", "gata", "veien", "katu", "utca", "dijk", "kade", "singel"
    )
)  # fmt: skip

# French street types before the name.
FRENCH_WORDS = (
    "rue", "avenue", "av.", "boulevard", "bd", "place", "impasse", "allée", "chemin", "quai",
    "route", "cours", "passage"
)  # fmt: skip

# Micro-districts and residential complexes.
DISTRICT_WORDS = (
    "мкр", "мікро", "микро", "ж/м", "жм", "жк"
)  # fmt: skip

# The shortest form of each of STREET_WORDS (a search finds one exactly where it finds the other).
STREET_WORD_STEMS = (
    "вул", "ул", "просп", "пр-т", "пр.", "пр-кт", "пров", "переул", "пер.", "бульв", "бул.", "площа",
    "площі", "площу", "пл.", "шосе", "шоссе", "набережна", "набережная", "набережній", "набережной",
    "наб.", "узвіз", "узвоз", "тупик", "мікрорайон", "микрорайон", "мкр", "ж/м", "житловий",
    "житловому", "ul.", "al.", "ulica", "ulicy", "aleja", "os.", "osiedle", "vul.", "vulytsia",
    "vulytsya", "ulitsa", "prosp.", "prospekt", "str.", "strada", "stradela", "bd.", "bul.",
    "bulevardul", "şos.", "șos.", "sos.", "ulice", "nám.", "náměstí", "třída", "tř.", "nábř.",
    "calle", "c/", "via", "viale", "piazza", "corso", "avenida", "rua", "carrer", "rruga"
)  # fmt: skip


class StreetKind(NamedTuple):
    """One Cyrillic kind of street and how each rule spells it (regular expressions, or none
    where the rule leaves the kind out). Within each rule's alternation no two spellings can
    match at the same place, so their order does not matter."""

    stems: tuple[str, ...]  # what every form begins with (scrub_named_places, lower case)
    named_place: tuple[str, ...]  # the kind before a place's name ("вулиці Івана Франка")
    after_name: tuple[str, ...]  # the type after a street's name: its name is no person's
    in_address: tuple[str, ...]  # the type after the name in a name, house and flat
    spoken: tuple[str, ...]  # before a name and a house number said in words
    spoken_cue: tuple[str, ...]  # what a text must hold for the spoken address to be looked for


# A new Cyrillic kind of street is a row here (and its forms in STREET_WORDS, the cue
# patterns' spelling, and STREET_WORD_STEMS above).
STREET_KINDS = (
    StreetKind(
        ("вулиц", "вул."), (r"вулиц\w*", r"вул\."), (r"вулиц\w{1,2}",), (r"вулиц\w{1,2}",),
        (r"вул(?:иц[яіею])?\.?",), ("вул",),
    ),
    StreetKind(
        ("улиц", "ул."), (r"улиц\w*", r"ул\."), (r"улиц\w{1,2}",), (r"улиц\w{1,2}",),
        (r"улиц[аеу]", r"ул\."), ("улиц", r"ул\."),
    ),
    StreetKind(
        ("просп", "пр-т"), (r"проспект\w*", r"просп\.", "пр-т"), (r"проспект\w{0,2}",), (r"проспект\w{0,2}",),
        (r"просп(?:ект[аеі]?)?\.?",), ("просп",),
    ),
    StreetKind(("площ", "пл."), (r"площ\w*", r"пл\."), (r"площ\w{1,3}",), (r"площ\w{1,3}",), (), ()),
    StreetKind(
        ("провул",), (r"провул\w*",), ("провулок",), (r"провулк\w{1,2}",), (r"пров(?:улок)?\.?",), ("пров",)
    ),
    StreetKind(
        ("переул",), (r"переул\w*",), ("переулок",), (r"переулк\w{1,2}",), (r"пер(?:еулок)?\.?",), ("пер",)
    ),
    StreetKind(
        ("бульвар",), (r"бульвар\w*",), (r"бульвар\w{0,2}",), (r"бульвар\w{0,2}",), ("бульвар",), ("бульвар",)
    ),
    StreetKind(("набережн",), (r"набережн\w*",), (), (r"набережн\w{1,3}",), (), ()),
)  # fmt: skip


def street_kinds(rule: str) -> str:
    """The alternation of every kind's spellings for `rule` (a field of StreetKind)."""
    return "|".join(spelling for kind in STREET_KINDS for spelling in getattr(kind, rule))


STREET_KIND_STEMS = tuple(stem for kind in STREET_KINDS for stem in kind.stems)
