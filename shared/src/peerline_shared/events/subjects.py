"""Every NATS subject Peerline uses, in one place.

Events live under stream subjects (persisted in JetStream). Request/reply subjects sit under
`helpline.rpc.`, outside every stream, so a request is never captured and acked by JetStream.
"""

from __future__ import annotations

from peerline_shared.events.common import Channel

STREAM_EVENTS = "HELPLINE"
STREAM_PARKED = "HELPLINE_PARKED"
LEASE_BUCKET = "peerline-leases"
"""The key-value bucket of leader leases (peerline_shared.bus.lease), one key per leader's work."""
LEASE_NOTIFICATIONS = "notifications"
"""SLA, outbox, notices and retention of notifications."""
LEASE_GATEWAY_POSTS = "gateway-posts"
"""The gateway's publisher of scheduled channel posts."""
LEASE_TELEGRAM_ALERTS = "telegram-alerts"
"""The Telegram adapter's sender of approved alerts."""

INBOUND_ALL = "helpline.inbound.>"
TRIAGED = "helpline.triaged"
OUTBOUND_ALL = "helpline.outbound.>"
OUTBOUND_UNDELIVERABLE = "helpline.outbound.undeliverable"
OUTBOUND_DELIVERED = "helpline.outbound.delivered"
CONVERSATION_ALL = "helpline.conversation.>"
CONSULTANT_NOTIFIED = "helpline.consultant.notified"
CONSULTANT_PRESENCE = "helpline.consultant.presence"
CONSULTANT_ACCESS = "helpline.consultant.access_changed"
AUDIT_RECORDED = "helpline.audit.recorded"
CLIENT_ERASURE_REQUESTED = "helpline.client.erasure_requested"
PARKED_ALL = "helpline.parked.>"

STREAM_SUBJECTS: tuple[str, ...] = (
    INBOUND_ALL,
    TRIAGED,
    OUTBOUND_ALL,
    CONVERSATION_ALL,
    "helpline.consultant.>",
    AUDIT_RECORDED,
    "helpline.client.>",
)

RPC_DIRECTORY_CANDIDATES = "helpline.rpc.directory.candidates"
RPC_DIRECTORY_PRESENCE = "helpline.rpc.directory.presence"
RPC_DIRECTORY_ON_SHIFT = "helpline.rpc.directory.on_shift"
RPC_DIRECTORY_SEARCH = "helpline.rpc.directory.search"
RPC_DIRECTORY_SHIFT_HOURS = "helpline.rpc.directory.shift_hours"
RPC_DIRECTORY_SPECIALISTS = "helpline.rpc.directory.specialists"
RPC_DIRECTORY_MANAGE_SAVE_SPECIALIST_KIND = "helpline.rpc.directory.manage.save_specialist_kind"
RPC_DIRECTORY_MANAGE_SAVE_SPECIALIST = "helpline.rpc.directory.manage.save_specialist"
RPC_DIRECTORY_ARTICLES = "helpline.rpc.directory.articles"
RPC_DIRECTORY_SUGGEST_ARTICLES = "helpline.rpc.directory.suggest_articles"
RPC_DIRECTORY_MANAGE_SAVE_ARTICLE = "helpline.rpc.directory.manage.save_article"
RPC_DIRECTORY_MANAGE_DELETE_ARTICLE = "helpline.rpc.directory.manage.delete_article"
RPC_DIRECTORY_ALL = "helpline.rpc.directory.>"
RPC_DIRECTORY_MANAGE_LIST_CONSULTANTS = "helpline.rpc.directory.manage.list_consultants"
RPC_DIRECTORY_MANAGE_SAVE_CONSULTANT = "helpline.rpc.directory.manage.save_consultant"
RPC_DIRECTORY_MANAGE_DEACTIVATE_CONSULTANT = "helpline.rpc.directory.manage.deactivate_consultant"
RPC_DIRECTORY_MANAGE_LIST_SHIFTS = "helpline.rpc.directory.manage.list_shifts"
RPC_DIRECTORY_MANAGE_ADD_SLOT = "helpline.rpc.directory.manage.add_slot"
RPC_DIRECTORY_MANAGE_REMOVE_SLOT = "helpline.rpc.directory.manage.remove_slot"
RPC_DIRECTORY_MANAGE_ADD_OVERRIDE = "helpline.rpc.directory.manage.add_override"
RPC_DIRECTORY_MANAGE_REMOVE_OVERRIDE = "helpline.rpc.directory.manage.remove_override"
RPC_DIRECTORY_TELEGRAM_MANAGE = "helpline.rpc.directory.telegram.manage"
RPC_DIRECTORY_TELEGRAM_LINK = "helpline.rpc.directory.telegram.link"
RPC_DIRECTORY_TELEGRAM_UNLINK = "helpline.rpc.directory.telegram.unlink"
RPC_DIRECTORY_TELEGRAM_RECIPIENTS = "helpline.rpc.directory.telegram.recipients"
RPC_NOTIFICATIONS_PREFIX = "helpline.rpc.notifications"
RPC_TELEGRAM_CHANNEL_PUBLISH = "helpline.rpc.telegram.channel.publish"
RPC_TELEGRAM_CHANNEL_EDIT = "helpline.rpc.telegram.channel.edit"
RPC_TELEGRAM_CHANNEL_DELETE = "helpline.rpc.telegram.channel.delete"
RPC_TELEGRAM_ALERTS_DRAFT = "helpline.rpc.telegram.alerts.draft"
RPC_TELEGRAM_ALERTS_APPROVE = "helpline.rpc.telegram.alerts.approve"
RPC_TELEGRAM_ALERTS_CANCEL = "helpline.rpc.telegram.alerts.cancel"
RPC_TELEGRAM_ALERTS_LIST = "helpline.rpc.telegram.alerts.list"
RPC_TELEGRAM_ALERTS_ACTIVE = "helpline.rpc.telegram.alerts.active"
RPC_TELEGRAM_ALERTS_AUDIT = "helpline.rpc.telegram.alerts.audit"


def inbound(channel: Channel) -> str:
    return f"helpline.inbound.{channel}"


def outbound(channel: Channel) -> str:
    return f"helpline.outbound.{channel}"


def conversation(event_name: str) -> str:
    """`conversation("claimed")` -> `helpline.conversation.claimed`."""
    return f"helpline.conversation.{event_name}"


def parked(consumer: str) -> str:
    return f"helpline.parked.{consumer}"


NOTIFICATIONS_RPC_COMMANDS = (
    "claim", "reply", "close", "transfer", "note", "queue", "conversation", "audit", "stats",
    "correct_triage", "correction_stats", "export_corrections", "refer", "report",
)


def rpc_notifications(command: str) -> str:
    """`rpc_notifications("claim")`; the names are NOTIFICATIONS_RPC_COMMANDS."""
    if command not in NOTIFICATIONS_RPC_COMMANDS:
        raise ValueError(f"unknown notifications command {command!r}")
    return f"{RPC_NOTIFICATIONS_PREFIX}.{command}"
