"""Request/reply contract of the directory service (subjects `helpline.rpc.directory.*`)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Literal

from pydantic import Field

from peerline_shared.events.base import Alias, Command, Query, Reply, WireModel
from peerline_shared.events.vocabulary import Lang, Presence, Role

PresenceStatus = Presence
HelpServiceKind = Literal[
    "ost", "hiv", "tb", "hepatitis", "harm_reduction", "shelter", "food", "legal",
    "mental_health", "humanitarian",
]


class ReportPresence(Command):
    """A console heartbeat: the consultant is here with this status (Redis TTL in directory)."""

    type: Literal["command.report_presence"] = "command.report_presence"
    schema_version: Literal[1] = 1
    consultant_id: uuid.UUID
    status: PresenceStatus


class ListOnShift(Query):
    """Supervisors: who is on shift now, present or not, with their load."""

    type: Literal["query.list_on_shift"] = "query.list_on_shift"
    schema_version: Literal[1] = 1
    at: datetime | None = None


class ConsultantStatus(WireModel):
    consultant_id: uuid.UUID
    alias: Alias
    role: Role = "consultant"
    languages: tuple[Lang, ...] = ()
    topics: tuple[str, ...] = ()
    presence: PresenceStatus = "offline"
    on_shift: bool = False
    load: int = 0
    capacity: int = 1


class OnShiftListed(Reply):
    type: Literal["query.on_shift_listed"] = "query.on_shift_listed"
    schema_version: Literal[1] = 1
    consultants: tuple[ConsultantStatus, ...] = ()


class SearchHelpServices(Query):
    """Referral search from the console: free text plus filters, ranked."""

    type: Literal["query.search_help_services"] = "query.search_help_services"
    schema_version: Literal[1] = 1
    text: str = Field(default="", max_length=200)
    kind: HelpServiceKind | None = None
    country: str | None = Field(default=None, max_length=2)
    city: str | None = Field(default=None, max_length=100)
    lang: Lang | None = None
    limit: int = Field(default=10, ge=1, le=50)


class HelpServiceItem(WireModel):
    service_id: uuid.UUID
    name: str
    kinds: tuple[HelpServiceKind, ...]
    country: str
    city: str
    address: str = ""
    languages: tuple[str, ...] = ()
    opening_hours: str = ""
    contacts: str = ""
    notes: str = ""
    last_verified: date | None = None
    stale: bool = False
    """Not verified for over six months: the console shows a warning."""
    is_example: bool = False


class HelpServicesFound(Reply):
    type: Literal["query.help_services_found"] = "query.help_services_found"
    schema_version: Literal[1] = 1
    items: tuple[HelpServiceItem, ...] = ()
