"""Which message travels on which subject, who sends it and who reads it.

The source of the published catalogue (docs/asyncapi.json, `make asyncapi`): a subject that
carries a new message, or a new version of one, is added here in the same change, and the
contract test fails until the committed document is generated again.
"""

from __future__ import annotations

from dataclasses import dataclass

from peerline_shared.events import subjects as subj
from peerline_shared.events.alerts import (
    ActiveAlertsListed,
    AlertsAuditVerified,
    AlertSaved,
    AlertsListed,
    ApproveAlert,
    CancelAlert,
    DraftAlert,
    ListActiveAlerts,
    ListAlerts,
    VerifyAlertsAudit,
)
from peerline_shared.events.audit import AuditRecorded
from peerline_shared.events.base import Message
from peerline_shared.events.channels import (
    ChannelPostDone,
    DeleteChannelPost,
    EditChannelPost,
    PublishChannelPost,
)
from peerline_shared.events.clients import ClientErasureRequested
from peerline_shared.events.commands import (
    AddNote,
    AuditPage,
    CandidatesFound,
    ClaimConversation,
    CloseConversation,
    CommandResult,
    ConversationShown,
    FindCandidates,
    GetConversation,
    GetQueueStats,
    ListQueue,
    QueryAudit,
    QueueListed,
    QueueStats,
    ReplyToClient,
    TransferConversation,
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
    TriageCorrectionsPage,
    TriageCorrectionStats,
)
from peerline_shared.events.directory import (
    HelpServicesFound,
    ListOnShift,
    OnShiftListed,
    ReportPresence,
    SearchHelpServices,
)
from peerline_shared.events.library import (
    ArticlesFound,
    DeleteArticle,
    DeleteArticleV1,
    FindArticles,
    SaveArticle,
    SaveArticleV1,
    SuggestArticles,
)
from peerline_shared.events.management import (
    AddShiftOverride,
    AddShiftSlot,
    ConsultantSaved,
    ConsultantSavedV1,
    ConsultantsListed,
    DeactivateConsultant,
    ListConsultants,
    ListShifts,
    RemoveShiftOverride,
    RemoveShiftSlot,
    SaveConsultant,
    ShiftsListed,
)
from peerline_shared.events.messages import ClientMessageReceived, MessageTriaged
from peerline_shared.events.outbound import (
    MessageDelivered,
    MessageUndeliverable,
    OutboundMessageRequested,
)
from peerline_shared.events.reports import GetReport, GetShiftHours, ReportShown, ShiftHoursListed
from peerline_shared.events.specialists import (
    ListSpecialists,
    ReferToSpecialist,
    SaveSpecialist,
    SaveSpecialistKind,
    SpecialistsListed,
)
from peerline_shared.events.telegram_links import (
    FindTelegramRecipients,
    LinkTelegram,
    ManageTelegramLink,
    TelegramLinked,
    TelegramLinkShown,
    TelegramRecipientsFound,
    UnlinkTelegram,
)
from peerline_shared.events.vocabulary import CHANNELS


@dataclass(frozen=True)
class Stream:
    """Messages published on a JetStream subject, kept and delivered to every follower."""

    name: str
    subject: str
    messages: tuple[type[Message], ...]
    senders: tuple[str, ...]
    receivers: tuple[str, ...]
    summary: str


@dataclass(frozen=True)
class Rpc:
    """A command or query sent by NATS request/reply to the one service that answers it."""

    name: str
    subject: str
    request: type[Message]
    replies: tuple[type[Message], ...]
    senders: tuple[str, ...]
    receiver: str
    summary: str
    older_requests: tuple[type[Message], ...] = ()
    """Older versions of `request` the receiver still reads (and upcasts) during a rollout."""


def _conversation(model: type[Message], summary: str) -> Stream:
    event_name = model.model_fields["type"].default.split(".", 1)[1]
    return Stream(f"conversation.{event_name}", subj.conversation(event_name), (model,),
                  ("notifications",), ("gateway", "directory"), summary)


STREAMS: tuple[Stream, ...] = (
    Stream("inbound", "helpline.inbound.{channel}", (ClientMessageReceived,),
           ("gateway", "telegram"), ("triage",), "A client wrote, scrubbed and pseudonymous."),
    Stream("triaged", subj.TRIAGED, (MessageTriaged,), ("triage",), ("notifications",),
           "A client message with its urgency, topics and language."),
    Stream("outbound", "helpline.outbound.{channel}", (OutboundMessageRequested,),
           ("notifications", "triage"), ("gateway", "telegram"),
           "Text for a client on their channel: a consultant's reply, first aid, a notice."),
    Stream("outbound.undeliverable", subj.OUTBOUND_UNDELIVERABLE, (MessageUndeliverable,),
           ("gateway", "telegram"), ("notifications",),
           "A channel could not deliver a message: notifications marks it in the conversation."),
    Stream("outbound.delivered", subj.OUTBOUND_DELIVERED, (MessageDelivered,),
           ("gateway", "telegram"), ("notifications",), "A channel delivered a message."),
    _conversation(ConversationQueued, "A conversation waits in the shared queue."),
    _conversation(ConversationUpdated, "A client wrote again, or a consultant replied."),
    _conversation(ConversationOffered, "Routing offered a conversation to consultants."),
    _conversation(ConversationClaimed, "A consultant took a conversation."),
    _conversation(ConversationRequeued, "A conversation went back to the queue."),
    _conversation(ConversationTransferred, "A conversation went to another consultant."),
    _conversation(ConversationClosed, "A conversation was closed."),
    _conversation(ConversationEscalated, "Nobody claimed in time: more people were alerted."),
    Stream("consultant.notified", subj.CONSULTANT_NOTIFIED, (ConsultantNotified,),
           ("notifications",), ("gateway", "telegram"), "A notice for consultants."),
    Stream("consultant.presence", subj.CONSULTANT_PRESENCE, (ConsultantPresenceChanged,),
           ("directory",), ("gateway",), "A consultant's presence changed."),
    Stream("consultant.access", subj.CONSULTANT_ACCESS, (ConsultantAccessChanged,),
           ("directory",), ("gateway",), "A consultant's role or active state changed (sessions end)."),
    Stream("audit.recorded", subj.AUDIT_RECORDED, (AuditRecorded,), ("notifications",), (),
           "An audit record was appended to the chain."),
    Stream("client.erasure_requested", subj.CLIENT_ERASURE_REQUESTED, (ClientErasureRequested,),
           ("gateway", "telegram"), ("notifications", "triage"), "A client asked to be forgotten."),
)

_CONSOLE = ("gateway",)

RPCS: tuple[Rpc, ...] = (
    Rpc("directory.candidates", subj.RPC_DIRECTORY_CANDIDATES, FindCandidates, (CandidatesFound,),
        ("notifications",), "directory", "Who could take a conversation now."),
    Rpc("directory.presence", subj.RPC_DIRECTORY_PRESENCE, ReportPresence, (CommandResult,),
        _CONSOLE, "directory", "A console heartbeat."),
    Rpc("directory.on_shift", subj.RPC_DIRECTORY_ON_SHIFT, ListOnShift, (OnShiftListed,),
        _CONSOLE, "directory", "Who is on shift now."),
    Rpc("directory.search", subj.RPC_DIRECTORY_SEARCH, SearchHelpServices, (HelpServicesFound,),
        _CONSOLE, "directory", "Referral search."),
    Rpc("directory.shift_hours", subj.RPC_DIRECTORY_SHIFT_HOURS, GetShiftHours, (ShiftHoursListed,),
        ("notifications",), "directory", "Planned hours on shift, for reports."),
    Rpc("directory.manage.list_consultants", subj.RPC_DIRECTORY_MANAGE_LIST_CONSULTANTS,
        ListConsultants, (ConsultantsListed,), _CONSOLE, "directory", "Consultants, for managers."),
    Rpc("directory.manage.save_consultant", subj.RPC_DIRECTORY_MANAGE_SAVE_CONSULTANT,
        SaveConsultant, (ConsultantSaved, ConsultantSavedV1), _CONSOLE, "directory",
        "Create or change a consultant (directories before v2 reply with v1)."),
    Rpc("directory.manage.deactivate_consultant", subj.RPC_DIRECTORY_MANAGE_DEACTIVATE_CONSULTANT,
        DeactivateConsultant, (CommandResult,), _CONSOLE, "directory", "Deactivate a consultant."),
    Rpc("directory.manage.list_shifts", subj.RPC_DIRECTORY_MANAGE_LIST_SHIFTS, ListShifts,
        (ShiftsListed,), _CONSOLE, "directory", "A consultant's shifts."),
    Rpc("directory.manage.add_slot", subj.RPC_DIRECTORY_MANAGE_ADD_SLOT, AddShiftSlot,
        (CommandResult,), _CONSOLE, "directory", "Add a weekly shift slot."),
    Rpc("directory.manage.remove_slot", subj.RPC_DIRECTORY_MANAGE_REMOVE_SLOT, RemoveShiftSlot,
        (CommandResult,), _CONSOLE, "directory", "Remove a weekly shift slot."),
    Rpc("directory.manage.add_override", subj.RPC_DIRECTORY_MANAGE_ADD_OVERRIDE, AddShiftOverride,
        (CommandResult,), _CONSOLE, "directory", "Add a one-off shift or absence."),
    Rpc("directory.manage.remove_override", subj.RPC_DIRECTORY_MANAGE_REMOVE_OVERRIDE,
        RemoveShiftOverride, (CommandResult,), _CONSOLE, "directory", "Remove a one-off change."),
    Rpc("telegram.alerts.draft", subj.RPC_TELEGRAM_ALERTS_DRAFT, DraftAlert, (AlertSaved,),
        _CONSOLE, "telegram", "Draft an alert to subscribed clients (supervisors)."),
    Rpc("telegram.alerts.approve", subj.RPC_TELEGRAM_ALERTS_APPROVE, ApproveAlert, (AlertSaved,),
        _CONSOLE, "telegram", "A second supervisor approves an alert; sending starts."),
    Rpc("telegram.alerts.cancel", subj.RPC_TELEGRAM_ALERTS_CANCEL, CancelAlert, (AlertSaved,),
        _CONSOLE, "telegram", "Withdraw a draft or stop an alert being sent."),
    Rpc("telegram.alerts.list", subj.RPC_TELEGRAM_ALERTS_LIST, ListAlerts, (AlertsListed,),
        _CONSOLE, "telegram", "Alerts with their delivery progress (supervisors)."),
    Rpc("telegram.alerts.active", subj.RPC_TELEGRAM_ALERTS_ACTIVE, ListActiveAlerts,
        (ActiveAlertsListed,), _CONSOLE, "telegram", "Alerts for the web chat's banner."),
    Rpc("telegram.alerts.audit", subj.RPC_TELEGRAM_ALERTS_AUDIT, VerifyAlertsAudit,
        (AlertsAuditVerified,), _CONSOLE, "telegram", "Is the alerts' audit chain intact (supervisors)?"),
    Rpc("directory.specialists", subj.RPC_DIRECTORY_SPECIALISTS, ListSpecialists, (SpecialistsListed,),
        ("notifications", "gateway"), "directory", "Specialist kinds and who answers for each, when."),
    Rpc("directory.manage.save_specialist_kind", subj.RPC_DIRECTORY_MANAGE_SAVE_SPECIALIST_KIND,
        SaveSpecialistKind, (CommandResult,), _CONSOLE, "directory", "Add or rename a specialist kind."),
    Rpc("directory.manage.save_specialist", subj.RPC_DIRECTORY_MANAGE_SAVE_SPECIALIST, SaveSpecialist,
        (CommandResult,), _CONSOLE, "directory", "Set a consultant's specialist kinds and availability."),
    Rpc("directory.telegram.manage", subj.RPC_DIRECTORY_TELEGRAM_MANAGE, ManageTelegramLink,
        (TelegramLinkShown,), _CONSOLE, "directory",
        "One's own Telegram link: show, issue a one-time code, unlink, choose when DMs come."),
    Rpc("directory.telegram.link", subj.RPC_DIRECTORY_TELEGRAM_LINK, LinkTelegram, (TelegramLinked,),
        ("telegram",), "directory", "A consultant sent /link CODE to the bot."),
    Rpc("directory.telegram.unlink", subj.RPC_DIRECTORY_TELEGRAM_UNLINK, UnlinkTelegram,
        (CommandResult,), ("telegram",), "directory", "A consultant sent /unlink to the bot."),
    Rpc("directory.telegram.recipients", subj.RPC_DIRECTORY_TELEGRAM_RECIPIENTS,
        FindTelegramRecipients, (TelegramRecipientsFound,), ("telegram",), "directory",
        "Who of a notice's consultants gets it as a Telegram DM now."),
    Rpc("directory.articles", subj.RPC_DIRECTORY_ARTICLES, FindArticles, (ArticlesFound,),
        ("gateway", "telegram"), "directory", "The self-help library by topic, words or id."),
    Rpc("directory.suggest_articles", subj.RPC_DIRECTORY_SUGGEST_ARTICLES, SuggestArticles,
        (ArticlesFound,), ("notifications",), "directory", "Up to three articles for a waiting client."),
    Rpc("directory.manage.save_article", subj.RPC_DIRECTORY_MANAGE_SAVE_ARTICLE, SaveArticle,
        (CommandResult,), _CONSOLE, "directory",
        "Create or change a self-help article (gateways before v2 send v1, which cannot carry an editor).",
        older_requests=(SaveArticleV1,)),
    Rpc("directory.manage.delete_article", subj.RPC_DIRECTORY_MANAGE_DELETE_ARTICLE, DeleteArticle,
        (CommandResult,), _CONSOLE, "directory", "Delete a self-help article (v1 as for saving).",
        older_requests=(DeleteArticleV1,)),
    Rpc("telegram.channel.publish", subj.RPC_TELEGRAM_CHANNEL_PUBLISH, PublishChannelPost,
        (ChannelPostDone,), _CONSOLE, "telegram", "Post to an organisation's channel (idempotent)."),
    Rpc("telegram.channel.edit", subj.RPC_TELEGRAM_CHANNEL_EDIT, EditChannelPost,
        (ChannelPostDone,), _CONSOLE, "telegram", "Change a published channel post."),
    Rpc("telegram.channel.delete", subj.RPC_TELEGRAM_CHANNEL_DELETE, DeleteChannelPost,
        (ChannelPostDone,), _CONSOLE, "telegram", "Delete a published channel post."),
    *(
        Rpc(f"notifications.{name}", subj.rpc_notifications(name), request, (reply,), senders,
            "notifications", summary)
        for name, request, reply, senders, summary in (
            ("claim", ClaimConversation, CommandResult, _CONSOLE, "Take a conversation."),
            ("reply", ReplyToClient, CommandResult, _CONSOLE, "Answer the client."),
            ("close", CloseConversation, CommandResult, _CONSOLE, "Close a conversation."),
            ("transfer", TransferConversation, CommandResult, _CONSOLE, "Hand a conversation on."),
            ("note", AddNote, CommandResult, _CONSOLE, "Add an internal note."),
            ("queue", ListQueue, QueueListed, _CONSOLE, "The shared queue."),
            ("conversation", GetConversation, ConversationShown, _CONSOLE, "One conversation."),
            ("audit", QueryAudit, AuditPage, _CONSOLE, "Browse the audit log."),
            ("stats", GetQueueStats, QueueStats, _CONSOLE, "Queue figures for supervisors."),
            ("correct_triage", CorrectTriage, CommandResult, _CONSOLE, "Correct urgency and topics."),
            ("correction_stats", GetTriageCorrectionStats, TriageCorrectionStats, _CONSOLE,
             "How often triage was corrected."),
            ("refer", ReferToSpecialist, CommandResult, _CONSOLE, "Refer to a kind of specialist."),
            ("export_corrections", ExportTriageCorrections, TriageCorrectionsPage, ("triage",),
             "Corrections as labelled data."),
            ("report", GetReport, ReportShown, _CONSOLE, "Figures per month or week, for funders."),
        )
    ),
)

SUBJECT_PARAMETERS: dict[str, tuple[str, ...]] = {"channel": CHANNELS}
