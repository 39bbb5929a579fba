"""The places a client can choose, their emergency numbers, and the wire form of a place."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from peerline_shared.events import ClientPlace
from peerline_shared.events.vocabulary import LANGS
from peerline_shared.places import (
    COUNTRIES,
    EMERGENCY_NUMBERS,
    REGIONS_BY_COUNTRY,
    emergency_numbers,
    emergency_phrase,
    emergency_values,
    is_known_place,
    place_name,
)


def test_every_country_offered_has_its_emergency_numbers_and_a_name_in_every_language() -> None:
    assert set(COUNTRIES) == set(EMERGENCY_NUMBERS)
    for code, name in COUNTRIES.items():
        numbers = EMERGENCY_NUMBERS[code]
        assert numbers.ambulance and numbers.police, code
        assert all(name.in_lang(lang) for lang in LANGS), code


def test_numbers_by_country() -> None:
    assert emergency_numbers("PL").ambulance == ("999",)
    assert emergency_numbers("pl").general == ("112",)
    assert emergency_numbers("GB").general == ("999", "112")
    assert emergency_numbers("US").general == ("911",)
    assert emergency_numbers("UA").ambulance == ("103",)
    assert emergency_numbers(None) == emergency_numbers("UA")
    assert emergency_numbers("JP").general == ("112",)


def test_a_region_must_belong_to_its_country() -> None:
    assert ClientPlace(country="UA", region="UA-46").region == "UA-46"
    with pytest.raises(ValidationError):
        ClientPlace(country="PL", region="UA-46")
    with pytest.raises(ValidationError):
        ClientPlace(country="ukraine")


def test_known_places_and_their_names() -> None:
    assert is_known_place("UA", "UA-46") and is_known_place("PL")
    assert not is_known_place("UA", "UA-99") and not is_known_place("XX")
    assert all(code.startswith("UA-") for code in REGIONS_BY_COUNTRY["UA"])
    assert place_name("UA", "UA-46", "uk") == "Львівська область, Україна"
    assert place_name("PL", None, "en") == "Poland"


def test_a_client_in_poland_reads_polish_numbers_in_their_language() -> None:
    assert emergency_phrase("PL", "ambulance", "uk") == "999 або 112 (Польща)"
    assert emergency_phrase("PL", "police", "en") == "997 or 112 (Poland)"
    assert emergency_phrase("PL", "general", "ru") == "112 (Польша)"
    assert emergency_phrase("GB", "general", "en") == "999 or 112 (United Kingdom)"
    assert emergency_phrase("IL", "general", "en") == "101 (Israel)", "no general number: the ambulance's"
    assert emergency_values("UA", "uk")["ambulance"] == "103 або 112 (Україна)"


def test_a_client_who_did_not_say_reads_ukraines_and_the_eus_numbers() -> None:
    assert emergency_phrase(None, "ambulance", "uk") == "103 або 112 в Україні, 112 у ЄС"
    assert emergency_phrase(None, "police", "en") == "102 or 112 in Ukraine, 112 in the EU"
