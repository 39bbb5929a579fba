"""Triage's consumers: inbound client messages in, triaged messages (and first aid) out."""

from __future__ import annotations

import time

from prometheus_client import Histogram

from peerline_shared.broker import consume, publish_event
from peerline_shared.events import ClientErasureRequested, ClientMessageReceived
from peerline_shared.events import subjects as subj
from peerline_shared.i18n import Catalogue
from peerline_shared.logging import get_logger
from peerline_shared.runtime import Runtime
from peerline_triage import service
from peerline_triage.classifier import Classification, Classifier
from peerline_triage.context import RecentUrgencies
from peerline_triage.settings import TriageSettings

log = get_logger()
TRIAGE_WORKERS = 4
TRIAGE_SECONDS = Histogram("peerline_triage_seconds", "Time to classify one message")


def register(runtime: Runtime, settings: TriageSettings, classifier: Classifier, texts: Catalogue) -> None:
    ttl = int(settings.context_minutes * 60)

    def classify(event: ClientMessageReceived) -> Classification:
        started = time.perf_counter()
        result = classifier.classify(event.text)
        TRIAGE_SECONDS.observe(time.perf_counter() - started)
        return result

    # One event at a time, several in flight (max_workers). A batched variant (consume_batch,
    # one context read and concurrent publishes per fetch) measured faster, but lost one
    # message in a kill -9 chaos run (left unacked and never redelivered); until that is
    # understood, the simpler path is the one that ships (see issue 8's note).
    @consume(runtime.broker, subject=subj.INBOUND_ALL, durable="triage-inbound",
             model=ClientMessageReceived, max_workers=TRIAGE_WORKERS)
    async def on_message(event: ClientMessageReceived) -> None:
        recent = RecentUrgencies(runtime.redis, ttl)
        result = classify(event)
        triaged, first_aid = service.decide(event, result, await recent.list(event.client_id), texts)
        if first_aid is not None:
            # The client's first-aid steps go out before anything else happens.
            await publish_event(runtime.broker, first_aid, subj.outbound(first_aid.channel))
        await publish_event(runtime.broker, triaged, subj.TRIAGED)
        await recent.remember(event.client_id, result.urgency)
        log.info("message.triaged", urgency=triaged.urgency, topic_main=triaged.topics[0],
                 lang=triaged.lang, first_aid=first_aid is not None)

    @consume(runtime.broker, subject=subj.CLIENT_ERASURE_REQUESTED, durable="triage-erasure",
             model=ClientErasureRequested)
    async def on_erasure(event: ClientErasureRequested) -> None:
        await RecentUrgencies(runtime.redis, ttl).forget(event.client_id)
