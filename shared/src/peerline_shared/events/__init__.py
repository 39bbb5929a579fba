"""The contract between services: every wire message, versioned, in one package."""

from __future__ import annotations

import json
from typing import Any, TypeVar

from pydantic import ValidationError

from peerline_shared.events.alerts import (
    ActiveAlert,
    ActiveAlertsListed,
    AlertProgress,
    AlertsAuditVerified,
    AlertSaved,
    AlertsListed,
    AlertTexts,
    AlertView,
    ApproveAlert,
    CancelAlert,
    DraftAlert,
    ListActiveAlerts,
    ListAlerts,
    VerifyAlertsAudit,
)
from peerline_shared.events.audit import AuditRecorded
from peerline_shared.events.base import (
    MESSAGE_KINDS,
    Command,
    Event,
    EventBase,
    Message,
    Query,
    Reply,
    WireModel,
    derived_id,
    new_trace_id,
    utc_now,
)
from peerline_shared.events.channels import (
    ChannelPostDone,
    DeleteChannelPost,
    EditChannelPost,
    PublishChannelPost,
)
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
    ContentActor,
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
    ClientPlace,
    CountryCode,
    EmergencyTier,
    Lang,
    Signal,
    Topic,
    Urgency,
    urgency_rank,
)
from peerline_shared.events.consultants import (
    ConsultantAccessChanged,
    ConsultantNotified,
    ConsultantPresenceChanged,
)
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
from peerline_shared.events.library import (
    ArticlesFound,
    ArticleView,
    DeleteArticle,
    DeleteArticleV1,
    FindArticles,
    SaveArticle,
    SaveArticleV1,
    SuggestArticles,
    article_change_v1_to_v2,
)
from peerline_shared.events.management import (
    AddShiftOverride,
    AddShiftSlot,
    ConsultantSaved,
    ConsultantSavedV1,
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
    consultant_saved_v1_to_v2,
)
from peerline_shared.events.messages import ClientMessageReceived, MessageTriaged
from peerline_shared.events.outbound import (
    MessageDelivered,
    MessageUndeliverable,
    OutboundMessageRequested,
)
from peerline_shared.events.registry import (
    Registry,
    UnknownMessage,
    key_of,
    parse_type_header,
    type_header,
)
from peerline_shared.events.reports import (
    MAX_REPORT_PERIODS,
    REPORT_BY,
    ConsultantFigures,
    ConsultantShiftHours,
    GetReport,
    GetShiftHours,
    ReplyTimes,
    ReportBy,
    ReportLine,
    ReportPeriod,
    ReportShown,
    ShiftHoursListed,
    ShiftWindow,
)
from peerline_shared.events.specialists import (
    AvailabilityWindow,
    ListSpecialists,
    ReferToSpecialist,
    SaveSpecialist,
    SaveSpecialistKind,
    SpecialistKindView,
    SpecialistsListed,
    SpecialistView,
)
from peerline_shared.events.telegram_links import (
    FindTelegramRecipients,
    LinkTelegram,
    ManageTelegramLink,
    TelegramLinked,
    TelegramLinkShown,
    TelegramRecipient,
    TelegramRecipientsFound,
    UnlinkTelegram,
)

E = TypeVar("E", bound=EventBase)

ALL_MESSAGES: tuple[type[EventBase], ...] = (
    ClientMessageReceived, MessageTriaged, OutboundMessageRequested, MessageUndeliverable,
    MessageDelivered, ConversationQueued, ConversationUpdated, ConversationOffered,
    ConversationClaimed, ConversationRequeued, ConversationTransferred, ConversationClosed,
    ConversationEscalated, ConsultantNotified, ConsultantPresenceChanged, AuditRecorded,
    ConsultantAccessChanged,
    ClientErasureRequested, ClaimConversation, ReplyToClient, CloseConversation,
    TransferConversation, AddNote, CommandResult, ListQueue, QueueListed, GetConversation,
    ConversationShown, FindCandidates, CandidatesFound, QueryAudit, AuditPage, GetQueueStats,
    QueueStats, ReportPresence, ListOnShift, OnShiftListed, SearchHelpServices, HelpServicesFound,
    ListConsultants, ConsultantsListed, SaveConsultant, ConsultantSaved, DeactivateConsultant, ListShifts,
    ShiftsListed, AddShiftSlot, RemoveShiftSlot, AddShiftOverride, RemoveShiftOverride,
    CorrectTriage, GetTriageCorrectionStats, TriageCorrectionStats, ExportTriageCorrections,
    TriageCorrectionsPage, ListSpecialists, SpecialistsListed, SaveSpecialistKind, SaveSpecialist,
    ReferToSpecialist, FindArticles, SuggestArticles, ArticlesFound, SaveArticle, DeleteArticle,
    GetReport, ReportShown, GetShiftHours, ShiftHoursListed,
    PublishChannelPost, EditChannelPost, DeleteChannelPost, ChannelPostDone,
    DraftAlert, ApproveAlert, CancelAlert, AlertSaved, ListAlerts, AlertsListed, ListActiveAlerts,
    ActiveAlertsListed, VerifyAlertsAudit, AlertsAuditVerified,
    ManageTelegramLink, TelegramLinkShown, LinkTelegram, TelegramLinked,
    UnlinkTelegram, FindTelegramRecipients, TelegramRecipientsFound,
)


OLDER_VERSIONS: tuple[type[EventBase], ...] = (ConsultantSavedV1, SaveArticleV1, DeleteArticleV1)
"""Versions still read (and upcast) but no longer sent; each leaves once no producer sends it."""

REGISTRY = Registry((*ALL_MESSAGES, *OLDER_VERSIONS))
REGISTRY.upcaster("command.consultant_saved", 1, into=ConsultantSaved)(consultant_saved_v1_to_v2)
REGISTRY.upcaster("command.save_article", 1, into=SaveArticle)(article_change_v1_to_v2)
REGISTRY.upcaster("command.delete_article", 1, into=DeleteArticle)(article_change_v1_to_v2)


class UnreadableMessage(ValueError):
    """A wire message that cannot be decoded: broken JSON, wrong type, unknown version."""


def _reason(model: type[Any], exc: ValidationError) -> str:
    first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": str(exc)}
    where = ".".join(str(part) for part in first["loc"]) or "body"
    return f"{model.__name__}: {where}: {first['msg']}"


def decode(model: type[E], body: bytes) -> E:
    """Decode bytes into `model`, or raise `UnreadableMessage` with a reason fit for a log.

    A body of an older version of `model` is upcast to it (the registry's upcasters); a newer
    or unknown version is unreadable. The current version costs one validation, as before."""
    try:
        return model.model_validate_json(body)
    except ValidationError as exc:
        first_failure = exc
    return _decode_older(model, body, first_failure)


def _decode_older(model: type[E], body: bytes, failure: ValidationError) -> E:
    try:
        payload = json.loads(body)
        wanted = key_of(model)
        written = (payload.get("type"), payload.get("schema_version"))
    except (ValueError, TypeError, AttributeError, UnicodeDecodeError, RecursionError):  # too deep
        raise UnreadableMessage(_reason(model, failure)) from None
    if written == wanted or written[0] is None:
        raise UnreadableMessage(_reason(model, failure))
    try:
        REGISTRY.model(written).model_validate(payload)  # read by its own version first: an
        upcast = REGISTRY.upcast(payload, model)  # upcaster never lends a field what v1 forbade
        return model.model_validate(upcast)
    except UnknownMessage as unknown:
        raise UnreadableMessage(f"{model.__name__}: {unknown}") from None
    except ValidationError as exc:
        raise UnreadableMessage(_reason(model, exc)) from None
    except Exception as exc:  # an upcaster choking on a damaged payload: park it, go on
        raise UnreadableMessage(f"{model.__name__}: upcasting failed: {type(exc).__name__}") from None


def decode_as_written(body: bytes) -> EventBase:
    """Decode a message with the model of its own `(type, schema_version)`, upcasting nothing
    (the outbox relay republishes exactly what was stored)."""
    try:
        payload = json.loads(body)
        model = REGISTRY.model((payload["type"], payload["schema_version"]))
    except (ValueError, TypeError, KeyError, UnicodeDecodeError, RecursionError, UnknownMessage) as exc:
        raise UnreadableMessage(f"no registered message: {exc}") from None
    return decode(model, body)


def read(body: bytes, type_header: str | None = None) -> EventBase:
    """Decode a message of any registered type as the newest version of it, picking the model
    by the publisher's type header (`conversation.claimed/v1`) or, without one, by the body's
    own `type` and `schema_version`: for a subscriber of a subject that carries several types."""
    try:
        key = parse_type_header(type_header) if type_header else _key_of_body(body)
        model = REGISTRY.newest(key)
    except (ValueError, TypeError, KeyError, UnicodeDecodeError, RecursionError, UnknownMessage) as exc:
        raise UnreadableMessage(f"no registered message: {exc}") from None
    return decode(model, body)


def _key_of_body(body: bytes) -> tuple[str, int]:
    payload = json.loads(body)
    return payload["type"], payload["schema_version"]


def encode(message: WireModel) -> bytes:
    """The message's JSON, the bytes `model_dump_json()` would give, without its str round trip."""
    return message.__pydantic_serializer__.to_json(message)


__all__ = [
    "ALL_MESSAGES",
    "CHANNELS",
    "MAX_REPORT_PERIODS",
    "MESSAGE_KINDS",
    "OLDER_VERSIONS",
    "REGISTRY",
    "REPORT_BY",
    "TOPICS",
    "URGENCY_ORDER",
    "ActiveAlert",
    "ActiveAlertsListed",
    "Actor",
    "AddNote",
    "AddShiftOverride",
    "AddShiftSlot",
    "AlertProgress",
    "AlertSaved",
    "AlertTexts",
    "AlertView",
    "AlertsAuditVerified",
    "AlertsListed",
    "ApproveAlert",
    "ArticleView",
    "ArticlesFound",
    "AuditEntryView",
    "AuditPage",
    "AuditRecorded",
    "AvailabilityWindow",
    "CancelAlert",
    "Candidate",
    "CandidatesFound",
    "Channel",
    "ChannelPostDone",
    "ClaimConversation",
    "ClientErasureRequested",
    "ClientMessageReceived",
    "ClientPlace",
    "CloseConversation",
    "Command",
    "CommandResult",
    "ConsultantAccessChanged",
    "ConsultantFigures",
    "ConsultantNotified",
    "ConsultantPresenceChanged",
    "ConsultantSaved",
    "ConsultantSavedV1",
    "ConsultantShiftHours",
    "ConsultantStatus",
    "ConsultantView",
    "ConsultantsListed",
    "ContentActor",
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
    "CountryCode",
    "DeactivateConsultant",
    "DeleteArticle",
    "DeleteArticleV1",
    "DeleteChannelPost",
    "DraftAlert",
    "EditChannelPost",
    "EmergencyTier",
    "Event",
    "EventBase",
    "ExportTriageCorrections",
    "FindArticles",
    "FindCandidates",
    "FindTelegramRecipients",
    "GetConversation",
    "GetQueueStats",
    "GetReport",
    "GetShiftHours",
    "GetTriageCorrectionStats",
    "HelpServiceItem",
    "HelpServicesFound",
    "LabelledMessage",
    "Lang",
    "LinkTelegram",
    "ListActiveAlerts",
    "ListAlerts",
    "ListConsultants",
    "ListOnShift",
    "ListQueue",
    "ListShifts",
    "ListSpecialists",
    "ManageTelegramLink",
    "Message",
    "MessageDelivered",
    "MessageTriaged",
    "MessageUndeliverable",
    "MessageView",
    "OnShiftListed",
    "OutboundMessageRequested",
    "PublishChannelPost",
    "Query",
    "QueryAudit",
    "QueueItem",
    "QueueListed",
    "QueueStats",
    "ReferToSpecialist",
    "Registry",
    "RemoveShiftOverride",
    "RemoveShiftSlot",
    "Reply",
    "ReplyTimes",
    "ReplyToClient",
    "ReportBy",
    "ReportLine",
    "ReportPeriod",
    "ReportPresence",
    "ReportShown",
    "SaveArticle",
    "SaveArticleV1",
    "SaveConsultant",
    "SaveSpecialist",
    "SaveSpecialistKind",
    "SearchHelpServices",
    "ShiftHoursListed",
    "ShiftOverrideView",
    "ShiftSlotView",
    "ShiftWindow",
    "ShiftsListed",
    "Signal",
    "SpecialistKindView",
    "SpecialistView",
    "SpecialistsListed",
    "SuggestArticles",
    "TelegramLinkShown",
    "TelegramLinked",
    "TelegramRecipient",
    "TelegramRecipientsFound",
    "Topic",
    "TransferConversation",
    "TriageCorrectionStats",
    "TriageCorrectionsPage",
    "UnknownMessage",
    "UnlinkTelegram",
    "UnreadableMessage",
    "Urgency",
    "UrgencyChange",
    "VerifyAlertsAudit",
    "WireModel",
    "decode",
    "decode_as_written",
    "derived_id",
    "encode",
    "key_of",
    "new_trace_id",
    "parse_type_header",
    "read",
    "type_header",
    "urgency_rank",
    "utc_now",
]
