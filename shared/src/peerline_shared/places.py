"""Where a client is: the countries and Ukraine's oblasts a client can choose, and each country's
emergency numbers.

A client may say, once and skippably, which country (in Ukraine, which oblast) they are in now.
The place travels with their messages as `ClientPlace` (events/common.py): routing ranks
consultants who serve that country first, first aid quotes that country's numbers, and reports
count by it. It is never stored with an identity outside the channel adapter that asked.

The numbers are public facts that change rarely, and they are safety-critical: like the
first-aid texts, review them before going live (docs/triage.md says how). `emergency_numbers`
falls back to 112, the number most of the region and the EU answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from peerline_shared.events.vocabulary import Lang


@dataclass(frozen=True, slots=True)
class PlaceName:
    uk: str
    ru: str
    en: str

    def in_lang(self, lang: Lang) -> str:
        return str(getattr(self, lang))


@dataclass(frozen=True, slots=True)
class EmergencyNumbers:
    """The numbers to call, most general first. `general` is empty where no single number
    reaches every service (then ambulance and police are separate)."""

    general: tuple[str, ...]
    ambulance: tuple[str, ...]
    police: tuple[str, ...]


def _numbers(general: str, ambulance: str = "", police: str = "") -> EmergencyNumbers:
    def split(numbers: str) -> tuple[str, ...]:
        return tuple(numbers.split())

    return EmergencyNumbers(split(general), split(ambulance or general), split(police or general))


# Offered to clients in this order: Ukraine, then where Ukrainians and the region's people live.
COUNTRIES: dict[str, PlaceName] = {
    "UA": PlaceName("Україна", "Украина", "Ukraine"),
    "PL": PlaceName("Польща", "Польша", "Poland"),
    "DE": PlaceName("Німеччина", "Германия", "Germany"),
    "CZ": PlaceName("Чехія", "Чехия", "Czechia"),
    "SK": PlaceName("Словаччина", "Словакия", "Slovakia"),
    "MD": PlaceName("Молдова", "Молдова", "Moldova"),
    "RO": PlaceName("Румунія", "Румыния", "Romania"),
    "HU": PlaceName("Угорщина", "Венгрия", "Hungary"),
    "LT": PlaceName("Литва", "Литва", "Lithuania"),
    "LV": PlaceName("Латвія", "Латвия", "Latvia"),
    "EE": PlaceName("Естонія", "Эстония", "Estonia"),
    "AT": PlaceName("Австрія", "Австрия", "Austria"),
    "IT": PlaceName("Італія", "Италия", "Italy"),
    "ES": PlaceName("Іспанія", "Испания", "Spain"),
    "PT": PlaceName("Португалія", "Португалия", "Portugal"),
    "FR": PlaceName("Франція", "Франция", "France"),
    "NL": PlaceName("Нідерланди", "Нидерланды", "Netherlands"),
    "BE": PlaceName("Бельгія", "Бельгия", "Belgium"),
    "IE": PlaceName("Ірландія", "Ирландия", "Ireland"),
    "GB": PlaceName("Велика Британія", "Великобритания", "United Kingdom"),
    "NO": PlaceName("Норвегія", "Норвегия", "Norway"),
    "SE": PlaceName("Швеція", "Швеция", "Sweden"),
    "FI": PlaceName("Фінляндія", "Финляндия", "Finland"),
    "DK": PlaceName("Данія", "Дания", "Denmark"),
    "CH": PlaceName("Швейцарія", "Швейцария", "Switzerland"),
    "BG": PlaceName("Болгарія", "Болгария", "Bulgaria"),
    "GE": PlaceName("Грузія", "Грузия", "Georgia"),
    "AM": PlaceName("Вірменія", "Армения", "Armenia"),
    "AZ": PlaceName("Азербайджан", "Азербайджан", "Azerbaijan"),
    "KZ": PlaceName("Казахстан", "Казахстан", "Kazakhstan"),
    "KG": PlaceName("Киргизстан", "Кыргызстан", "Kyrgyzstan"),
    "UZ": PlaceName("Узбекистан", "Узбекистан", "Uzbekistan"),
    "TJ": PlaceName("Таджикистан", "Таджикистан", "Tajikistan"),
    "TM": PlaceName("Туркменістан", "Туркменистан", "Turkmenistan"),
    "IL": PlaceName("Ізраїль", "Израиль", "Israel"),
    "TR": PlaceName("Туреччина", "Турция", "Turkey"),
    "US": PlaceName("США", "США", "United States"),
    "CA": PlaceName("Канада", "Канада", "Canada"),
}

# ISO 3166-2:UA, in the order of the codes.
UKRAINE_OBLASTS: dict[str, PlaceName] = {
    "UA-05": PlaceName("Вінницька область", "Винницкая область", "Vinnytsia oblast"),
    "UA-07": PlaceName("Волинська область", "Волынская область", "Volyn oblast"),
    "UA-09": PlaceName("Луганська область", "Луганская область", "Luhansk oblast"),
    "UA-12": PlaceName("Дніпропетровська область", "Днепропетровская область", "Dnipropetrovsk oblast"),
    "UA-14": PlaceName("Донецька область", "Донецкая область", "Donetsk oblast"),
    "UA-18": PlaceName("Житомирська область", "Житомирская область", "Zhytomyr oblast"),
    "UA-21": PlaceName("Закарпатська область", "Закарпатская область", "Zakarpattia oblast"),
    "UA-23": PlaceName("Запорізька область", "Запорожская область", "Zaporizhzhia oblast"),
    "UA-26": PlaceName("Івано-Франківська область", "Ивано-Франковская область", "Ivano-Frankivsk oblast"),
    "UA-30": PlaceName("Київ", "Киев", "Kyiv city"),
    "UA-32": PlaceName("Київська область", "Киевская область", "Kyiv oblast"),
    "UA-35": PlaceName("Кіровоградська область", "Кировоградская область", "Kirovohrad oblast"),
    "UA-40": PlaceName("Севастополь", "Севастополь", "Sevastopol"),
    "UA-43": PlaceName("Автономна Республіка Крим", "Автономная Республика Крым", "Crimea"),
    "UA-46": PlaceName("Львівська область", "Львовская область", "Lviv oblast"),
    "UA-48": PlaceName("Миколаївська область", "Николаевская область", "Mykolaiv oblast"),
    "UA-51": PlaceName("Одеська область", "Одесская область", "Odesa oblast"),
    "UA-53": PlaceName("Полтавська область", "Полтавская область", "Poltava oblast"),
    "UA-56": PlaceName("Рівненська область", "Ровенская область", "Rivne oblast"),
    "UA-59": PlaceName("Сумська область", "Сумская область", "Sumy oblast"),
    "UA-61": PlaceName("Тернопільська область", "Тернопольская область", "Ternopil oblast"),
    "UA-63": PlaceName("Харківська область", "Харьковская область", "Kharkiv oblast"),
    "UA-65": PlaceName("Херсонська область", "Херсонская область", "Kherson oblast"),
    "UA-68": PlaceName("Хмельницька область", "Хмельницкая область", "Khmelnytskyi oblast"),
    "UA-71": PlaceName("Черкаська область", "Черкасская область", "Cherkasy oblast"),
    "UA-74": PlaceName("Чернігівська область", "Черниговская область", "Chernihiv oblast"),
    "UA-77": PlaceName("Чернівецька область", "Черновицкая область", "Chernivtsi oblast"),
}

REGIONS_BY_COUNTRY: dict[str, dict[str, PlaceName]] = {"UA": UKRAINE_OBLASTS}
"""The countries whose clients are asked for a region too."""

DEFAULT_EMERGENCY_NUMBERS = _numbers("112")

EMERGENCY_NUMBERS: dict[str, EmergencyNumbers] = {
    "UA": _numbers("112", "103", "102"),
    "PL": _numbers("112", "999", "997"),
    "DE": _numbers("112", "112", "110"),
    "CZ": _numbers("112", "155", "158"),
    "SK": _numbers("112", "155", "158"),
    "MD": _numbers("112"),
    "RO": _numbers("112"),
    "HU": _numbers("112", "104", "107"),
    "LT": _numbers("112"),
    "LV": _numbers("112", "113", "110"),
    "EE": _numbers("112"),
    "AT": _numbers("112", "144", "133"),
    "IT": _numbers("112", "118", "113"),
    "ES": _numbers("112", "112", "091"),
    "PT": _numbers("112"),
    "FR": _numbers("112", "15", "17"),
    "NL": _numbers("112"),
    "BE": _numbers("112", "112", "101"),
    "IE": _numbers("112 999"),
    "GB": _numbers("999 112"),
    "NO": _numbers("112", "113", "112"),
    "SE": _numbers("112"),
    "FI": _numbers("112"),
    "DK": _numbers("112"),
    "CH": _numbers("112", "144", "117"),
    "BG": _numbers("112", "150", "166"),
    "GE": _numbers("112"),
    "AM": _numbers("112", "103", "102"),
    "AZ": _numbers("112", "103", "102"),
    "KZ": _numbers("112", "103", "102"),
    "KG": _numbers("112", "103", "102"),
    "UZ": _numbers("112", "103", "102"),
    "TJ": _numbers("112", "103", "102"),
    "TM": EmergencyNumbers((), ("03",), ("02",)),
    "IL": EmergencyNumbers((), ("101",), ("100",)),
    "TR": _numbers("112"),
    "US": _numbers("911"),
    "CA": _numbers("911"),
}


def emergency_numbers(country: str | None) -> EmergencyNumbers:
    """The numbers for `country` (ISO 3166-1 alpha-2), 112 for a country not in the table, and
    Ukraine's for a client who has not said where they are (most clients are there)."""
    if country is None:
        return EMERGENCY_NUMBERS["UA"]
    return EMERGENCY_NUMBERS.get(country.upper(), DEFAULT_EMERGENCY_NUMBERS)


def is_known_place(country: str, region: str | None = None) -> bool:
    """True for a country clients can choose and, if given, one of its regions."""
    if country not in COUNTRIES:
        return False
    return region is None or region in REGIONS_BY_COUNTRY.get(country, {})


def place_name(country: str, region: str | None, lang: Lang) -> str:
    """ "Львівська область, Україна", or the code itself for a place not in the tables."""
    country_name = COUNTRIES[country].in_lang(lang) if country in COUNTRIES else country
    regions = REGIONS_BY_COUNTRY.get(country, {})
    if region is None:
        return country_name
    return f"{regions[region].in_lang(lang) if region in regions else region}, {country_name}"


EmergencyService = Literal["general", "ambulance", "police"]

_OR: dict[Lang, str] = {"uk": "або", "ru": "или", "en": "or"}

# A client who has not said where they are is most likely in Ukraine, else in the EU: the
# texts then give both, as they did before clients could say.
_UNSAID: dict[EmergencyService, PlaceName] = {
    "general": PlaceName("112 (в Україні та ЄС)", "112 (в Украине и ЕС)", "112 (in Ukraine and the EU)"),
    "ambulance": PlaceName("103 або 112 в Україні, 112 у ЄС", "103 или 112 в Украине, 112 в ЕС",
                           "103 or 112 in Ukraine, 112 in the EU"),
    "police": PlaceName("102 або 112 в Україні, 112 у ЄС", "102 или 112 в Украине, 112 в ЕС",
                        "102 or 112 in Ukraine, 112 in the EU"),
}


def emergency_phrase(country: str | None, service: EmergencyService, lang: Lang) -> str:
    """The numbers to call for `service`, as a client reads them in a sentence:
    "999 або 112 (Польща)"; Ukraine's and the EU's when the client has not said where they are."""
    if country is None:
        return _UNSAID[service].in_lang(lang)
    numbers = emergency_numbers(country)
    chosen = list(dict.fromkeys((*getattr(numbers, service), *numbers.general))) or list(numbers.ambulance)
    return f"{f' {_OR[lang]} '.join(chosen)} ({place_name(country.upper(), None, lang)})"


def emergency_values(country: str | None, lang: Lang) -> dict[str, str]:
    """`{general}`, `{ambulance}` and `{police}` for a text that quotes emergency numbers."""
    services: tuple[EmergencyService, ...] = ("general", "ambulance", "police")
    return {service: emergency_phrase(country, service, lang) for service in services}
