"""The one place picker, on its own: the same layout for any callback data, each flow reading
back only what its own buttons carry."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from peerline_shared.events import ClientPlace
from peerline_shared.i18n import Catalogue
from peerline_shared.places import COUNTRIES, REGIONS_BY_COUNTRY
from peerline_telegram.alerts.keyboards import SUBSCRIPTION
from peerline_telegram.places.keyboards import ROUTING
from peerline_telegram.places.picker import (
    PlaceCallbacks,
    PlaceChoice,
    countries_keyboard,
    regions_keyboard,
)

TEXTS = Catalogue.load("peerline_telegram")


class Slashed(PlaceCallbacks):
    """A third flow's data, to show the picker knows no flow's format."""

    prefix = "t/"
    whole_country_label = "alerts.whole_country"

    def country(self, country: str) -> str:
        return f"{self.prefix}{country}"

    def region(self, country: str, region: str) -> str:
        return f"{self.prefix}{country}/{region}"

    def whole_country(self, country: str) -> str:
        return f"{self.prefix}{country}/all"

    def split(self, value: str) -> tuple[str, str | None, bool] | None:
        country, _, rest = value.partition("/")
        return (country, None, True) if rest == "all" else (country, rest or None, False)


def _data(keyboard: InlineKeyboardMarkup) -> list[list[str | None]]:
    return [[button.callback_data for button in row] for row in keyboard.inline_keyboard]


def test_every_flow_gets_the_same_layout_with_its_own_data() -> None:
    for callbacks in (ROUTING, SUBSCRIPTION, Slashed()):
        countries = _data(countries_keyboard(callbacks, TEXTS, "en"))
        country_buttons = [data for row in countries for data in row if data != callbacks.not_saying()]
        assert country_buttons == [callbacks.country(code) for code in COUNTRIES]
        assert all(len(row) <= 3 for row in countries)
        oblasts = _data(regions_keyboard(callbacks, TEXTS, "en", "UA"))
        assert oblasts[0] == [callbacks.whole_country("UA")], "the whole country first, alone"
        assert [data for row in oblasts[1:] for data in row] == [
            callbacks.region("UA", code) for code in REGIONS_BY_COUNTRY["UA"]
        ]
        for data in (button for row in countries + oblasts for button in row):
            assert data is not None and len(data.encode()) <= 64, data
            assert callbacks.read(data) is not None, data


def test_only_routing_offers_rather_not_say() -> None:
    assert _data(countries_keyboard(ROUTING, TEXTS, "uk"))[-1] == ["place:-"]
    assert ROUTING.read("place:-") == PlaceChoice(None)
    assert "alerts:-" not in str(_data(countries_keyboard(SUBSCRIPTION, TEXTS, "uk")))


def test_a_press_is_read_the_same_whatever_the_format() -> None:
    for callbacks in (ROUTING, SUBSCRIPTION, Slashed()):
        ukraine = PlaceChoice(ClientPlace(country="UA"), ask_region=True)
        assert callbacks.read(callbacks.country("UA")) == ukraine
        assert callbacks.read(callbacks.country("PL")) == PlaceChoice(ClientPlace(country="PL"))
        assert callbacks.read(callbacks.whole_country("UA")) == PlaceChoice(ClientPlace(country="UA"))
        oblast = PlaceChoice(ClientPlace(country="UA", region="UA-46"))
        assert callbacks.read(callbacks.region("UA", "UA-46")) == oblast
        forgeries = (callbacks.country("XX"), callbacks.region("UA", "UA-99"), callbacks.region("PL", "X"))
        for forged in forgeries:
            assert callbacks.read(forged) is None, forged
    assert ROUTING.read(SUBSCRIPTION.country("UA")) is None
    assert SUBSCRIPTION.read(ROUTING.country("UA")) is None
