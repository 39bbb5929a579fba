"""The contract between services: every wire message, versioned, in one package."""

from __future__ import annotations

from typing import TypeVar

from pydantic import ValidationError

from peerline_shared.events.audit import AuditRecorded
from peerline_shared.events.base import EventBase, WireModel, derived_id, new_trace_id, utc_now
from peerline_shared.events.clients import ClientErasureRequested
from peerline_shared.events.commands import (
    Actor,
    AddNote,
    AuditEntryView,
    AuditPage,
    Candidate,
    CandidatesFound,
    ClaimConversation,
    CloseConversation,
    CommandResult,
    ConversationShown,
    FindCandidates,
    GetConversation,
    GetQueueStats,
    ListQueue,
    MessageView,
    QueryAudit,
    QueueItem,
    QueueListed,
    QueueStats,
    ReplyToClient,
    TransferConversation,
)
from peerline_shared.events.common import (
    CHANNELS,
    TOPICS,
    URGENCY_ORDER,
    Channel,
    EmergencyTier,
    Lang,
    Signal,
    Topic,
    Urgency,
    urgency_rank,
)
from peerline_shared.events.consultants import ConsultantNotified, ConsultantPresenceChanged
from peerline_shared.events.conversations import (
    ConversationClaimed,
    ConversationClosed,
    ConversationEscalated,
    ConversationEvent,
    ConversationOffered,
    ConversationQueued,
    ConversationRequeued,
    ConversationTransferred,
    ConversationUpdated,
)
from peerline_shared.events.corrections import (
    CorrectTriage,
    ExportTriageCorrections,
    GetTriageCorrectionStats,
    LabelledMessage,
    TriageCorrectionsPage,
    TriageCorrectionStats,
    UrgencyChange,
)
from peerline_shared.events.directory import (
    ConsultantStatus,
    HelpServiceItem,
    HelpServicesFound,
    ListOnShift,
    OnShiftListed,
    ReportPresence,
    SearchHelpServices,
)
from peerline_shared.events.management import (
    AddShiftOverride,
    AddShiftSlot,
    ConsultantSaved,
    ConsultantsListed,
    ConsultantView,
    DeactivateConsultant,
    ListConsultants,
    ListShifts,
    RemoveShiftOverride,
    RemoveShiftSlot,
    SaveConsultant,
    ShiftOverrideView,
    ShiftsListed,
    ShiftSlotView,
)
from peerline_shared.events.messages import ClientMessageReceived, MessageTriaged
from peerline_shared.events.outbound import (
    MessageDelivered,
    MessageUndeliverable,
    OutboundMessageRequested,
)

E = TypeVar("E", bound=EventBase)

ALL_MESSAGES: tuple[type[EventBase], ...] = (
    ClientMessageReceived, MessageTriaged, OutboundMessageRequested, MessageUndeliverable,
    MessageDelivered, ConversationQueued, ConversationUpdated, ConversationOffered,
    ConversationClaimed, ConversationRequeued, ConversationTransferred, ConversationClosed,
    ConversationEscalated, ConsultantNotified, ConsultantPresenceChanged, AuditRecorded,
    ClientErasureRequested, ClaimConversation, ReplyToClient, CloseConversation,
    TransferConversation, AddNote, CommandResult, ListQueue, QueueListed, GetConversation,
    ConversationShown, FindCandidates, CandidatesFound, QueryAudit, AuditPage, GetQueueStats,
    QueueStats, ReportPresence, ListOnShift, OnShiftListed, SearchHelpServices, HelpServicesFound,
    ListConsultants, ConsultantsListed, SaveConsultant, ConsultantSaved, DeactivateConsultant, ListShifts,
    ShiftsListed, AddShiftSlot, RemoveShiftSlot, AddShiftOverride, RemoveShiftOverride,
    CorrectTriage, GetTriageCorrectionStats, TriageCorrectionStats, ExportTriageCorrections,
    TriageCorrectionsPage,
)


class UnreadableMessage(ValueError):
    """A wire message that cannot be decoded: broken JSON, wrong type, unknown version."""


def decode(model: type[E], body: bytes) -> E:
    """Decode bytes into `model`, or raise `UnreadableMessage` with a reason fit for a log."""
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": str(exc)}
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise UnreadableMessage(f"{model.__name__}: {where}: {first['msg']}") from None


def encode(message: WireModel) -> bytes:
    return message.model_dump_json().encode()


__all__ = [
    "ALL_MESSAGES",
    "CHANNELS",
    "TOPICS",
    "URGENCY_ORDER",
    "Actor",
    "AddNote",
    "AddShiftOverride",
    "AddShiftSlot",
    "AuditEntryView",
    "AuditPage",
    "AuditRecorded",
    "Candidate",
    "CandidatesFound",
    "Channel",
    "ClaimConversation",
    "ClientErasureRequested",
    "ClientMessageReceived",
    "CloseConversation",
    "CommandResult",
    "ConsultantNotified",
    "ConsultantPresenceChanged",
    "ConsultantSaved",
    "ConsultantStatus",
    "ConsultantView",
    "ConsultantsListed",
    "ConversationClaimed",
    "ConversationClosed",
    "ConversationEscalated",
    "ConversationEvent",
    "ConversationOffered",
    "ConversationQueued",
    "ConversationRequeued",
    "ConversationShown",
    "ConversationTransferred",
    "ConversationUpdated",
    "CorrectTriage",
    "DeactivateConsultant",
    "EmergencyTier",
    "EventBase",
    "ExportTriageCorrections",
    "FindCandidates",
    "GetConversation",
    "GetQueueStats",
    "GetTriageCorrectionStats",
    "HelpServiceItem",
    "HelpServicesFound",
    "LabelledMessage",
    "Lang",
    "ListConsultants",
    "ListOnShift",
    "ListQueue",
    "ListShifts",
    "MessageDelivered",
    "MessageTriaged",
    "MessageUndeliverable",
    "MessageView",
    "OnShiftListed",
    "OutboundMessageRequested",
    "QueryAudit",
    "QueueItem",
    "QueueListed",
    "QueueStats",
    "RemoveShiftOverride",
    "RemoveShiftSlot",
    "ReplyToClient",
    "ReportPresence",
    "SaveConsultant",
    "SearchHelpServices",
    "ShiftOverrideView",
    "ShiftSlotView",
    "ShiftsListed",
    "Signal",
    "Topic",
    "TransferConversation",
    "TriageCorrectionStats",
    "TriageCorrectionsPage",
    "UnreadableMessage",
    "Urgency",
    "UrgencyChange",
    "WireModel",
    "decode",
    "derived_id",
    "encode",
    "new_trace_id",
    "urgency_rank",
    "utc_now",
]
