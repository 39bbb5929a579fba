"""The place picker of routing (/place: where the client is), on the shared picker.

Callback data: `place:PL`, `place:UA-46`, `place:UA/-` (Ukraine, no oblast), `place:-` (rather
not say).
"""

from __future__ import annotations

from peerline_telegram.places.picker import PlaceCallbacks

PLACE_CALLBACK = "place:"
COUNTRY_ONLY = "/-"

class RoutingPlaceCallbacks(PlaceCallbacks):
    prefix = PLACE_CALLBACK
    whole_country_label = "place.no_region"
    not_saying_label = "place.not_saying"

    def country(self, country: str) -> str:
        return f"{self.prefix}{country}"

    def region(self, country: str, region: str) -> str:
        return f"{self.prefix}{region}"  # a region code starts with its country's: `UA-46`

    def whole_country(self, country: str) -> str:
        return f"{self.prefix}{country}{COUNTRY_ONLY}"

    def split(self, value: str) -> tuple[str, str | None, bool] | None:
        if value.endswith(COUNTRY_ONLY):
            return value.removesuffix(COUNTRY_ONLY), None, True
        if "-" in value:
            return value.partition("-")[0], value, False
        return value, None, False


ROUTING = RoutingPlaceCallbacks()
