"""Prometheus metrics of the shared queue (served on /metrics by the runtime)."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

QUEUE_DEPTH = Gauge("peerline_queue_depth", "Unclaimed conversations", ["urgency"])
OLDEST_WAITING = Gauge(
    "peerline_queue_oldest_waiting_seconds", "Age of the longest-waiting unclaimed conversation"
)
SLA_BREACHES = Counter("peerline_sla_breaches_total", "Conversations unclaimed past their SLA", ["urgency"])
CLAIM_CONFLICTS = Counter("peerline_claim_conflicts_total", "Claims refused because someone else has it")
ROUTING_DEFERRED = Counter("peerline_routing_deferred_total", "Routing left for the SLA loop", ["reason"])
ESCALATIONS = Counter("peerline_escalations_total", "Escalations by urgency and level", ["urgency", "level"])
REQUEUED_INACTIVE = Counter("peerline_requeued_inactive_total", "Active conversations requeued for no reply")
