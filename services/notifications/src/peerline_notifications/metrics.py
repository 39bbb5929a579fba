"""Prometheus metrics of the shared queue (served on /metrics by the runtime)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge, Histogram

QUEUE_DEPTH = Gauge("peerline_queue_depth", "Unclaimed conversations", ["urgency"])
OLDEST_WAITING = Gauge(
    "peerline_queue_oldest_waiting_seconds", "Age of the longest-waiting unclaimed conversation"
)
SLA_BREACHES = Counter("peerline_sla_breaches_total", "Conversations unclaimed past their SLA", ["urgency"])
CLAIM_CONFLICTS = Counter("peerline_claim_conflicts_total", "Claims refused because someone else has it")
ROUTING_DEFERRED = Counter("peerline_routing_deferred_total", "Routing left for the SLA loop", ["reason"])
ESCALATIONS = Counter("peerline_escalations_total", "Escalations by urgency and level", ["urgency", "level"])
REQUEUED_INACTIVE = Counter("peerline_requeued_inactive_total", "Active conversations requeued for no reply")
LOOP_SECONDS = Histogram(
    "peerline_loop_seconds", "Time one run of a loop took (the SLA tick, notices, outbox, retention)",
    ["loop"], buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
)
QUEUE_PAGE_SECONDS = Histogram(
    "peerline_queue_page_seconds", "Time the queue request took to build one consultant's page",
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1.0, 2.5, 5.0),
)
