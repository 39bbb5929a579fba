"""Inline keyboards of the /alerts flow: a country, then (in Ukraine) an oblast or all of it.

Callback data stays under Telegram's 64 bytes: `alerts:c:UA`, `alerts:r:UA:UA-46`, `alerts:r:UA:*`.
"""

from __future__ import annotations

from dataclasses import dataclass

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from peerline_shared.places import COUNTRIES, REGIONS_BY_COUNTRY
from peerline_telegram.alerts.domain import Place

PREFIX = "alerts:"
OFFER = f"{PREFIX}offer"
WHOLE = "*"
PER_ROW = 3


@dataclass(frozen=True)
class Choice:
    """What a pressed button means: a country to ask the region of, or a place to subscribe."""

    country: str
    place: Place | None


def read_choice(data: str) -> Choice | None:
    parts = data.removeprefix(PREFIX).split(":")
    if len(parts) == 2 and parts[0] == "c" and parts[1] in COUNTRIES:
        return Choice(parts[1], None)
    if len(parts) == 3 and parts[0] == "r" and parts[1] in COUNTRIES:
        region = None if parts[2] == WHOLE else parts[2]
        if region is None or region in REGIONS_BY_COUNTRY.get(parts[1], {}):
            return Choice(parts[1], Place(parts[1], region))
    return None


def _rows(buttons: list[InlineKeyboardButton]) -> list[list[InlineKeyboardButton]]:
    return [buttons[at : at + PER_ROW] for at in range(0, len(buttons), PER_ROW)]


def countries(lang: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=_rows(
            [
                InlineKeyboardButton(text=name.in_lang(lang), callback_data=f"{PREFIX}c:{code}")  # type: ignore[arg-type]
                for code, name in COUNTRIES.items()
            ]
        )
    )


def regions(country: str, lang: str, whole_country: str) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(text=whole_country, callback_data=f"{PREFIX}r:{country}:{WHOLE}")]
    buttons += [
        InlineKeyboardButton(text=name.in_lang(lang), callback_data=f"{PREFIX}r:{country}:{code}")  # type: ignore[arg-type]
        for code, name in REGIONS_BY_COUNTRY.get(country, {}).items()
    ]
    return InlineKeyboardMarkup(inline_keyboard=_rows(buttons))


def offer(label: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=label, callback_data=OFFER)]])
