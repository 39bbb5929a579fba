"""Value types several areas share: the vocabulary (re-exported) and triage signals."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import StringConstraints, model_validator

from peerline_shared.events.base import WireModel
from peerline_shared.events.vocabulary import (
    CHANNELS,
    TOPICS,
    URGENCY_ORDER,
    Channel,
    CueKind,
    EmergencyTier,
    Lang,
    Topic,
    Urgency,
    urgency_rank,
)


class Signal(WireModel):
    """One triage cue that fired, with the words that fired it ("why flagged")."""

    cue: str
    kind: CueKind
    label: str
    words: tuple[str, ...] = ()
    weight: float = 0.0


CountryCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}$")]
"""ISO 3166-1 alpha-2, upper case: "UA", "PL"."""
RegionCode = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2}-[0-9A-Z]{1,3}$")]
"""ISO 3166-2: "UA-46" (Lviv oblast)."""


class ClientPlace(WireModel):
    """Where the client said they are now (peerline_shared.places lists the choices). Travels
    with their messages, never with an identity; the region belongs to the country."""

    country: CountryCode
    region: RegionCode | None = None

    @model_validator(mode="after")
    def _region_in_country(self) -> Self:
        if self.region is not None and not self.region.startswith(f"{self.country}-"):
            raise ValueError(f"region {self.region} is not in {self.country}")
        return self


__all__ = [
    "CHANNELS",
    "TOPICS",
    "URGENCY_ORDER",
    "Channel",
    "ClientPlace",
    "CountryCode",
    "EmergencyTier",
    "Lang",
    "RegionCode",
    "Signal",
    "Topic",
    "Urgency",
    "urgency_rank",
]
