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
from peerline_triage.classifier import Classifier
from peerline_triage.context import RecentUrgencies
from peerline_triage.settings import TriageSettings

log = get_logger()
TRIAGE_SECONDS = Histogram("peerline_triage_seconds", "Time to classify one message")


def register(runtime: Runtime, settings: TriageSettings, classifier: Classifier, texts: Catalogue) -> None:
    ttl = int(settings.context_minutes * 60)

    @consume(runtime.broker, subject=subj.INBOUND_ALL, durable="triage-inbound",
             model=ClientMessageReceived, max_workers=settings.workers)
    async def on_message(event: ClientMessageReceived) -> None:
        started = time.perf_counter()
        result = classifier.classify(event.text)
        TRIAGE_SECONDS.observe(time.perf_counter() - started)
        recent = RecentUrgencies(runtime.redis, ttl)
        triaged, first_aid = service.decide(event, result, await recent.list(event.client_id), texts)
        if first_aid is not None:
            # The client's first-aid steps go out before anything else happens.
            await publish_event(runtime.broker, first_aid, subj.outbound(event.channel))
        await publish_event(runtime.broker, triaged, subj.TRIAGED)
        await recent.remember(event.client_id, result.urgency)
        log.info("message.triaged", urgency=triaged.urgency, topic_main=triaged.topics[0],
                 lang=triaged.lang, first_aid=first_aid is not None)

    @consume(runtime.broker, subject=subj.CLIENT_ERASURE_REQUESTED, durable="triage-erasure",
             model=ClientErasureRequested)
    async def on_erasure(event: ClientErasureRequested) -> None:
        await RecentUrgencies(runtime.redis, ttl).forget(event.client_id)
