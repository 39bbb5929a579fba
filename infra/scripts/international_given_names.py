"""Write the scrubber's list of given names of the countries where the helpline's clients live
and work, from Faker's person providers (MIT licence, compatible with the project's AGPL-3.0).

    uv run --with faker python infra/scripts/international_given_names.py

rewrites shared/src/peerline_shared/privacy/data/given_names_international.txt. Faker is a
tool for this script only, not a dependency of the project: the list is committed.

The hand list (`first_names_latin.txt`) holds English names and the region's names in their
transliterations; this one adds the given names of the EU, the UK and Ireland, Norway,
Iceland, Switzerland, Turkey, Azerbaijan and Uzbekistan in Latin letters ("Darius", "Declan",
"Wout", "Reto", "Juha", "Līga"), each also without its diacritics ("Liga"), and (sixteenth
round) Georgia's and Armenia's, which Faker writes in their own scripts, in the Latin letters
their bearers type them in: the national systems and the older spellings beside them
("სოფო": "Sopo", "Sopho"; "Հովհաննես": "Hovhannes"). A name that is
also an English word is left out: the spelling dictionary at /usr/share/dict/words (Debian's
wamerican) lists proper names capitalised and words in lower case, so "Mark", "Will", "May",
"Rose", "Bill" and "Can" (a Turkish name) stay out, and so do names shorter than four
letters, places (Faker's address providers, and `PLACES_NAMED`: "Brooklyn", "Florence") and
the cars the region drives ("Logan", "Lada", "Octavia"). The scrubber reads this list only
for a word in Latin letters as written, never by spelling key, so that no Cyrillic word
becomes a name through it.
"""

from __future__ import annotations

import importlib
import pkgutil
import unicodedata
from itertools import islice, product
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "shared/src/peerline_shared/privacy/data"
OUT = DATA / "given_names_international.txt"
ENGLISH_WORDS = Path("/usr/share/dict/words")
MIN_LENGTH = 4
# Faker's locales written in Latin letters, of the countries named in issue 16.
LOCALES = [
    "az_AZ",
    "cs_CZ",
    "da_DK",
    "de_AT",
    "de_CH",
    "de_DE",
    "de_LI",
    "de_LU",
    "en_IE",
    "es_ES",
    "et_EE",
    "fi_FI",
    "fr_BE",
    "fr_CA",
    "fr_CH",
    "fr_FR",
    "ga_IE",
    "hr_HR",
    "hu_HU",
    "is_IS",
    "it_IT",
    "lt_LT",
    "lv_LV",
    "nl_BE",
    "nl_NL",
    "no_NO",
    "pl_PL",
    "pt_PT",
    "ro_RO",
    "sk_SK",
    "sl_SI",
    "sv_SE",
    "tr_TR",
    "uz_UZ",
]
# Faker's locales written in another script, each with its table to Latin letters.
SCRIPT_LOCALES = ("ka_GE", "hy_AM")
_FIELDS = ("first_names", "first_names_male", "first_names_female")
# Georgian (the national system, and the older "ph", "th", "kh" for the aspirates).
GEORGIAN: dict[str, tuple[str, ...]] = {
    "ა": ("a",), "ბ": ("b",), "გ": ("g",), "დ": ("d",), "ე": ("e",), "ვ": ("v",), "ზ": ("z",),
    "თ": ("t", "th"), "ი": ("i",), "კ": ("k",), "ლ": ("l",), "მ": ("m",), "ნ": ("n",), "ო": ("o",),
    "პ": ("p",), "ჟ": ("zh", "j"), "რ": ("r",), "ს": ("s",), "ტ": ("t",), "უ": ("u",), "ფ": ("p", "ph"),
    "ქ": ("k", "kh"), "ღ": ("gh",), "ყ": ("q", "k"), "შ": ("sh",), "ჩ": ("ch",), "ც": ("ts", "c"),
    "ძ": ("dz",), "წ": ("ts", "tz"), "ჭ": ("ch",), "ხ": ("kh", "x"), "ჯ": ("j", "dzh"), "ჰ": ("h",),
}  # fmt: skip
# Eastern Armenian; "ու" is one vowel, "ե" and "ո" open a word as "ye" and "vo".
ARMENIAN: dict[str, tuple[str, ...]] = {
    "ա": ("a",), "բ": ("b",), "գ": ("g",), "դ": ("d",), "ե": ("e",), "զ": ("z",), "է": ("e",),
    "ը": ("y", "e"), "թ": ("t",), "ժ": ("zh",), "ի": ("i",), "լ": ("l",), "խ": ("kh", "x"), "ծ": ("ts",),
    "կ": ("k",), "հ": ("h",), "ձ": ("dz",), "ղ": ("gh",), "ճ": ("ch",), "մ": ("m",), "յ": ("y",),
    "ն": ("n",), "շ": ("sh",), "ո": ("o",), "չ": ("ch",), "պ": ("p",), "ջ": ("j",), "ռ": ("r",),
    "ս": ("s",), "վ": ("v",), "տ": ("t",), "ր": ("r",), "ց": ("ts",), "փ": ("p",), "ք": ("k",),
    "օ": ("o",), "ֆ": ("f",), "և": ("ev",), "ու": ("u",),
}  # fmt: skip
_ARMENIAN_INITIALS: dict[str, tuple[str, ...]] = {"ե": ("ye", "e"), "ո": ("vo", "o")}
# Spellings that are something else in the messages: an alliance, a town ("Lida"), Rome's
# genitive and "gave" in translit ("Rima", "dali"), a prefix, Estonian "need" ("vaja").
SCRIPT_NOT_NAMES = frozenset(("nato", "dali", "rima", "lida", "giga", "maka", "vaja"))
_MOST_SPELLINGS = 16  # a long name's every combination of variants is more than anyone types
_PLACE_FIELDS = [
    "cities",
    "city_names",
    "real_city_names",
    "towns",
    "villages",
    "countries",
    "states",
    "provinces",
    "regions",
    "region_names",
    "counties",
    "districts",
    "municipalities",
    "localities",
    "places",
    "boroughs",
]
# Car makes and models that are also given names somewhere: "black Logan", "біла Лада".
VEHICLES = frozenset(
    [
        "lada",
        "logan",
        "octavia",
        "fabia",
        "kalina",
        "megane",
        "vito",
        "mercedes",
        "vesta",
        "priora",
        "granta",
        "sandero",
        "clio",
        "corsa",
        "astra",
        "fiesta",
        "yaris",
        "camry",
        "corolla",
        "micra",
        "jetta",
        "passat",
        "polo",
        "golf",
        "tiguan",
        "superb",
        "kodiaq",
        "karoq",
        "duster",
        "lacetti",
        "nexia",
        "matiz",
        "gentra",
        "cobalt",
        "damas",
        "aveo",
        "spark",
        "ibiza",
        "leon",
        "panda",
        "punto",
        "bravo",
        "doblo",
        "ducato",
        "tipo",
        "kangoo",
        "trafic",
        "master",
        "sprinter",
        "transit",
        "caddy",
        "berlingo",
        "partner",
        "sierra",
        "granada",
        "carina",
        "celica",
        "cressida",
        "prius",
    ]
)
# Places of the English-speaking countries that Faker's lists give as names and its address
# lists do not hold: "a friend's place in Brooklyn", "the clinic in Kerry".
PLACES_NAMED = frozenset(
    [
        "brooklyn",
        "florence",
        "chelsea",
        "madison",
        "austin",
        "adelaide",
        "asia",
        "africa",
        "america",
        "europa",
        "sydney",
        "dakota",
        "paris",
        "london",
        "savannah",
        "dallas",
        "denver",
        "phoenix",
        "kerry",
        "clare",
        "shannon",
        "galway",
        "victoria",
        "georgia",
        "jordan",
        "israel",
        "india",
        "china",
        "sahara",
    ]
)


def faker_given_names() -> set[str]:
    names: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for field in _FIELDS:
            names.update(getattr(provider, field, ()) or ())
    return names


def script_given_names() -> set[str]:
    """Georgia's and Armenia's given names in the Latin spellings their bearers type."""
    names: set[str] = set()
    for locale in SCRIPT_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for field in _FIELDS:
            for name in getattr(provider, field, ()) or ():
                names.update(latin_spellings(name))
    return names


def latin_spellings(name: str) -> set[str]:
    """The Latin spellings of a Georgian or Armenian name, capitalised; none when a letter
    is outside the tables."""
    letters = _script_letters(name.lower())
    options: list[tuple[str, ...]] = []
    for index, letter in enumerate(letters):
        table = _ARMENIAN_INITIALS if index == 0 and letter in _ARMENIAN_INITIALS else {}
        choice = table.get(letter) or GEORGIAN.get(letter) or ARMENIAN.get(letter)
        if choice is None:
            return set()
        options.append(choice)
    return {"".join(parts).capitalize() for parts in islice(product(*options), _MOST_SPELLINGS)}


def _script_letters(word: str) -> list[str]:
    letters: list[str] = []
    index = 0
    while index < len(word):
        pair = word[index : index + 2]
        step = 2 if pair == "ու" else 1
        letters.append(word[index : index + step])
        index += step
    return letters


def faker_places() -> set[str]:
    import faker.providers.address as address  # Faker is this script's alone

    places: set[str] = set()
    for module in pkgutil.iter_modules(address.__path__):
        provider = importlib.import_module(f"faker.providers.address.{module.name}").Provider
        for field in _PLACE_FIELDS:
            for place in getattr(provider, field, ()) or ():
                if isinstance(place, str):
                    places.add(without_marks(place).lower())
    return places


def without_marks(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.replace("ł", "l").replace("ı", "i"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def english_words() -> frozenset[str]:
    lines = ENGLISH_WORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.removesuffix("'s") for line in lines if line.islower())


def listed(name: str) -> set[str]:
    words: set[str] = set()
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            words.add(line.strip().lower())
    return words


def international_names() -> list[str]:
    excluded = english_words() | listed("ambiguous_latin.txt") | listed("places.txt")
    excluded |= faker_places() | VEHICLES | PLACES_NAMED | SCRIPT_NOT_NAMES
    excluded |= listed("not_names.txt") | listed("stop_words.txt") | listed("first_names_latin.txt")
    found: set[str] = set()
    for name in faker_given_names() | script_given_names():
        if not name.isalpha() or len(name) < MIN_LENGTH or not name[0].isupper():
            continue
        found.update({name.lower(), without_marks(name).lower()})
    # A name is out when any of its spellings is an English word ("Añil" and "anil").
    blocked = {name for name in found if without_marks(name) in excluded or name in excluded}
    return sorted(found - blocked)


def main() -> None:
    names = international_names()
    header = (
        "# Generated by infra/scripts/international_given_names.py from Faker's person providers\n"
        "# (MIT licence); names that are English words, places or cars left out. Read only as written,\n"
        "# in Latin letters.\n"
    )
    OUT.write_text(header + "\n".join(names) + "\n", encoding="utf-8")
    print(f"{len(names)} names -> {OUT.name}")


if __name__ == "__main__":
    main()
