"""What every consumer counts (Prometheus): shared by both kinds of consumer in `consumers`
and by the parking and publishing in `natsbus`."""

from __future__ import annotations

import functools

from prometheus_client import Counter, Histogram

MESSAGES_CONSUMED = Counter(
    "peerline_messages_consumed_total", "Events handled by a consumer", ["consumer", "outcome"]
)
REDELIVERIES = Counter(
    "peerline_consumer_redeliveries_total", "Events delivered more than once", ["consumer"]
)
MESSAGES_PUBLISHED = Counter("peerline_messages_published_total", "Events published", ["type"])


@functools.cache
def published_of(event_type: str) -> Counter:
    """`MESSAGES_PUBLISHED` of one event type, looked up once: `labels()` checks and locks on
    every call (about 2.5 µs, paid once a publish in every service)."""
    return MESSAGES_PUBLISHED.labels(event_type)


MESSAGES_RECEIVED = Counter(
    "peerline_messages_received_total", "Readable events delivered to a consumer, by type",
    ["consumer", "type"],
)
HANDLE_SECONDS = Histogram(
    "peerline_consumer_handle_seconds",
    "Time a consumer's handler took for one event, or one batch (ok or not)",
    ["consumer"], buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0),
)
