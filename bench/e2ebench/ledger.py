"""Every message the bench sends, and what became of it: acked, stored, seen by a console.

Correlation (how a console event is matched to the message that caused it) rests on the
system's own tracing contract: the gateway gives each client message a `trace_id`, and every
event caused by it (triaged, conversation.*) carries the same `trace_id`. The bench listens,
read-only, to `helpline.inbound.web` with a plain core-NATS subscription (no consumer, nothing
acked, nothing the services can notice) and learns each message's `trace_id` and `event_id`
from the `client_message_id` it chose itself. A console event is then looked up by its
`trace_id`; the first event of a trace is the moment the consultant's console knew. The
`event_id` is also the id of the message's row in notifications' database, which makes the
loss check exact. A console event whose trace the bench never sent is counted as unmatched.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

import orjson


@dataclass(eq=False, slots=True)
class Sent:
    message_id: str
    client: Any
    step: str
    intended_at: float
    emergency: bool = False
    tier: str | None = None  # "certain" (first aid) or "possible" (safety message) for emergencies
    trace_id: str | None = None
    event_id: uuid.UUID | None = None
    acked_at: float | None = None
    error: str | None = None
    console_at: float | None = None
    first_aid_at: float | None = None
    inbound_at: float | None = None
    triaged_at: float | None = None
    conversation_at: float | None = None
    first_aid_out_at: float | None = None


@dataclass
class Ledger:
    sent: dict[str, Sent] = field(default_factory=dict)
    by_trace: dict[str, Sent] = field(default_factory=dict)
    early_events: dict[str, float] = field(default_factory=dict)
    emergency_by_client: dict[int, Sent] = field(default_factory=dict)
    delivered_by_step: dict[str, int] = field(default_factory=dict)
    console_events: int = 0
    unmatched_events: int = 0

    def record(self, *, client: Any, message_id: str, step: str, intended_at: float,
               emergency: bool = False, tier: str | None = None) -> Sent:
        entry = Sent(message_id, client, step, intended_at, emergency, tier)
        self.sent[message_id] = entry
        if emergency:
            self.emergency_by_client[id(client)] = entry
        return entry

    def on_inbound(self, body: bytes, at: float | None = None) -> None:
        """A `client.message_received` seen on the bus: learn its trace and event id."""
        try:
            payload = orjson.loads(body)
        except orjson.JSONDecodeError:
            return
        entry = self.sent.get(str(payload.get("client_message_id")))
        if entry is None or entry.trace_id is not None:
            return
        entry.inbound_at = at
        entry.trace_id = str(payload.get("trace_id"))
        entry.event_id = uuid.UUID(str(payload.get("event_id")))
        self.by_trace[entry.trace_id] = entry
        early = self.early_events.pop(entry.trace_id, None)
        if early is not None:
            self._delivered(entry, early)

    def on_hop(self, body: bytes, at: float) -> None:
        """A triaged message, a conversation event or an outbound reply seen on the bus: when
        that hop was stored."""
        try:
            payload = orjson.loads(body)
        except orjson.JSONDecodeError:
            return
        entry = self.by_trace.get(str(payload.get("trace_id")))
        if entry is None:
            return
        if payload.get("type") == "message.triaged" and entry.triaged_at is None:
            entry.triaged_at = at
        elif str(payload.get("type", "")).startswith("conversation.") and entry.conversation_at is None:
            entry.conversation_at = at
        elif payload.get("kind") == "first_aid" and entry.first_aid_out_at is None:
            entry.first_aid_out_at = at

    def on_client_frame(self, client: Any, frame: dict[str, Any], at: float) -> None:
        kind = frame.get("type")
        if kind == "ack":
            entry = self.sent.get(str(frame.get("id")))
            if entry is not None and entry.acked_at is None:
                entry.acked_at = at
        elif kind == "error":
            entry = self.sent.get(str(frame.get("id")))
            if entry is not None:
                entry.error = str(frame.get("code"))
        elif kind == "message" and frame.get("kind") == "first_aid":
            entry = self.emergency_by_client.get(id(client))
            if entry is not None and entry.first_aid_at is None:
                entry.first_aid_at = at

    def on_console_event(self, event: dict[str, Any], at: float) -> Sent | None:
        """Match an event to the message that caused it; the first sighting counts."""
        self.console_events += 1
        trace = str(event.get("trace_id"))
        entry = self.by_trace.get(trace)
        if entry is None:
            if event.get("type") == "conversation":
                self.early_events.setdefault(trace, at)
            return None
        self._delivered(entry, at)
        return entry

    def _delivered(self, entry: Sent, at: float) -> None:
        if entry.console_at is None:
            entry.console_at = at
            self.delivered_by_step[entry.step] = self.delivered_by_step.get(entry.step, 0) + 1

    def finish(self) -> None:
        """Events whose trace no bench message had (other causes: claims, replies, timers)."""
        self.unmatched_events = len(self.early_events)

    def of_step(self, step: str) -> list[Sent]:
        return [entry for entry in self.sent.values() if entry.step == step]
