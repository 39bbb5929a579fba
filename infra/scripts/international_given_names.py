"""Write the scrubber's list of given names of the countries where the helpline's clients live
and work, from Faker's person providers (MIT licence, compatible with the project's AGPL-3.0).

    uv run --with faker python infra/scripts/international_given_names.py

rewrites shared/src/peerline_shared/privacy/data/given_names_international.txt. Faker is a
tool for this script only, not a dependency of the project: the list is committed.

The hand list (`first_names_latin.txt`) holds English names and the region's names in their
transliterations; this one adds the given names of the EU, the UK and Ireland, Norway,
Iceland, Switzerland, Turkey, Azerbaijan and Uzbekistan in Latin letters ("Darius", "Declan",
"Wout", "Reto", "Juha", "Līga"), each also without its diacritics ("Liga"). A name that is
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
_FIELDS = ("first_names", "first_names_male", "first_names_female")
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
    excluded |= faker_places() | VEHICLES | PLACES_NAMED
    excluded |= listed("not_names.txt") | listed("stop_words.txt") | listed("first_names_latin.txt")
    found: set[str] = set()
    for name in faker_given_names():
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
