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
