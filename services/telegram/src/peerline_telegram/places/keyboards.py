"""The place keyboards (countries, then Ukraine's oblasts) and what a press on them means.

Callback data stays far under Telegram's 64 bytes: `place:PL`, `place:UA-46`, `place:UA/-`
(Ukraine, no oblast), `place:-` (rather not say).
"""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from peerline_shared.events import ClientPlace, Lang
from peerline_shared.i18n import Catalogue
from peerline_shared.places import COUNTRIES, REGIONS_BY_COUNTRY, is_known_place

PLACE_CALLBACK = "place:"
NOT_SAYING = "-"
COUNTRY_ONLY = "/-"


@dataclass(frozen=True)
class PlaceChoice:
    """A press: `place` None means rather not say; `ask_region`: show the country's regions."""

    place: ClientPlace | None
    ask_region: bool = False


def parse_choice(data: str) -> PlaceChoice | None:
    """The choice a button's data stands for; None for data no keyboard of ours carries."""
    value = data.removeprefix(PLACE_CALLBACK)
    if value == NOT_SAYING:
        return PlaceChoice(None)
    if value.endswith(COUNTRY_ONLY) and is_known_place(value.removesuffix(COUNTRY_ONLY)):
        return PlaceChoice(ClientPlace(country=value.removesuffix(COUNTRY_ONLY)))
    country, _, _ = value.partition("-")
    if value in COUNTRIES:
        return PlaceChoice(ClientPlace(country=value), ask_region=value in REGIONS_BY_COUNTRY)
    if is_known_place(country, value):
        return PlaceChoice(ClientPlace(country=country, region=value))
    return None


def _rows(buttons: list[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[start:start + per_row] for start in range(0, len(buttons), per_row)]


def countries_keyboard(texts: Catalogue, lang: Lang) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(text=name.in_lang(lang), callback_data=f"{PLACE_CALLBACK}{code}")
               for code, name in COUNTRIES.items()]
    skip = InlineKeyboardButton(text=texts.get("place.not_saying", lang),
                                callback_data=f"{PLACE_CALLBACK}{NOT_SAYING}")
    return InlineKeyboardMarkup(inline_keyboard=[*_rows(buttons, 3), [skip]])


def regions_keyboard(texts: Catalogue, lang: Lang, country: str) -> InlineKeyboardMarkup:
    regions = REGIONS_BY_COUNTRY.get(country, {})
    buttons = [InlineKeyboardButton(text=name.in_lang(lang), callback_data=f"{PLACE_CALLBACK}{code}")
               for code, name in regions.items()]
    skip = InlineKeyboardButton(text=texts.get("place.no_region", lang),
                                callback_data=f"{PLACE_CALLBACK}{country}{COUNTRY_ONLY}")
    return InlineKeyboardMarkup(inline_keyboard=[*_rows(buttons, 2), [skip]])
