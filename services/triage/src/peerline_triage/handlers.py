"""Triage's consumers: inbound client messages in, triaged messages (and first aid) out."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Sequence
from datetime import timedelta

from prometheus_client import Histogram
from redis.asyncio import Redis

from peerline_shared.bus import BusRouter, Publisher, Sending, Setting, publish_events, send_events
from peerline_shared.events import (
    ClientErasureRequested,
    ClientMessageReceived,
    UnreadableMessage,
    decode,
    utc_now,
)
from peerline_shared.events import subjects as subj
from peerline_shared.i18n import Catalogue
from peerline_shared.logging import get_logger
from peerline_triage import service
from peerline_triage.classified_once import ClassifiedOnce
from peerline_triage.classifier import Classification, Classifier
from peerline_triage.context import MAX_REMEMBERED, RecentUrgencies
from peerline_triage.settings import TriageSettings

log = get_logger()
# A batch's time shared equally among its messages.
TRIAGE_SECONDS = Histogram("peerline_triage_seconds", "Time to classify one message")
router = BusRouter()
LOOKOUT_BATCH_MAX = 32
"""The most messages the lookout classifies at once: the first one's first aid waits for the
others' classification (about 0.1 ms each)."""


class Classify:
    """The classifier, timed, once per message: the main path and the lookout read the same
    messages, and one classification serves both. A pull batch is classified at once."""

    def __init__(self, classifier: Classifier) -> None:
        self.classifier = classifier
        self.once: ClassifiedOnce[Classification] = ClassifiedOnce(self.timed)

    def timed(self, texts: Sequence[str]) -> list[Classification]:
        started = time.perf_counter()
        results = self.classifier.classify_batch(texts)
        each = (time.perf_counter() - started) / max(len(texts), 1)
        for _ in texts:
            TRIAGE_SECONDS.observe(each)
        return results

    def __call__(self, events: Sequence[ClientMessageReceived]) -> list[Classification]:
        return self.once.many([(event.event_id, event.text) for event in events])


def context_ttl_s(settings: TriageSettings) -> int:
    return int(settings.context_minutes * 60)


def lookout_max_age(settings: TriageSettings) -> timedelta:
    """Older than this, a message's first aid is left to the main path: had that one sent it,
    the lookout's copy would come within JetStream's duplicate window, and be dropped."""
    return timedelta(seconds=settings.duplicate_window_seconds / 2)


# Batched: one message at a time paid four round trips each (context read, first aid,
# triaged, context write; the publishes wait for JetStream's fsync), which capped triage
# near 150 msg/s at a fifth of a core, and an emergency waited behind that queue. A batch
# pays them once and publishes its events together, every first aid first. It does not wait
# for them to be stored: the consumer acks the batch once they are, and meanwhile takes the
# next one (`overlap`). Where every write is fsynced, that wait was most of a batch's time.
# Their order holds: sent in stream order on one connection, stored in that order; the
# context is remembered before sending, so the next batch already sees it.
@router.consume_batch(subject=subj.INBOUND_ALL, durable="triage-inbound", model=ClientMessageReceived,
                      linger_s=Setting("inbound_linger_s"), overlap=Setting("inbound_overlap"))
async def on_messages(
    events: Sequence[ClientMessageReceived],
    bus: Publisher,
    redis: Redis,
    settings: TriageSettings,
    classify: Classify,
    texts: Catalogue,
) -> Sending:
    results = classify(events)
    # Remembered before the events are published: a batch that fails and comes again finds
    # its own entries and gets the context it had the first time (context.py).
    known = await RecentUrgencies(redis, context_ttl_s(settings)).recall_and_remember([
        (event.client_id, str(event.event_id), result.urgency)
        for event, result in zip(events, results, strict=True)
    ])
    decisions = service.decide_batch(events, results, known, texts, MAX_REMEMBERED)
    # The clients' first-aid steps go out before anything else.
    sending = await send_events(bus, [
        *[(reply, subj.outbound(reply.channel)) for _, reply in decisions if reply is not None],
        *[(triaged, subj.TRIAGED) for triaged, _ in decisions],
    ])
    # The ids on the line itself: a bound log context cost more than the line (~7 µs a message).
    for event, (triaged, reply) in zip(events, decisions, strict=True):
        log.info("message.triaged", trace_id=event.trace_id, event_id=str(event.event_id),
                 urgency=triaged.urgency, topic_main=triaged.topics[0], lang=triaged.lang,
                 emergency_tier=triaged.emergency_tier, first_aid=reply is not None,
                 batch_size=len(events))
    return sending


# An evening of panic fills the queue above, and an overdose must not wait in it. The
# lookout sees the same messages as they are published, does nothing but classify, and sends
# each emergency's first aid at once; the main path sends the same event (same derived id)
# when it gets there, and JetStream drops that one as a duplicate. It needs no Redis, so
# first aid goes out while Redis is away too. A core NATS queue group, not a second durable
# consumer: a consumer paid a pull cycle and an ack for every message to act on one in
# hundreds, and the main path already guarantees the first aid; what the lookout misses while
# disconnected or too busy, the main path sends. It takes what was waiting together and
# classifies it as one batch (the classifier's NumPy calls cost more than their arithmetic a
# message, and the main path takes the results it leaves in `Classify`).
@router.follow_batch(subject=subj.INBOUND_ALL, queue="triage-lookout", max_batch=LOOKOUT_BATCH_MAX)
async def look_out(
    bodies: Sequence[bytes],
    bus: Publisher,
    settings: TriageSettings,
    classify: Classify,
    texts: Catalogue,
) -> None:
    events = readable(bodies)
    replies = service.early_first_aid(
        events, classify(events), texts, now=utc_now(), max_age=lookout_max_age(settings),
    )
    await publish_events(bus, [(reply, subj.outbound(reply.channel)) for reply in replies])
    for reply in replies:
        log.info("first_aid.sent_ahead", trace_id=reply.trace_id, event_id=str(reply.event_id),
                 lang=reply.lang, channel=reply.channel)


def readable(bodies: Sequence[bytes]) -> list[ClientMessageReceived]:
    """The bodies that decode; the main path parks the others."""
    events = []
    for body in bodies:
        with contextlib.suppress(UnreadableMessage):
            events.append(decode(ClientMessageReceived, body))
    return events


@router.consume(subject=subj.CLIENT_ERASURE_REQUESTED, durable="triage-erasure",
                model=ClientErasureRequested)
async def on_erasure(event: ClientErasureRequested, redis: Redis, settings: TriageSettings) -> None:
    await RecentUrgencies(redis, context_ttl_s(settings)).forget(event.client_id)
