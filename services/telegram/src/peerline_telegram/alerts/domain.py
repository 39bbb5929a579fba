"""Pure rules of alerts: who may approve, who receives, how deliveries count. No I/O."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from peerline_shared.events.vocabulary import SUPERVISING_ROLES, Role
from peerline_shared.places import is_known_place


class Delivery(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    UNCERTAIN = "uncertain"


class Status(StrEnum):
    DRAFT = "draft"
    SENDING = "sending"
    SENT = "sent"
    CANCELLED = "cancelled"


class Refusal(StrEnum):
    FORBIDDEN = "forbidden"
    SAME_PERSON = "same_person"
    NOT_A_DRAFT = "not_a_draft"
    NOT_FOUND = "not_found"
    INVALID = "invalid"


@dataclass(frozen=True)
class Target:
    """Where an alert goes: everyone (no country), a country, or one of its regions."""

    country: str | None
    region: str | None


@dataclass(frozen=True)
class Place:
    """Where a subscriber asked alerts for: a country, and in it a region or (None) all of it."""

    country: str
    region: str | None


def target_problem(target: Target, langs: Iterable[str]) -> str | None:
    """Why a draft cannot be an alert, or None."""
    if not list(langs):
        return "an alert needs a text in at least one language"
    if target.country is None:
        return "a region needs its country" if target.region else None
    if not is_known_place(target.country, target.region):
        return "unknown country or region"
    return None


def may_draft(role: Role) -> bool:
    return role in SUPERVISING_ROLES


def approval_refusal(*, role: Role, approver: uuid.UUID, drafter: uuid.UUID, status: str) -> Refusal | None:
    """Two people for every alert: a supervisor other than the drafter approves a draft."""
    if role not in SUPERVISING_ROLES:
        return Refusal.FORBIDDEN
    if status != Status.DRAFT:
        return Refusal.NOT_A_DRAFT
    if approver == drafter:
        return Refusal.SAME_PERSON
    return None


def reaches(target: Target, place: Place) -> bool:
    """A subscriber for a whole country hears every alert for it; one for a region hears
    alerts for that region and for the whole country."""
    if target.country is None:
        return True
    if target.country != place.country:
        return False
    return target.region is None or place.region is None or target.region == place.region


def is_subscribable(country: str, region: str | None) -> bool:
    return is_known_place(country, region)


@dataclass(frozen=True)
class Counts:
    total: int
    sent: int
    failed: int
    uncertain: int
    remaining: int


def counts(by_status: Mapping[str, int]) -> Counts:
    remaining = by_status.get(Delivery.PENDING, 0) + by_status.get(Delivery.SENDING, 0)
    return Counts(
        total=sum(by_status.values()),
        sent=by_status.get(Delivery.SENT, 0),
        failed=by_status.get(Delivery.FAILED, 0),
        uncertain=by_status.get(Delivery.UNCERTAIN, 0),
        remaining=remaining,
    )
