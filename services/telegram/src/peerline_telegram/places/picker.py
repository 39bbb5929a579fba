"""The one place picker: countries, then the chosen country's regions (Ukraine's oblasts).

Two flows ask for a place: routing (`/place`, where the client is) and alert subscriptions
(`/alerts`). They share this layout and the strict reading of a press; each brings its own
callback data (`PlaceCallbacks`), so a button of one flow never reaches the other's handler and
buttons already sent in chats keep working.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from peerline_shared.events import ClientPlace, Lang
from peerline_shared.i18n import Catalogue
from peerline_shared.places import COUNTRIES, REGIONS_BY_COUNTRY, is_known_place

COUNTRIES_PER_ROW = 3
REGIONS_PER_ROW = 2  # oblast names are long: three a row get cut on a phone


@dataclass(frozen=True)
class PlaceChoice:
    """A press: `place` None means rather not say; `ask_region`: show the country's regions."""

    place: ClientPlace | None
    ask_region: bool = False


class PlaceCallbacks(ABC):
    """One flow's callback data (well under Telegram's 64 bytes) and its button labels."""

    prefix: ClassVar[str]
    whole_country_label: ClassVar[str]
    """Catalogue key of the button that chooses the country without a region."""
    not_saying_label: ClassVar[str | None] = None
    """Catalogue key of a "rather not say" button under the countries; None: no such button."""
    NOT_SAYING: ClassVar[str] = "-"

    @abstractmethod
    def country(self, country: str) -> str: ...

    @abstractmethod
    def region(self, country: str, region: str) -> str: ...

    @abstractmethod
    def whole_country(self, country: str) -> str: ...

    @abstractmethod
    def split(self, value: str) -> tuple[str, str | None, bool] | None:
        """(country, region, whole country) that `value` (the data after the prefix) names,
        not yet checked against the places; None for a shape this flow never writes."""

    def not_saying(self) -> str:
        return f"{self.prefix}{self.NOT_SAYING}"

    def read(self, data: str) -> PlaceChoice | None:
        """The choice a button's data stands for; None for data no keyboard of this flow carries."""
        if not data.startswith(self.prefix):
            return None
        value = data.removeprefix(self.prefix)
        if self.not_saying_label is not None and value == self.NOT_SAYING:
            return PlaceChoice(None)
        parts = self.split(value)
        return _checked(*parts) if parts is not None else None


def _checked(country: str, region: str | None, whole_country: bool) -> PlaceChoice | None:
    if not is_known_place(country, region):
        return None
    if region is not None or whole_country:
        return PlaceChoice(ClientPlace(country=country, region=region))
    return PlaceChoice(ClientPlace(country=country), ask_region=country in REGIONS_BY_COUNTRY)


def _rows(buttons: list[InlineKeyboardButton], per_row: int) -> list[list[InlineKeyboardButton]]:
    return [buttons[start : start + per_row] for start in range(0, len(buttons), per_row)]


def countries_keyboard(callbacks: PlaceCallbacks, texts: Catalogue, lang: Lang) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(text=name.in_lang(lang), callback_data=callbacks.country(code))
               for code, name in COUNTRIES.items()]
    rows = _rows(buttons, COUNTRIES_PER_ROW)
    if callbacks.not_saying_label is not None:
        label = texts.get(callbacks.not_saying_label, lang)
        rows.append([InlineKeyboardButton(text=label, callback_data=callbacks.not_saying())])
    return InlineKeyboardMarkup(inline_keyboard=rows)


def regions_keyboard(
    callbacks: PlaceCallbacks, texts: Catalogue, lang: Lang, country: str
) -> InlineKeyboardMarkup:
    """The whole country first, on its own row: the answer of anyone who would rather not say more."""
    whole = InlineKeyboardButton(text=texts.get(callbacks.whole_country_label, lang),
                                 callback_data=callbacks.whole_country(country))
    buttons = [InlineKeyboardButton(text=name.in_lang(lang), callback_data=callbacks.region(country, code))
               for code, name in REGIONS_BY_COUNTRY.get(country, {}).items()]
    return InlineKeyboardMarkup(inline_keyboard=[[whole], *_rows(buttons, REGIONS_PER_ROW)])
