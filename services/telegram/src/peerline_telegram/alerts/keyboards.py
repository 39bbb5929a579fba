"""The /alerts flow's buttons: the shared place picker with this flow's callback data, and the
one-time offer.

Callback data: `alerts:c:UA` (a country), `alerts:r:UA:UA-46` (an oblast), `alerts:r:UA:*` (all of
the country), `alerts:offer`.
"""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from peerline_telegram.places.picker import PlaceCallbacks

PREFIX = "alerts:"
OFFER = f"{PREFIX}offer"
WHOLE = "*"


class AlertPlaceCallbacks(PlaceCallbacks):
    prefix = PREFIX
    whole_country_label = "alerts.whole_country"

    def country(self, country: str) -> str:
        return f"{self.prefix}c:{country}"

    def region(self, country: str, region: str) -> str:
        return f"{self.prefix}r:{country}:{region}"

    def whole_country(self, country: str) -> str:
        return f"{self.prefix}r:{country}:{WHOLE}"

    def split(self, value: str) -> tuple[str, str | None, bool] | None:
        match value.split(":"):
            case ["c", country]:
                return country, None, False
            case ["r", country, region]:
                return (country, None, True) if region == WHOLE else (country, region, False)
        return None


SUBSCRIPTION = AlertPlaceCallbacks()


def offer(label: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=label, callback_data=OFFER)]])
