"""Where the time went, from the services' own /metrics: mean handling time per consumer
(`peerline_consumer_handle_seconds`: per event, or per batch for a batch consumer), events
per handler call (received / handled), redeliveries and classification time."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import httpx

from peerline_devtools.devstack import DevStack

_SAMPLE = re.compile(r'^(?P<name>[a-z_]+)(?:\{(?P<labels>[^}]*)\})?\s+(?P<value>[-+eE0-9.]+|NaN)$')


def samples(text: str) -> list[tuple[str, dict[str, str], float]]:
    out = []
    for line in text.splitlines():
        found = _SAMPLE.match(line.strip())
        if found is None:
            continue
        labels = dict(re.findall(r'(\w+)="([^"]*)"', found.group("labels") or ""))
        out.append((found.group("name"), labels, float(found.group("value"))))
    return out


def consumer_figures(stack: DevStack, services: tuple[str, ...] = ("triage", "notifications", "gateway"),
                     ) -> dict[str, Any]:
    sums: dict[str, float] = defaultdict(float)
    counts: dict[str, float] = defaultdict(float)
    received: dict[str, float] = defaultdict(float)
    flat: dict[str, Any] = {}
    redeliveries = 0.0
    for service in services:
        try:
            text = httpx.get(f"{stack.url(service)}/metrics", timeout=5).text
        except httpx.HTTPError:
            continue
        for name, labels, value in samples(text):
            consumer = labels.get("consumer", "")
            if name == "peerline_consumer_handle_seconds_sum":
                sums[consumer] += value
            elif name == "peerline_consumer_handle_seconds_count":
                counts[consumer] += value
            elif name == "peerline_messages_received_total":
                received[consumer] += value
            elif name == "peerline_consumer_redeliveries_total":
                redeliveries += value
            elif name == "peerline_triage_seconds_sum":
                flat["triage_classify_s_total"] = round(value, 3)
            elif name == "peerline_triage_seconds_count" and value:
                flat["triage_classified"] = int(value)
            else:
                _leader_figure(flat, name, labels, value)
    for consumer, count in counts.items():
        if count:
            name = consumer.replace("-", "_")
            flat[f"handle_ms_mean_{name}"] = round(sums[consumer] / count * 1000, 2)
            flat[f"events_per_call_{name}"] = round(received[consumer] / count, 1)
    flat["consumer_redeliveries"] = int(redeliveries)
    if flat.get("sla_ticks"):
        flat["sla_tick_ms_mean"] = round(flat.pop("sla_tick_s_total") / flat["sla_ticks"] * 1000, 2)
    if flat.get("queue_pages_served"):
        flat["queue_page_ms_mean_in_notifications"] = round(
            flat.pop("queue_page_s_total") / flat["queue_pages_served"] * 1000, 2)
    return flat


def _leader_figure(flat: dict[str, Any], name: str, labels: dict[str, str], value: float) -> None:
    """The SLA tick's and the queue page's times (notifications' histograms; with replicas,
    the scraped process's own: the lease holder's ticks when it is the first)."""
    if labels.get("loop") == "sla":
        if name == "peerline_loop_seconds_sum":
            flat["sla_tick_s_total"] = value
        elif name == "peerline_loop_seconds_count":
            flat["sla_ticks"] = int(value)
        elif name == "peerline_loop_seconds_bucket" and labels.get("le") == "0.05":
            flat["sla_ticks_under_50ms"] = int(value)
    elif name == "peerline_queue_page_seconds_sum":
        flat["queue_page_s_total"] = value
    elif name == "peerline_queue_page_seconds_count":
        flat["queue_pages_served"] = int(value)


def sla_ticks_so_far(stack: DevStack) -> dict[str, Any]:
    """The SLA loop's histogram now (sum, count, under 50 ms): taken once the seeded queue is
    scheduled, subtracted at the end, it leaves the steady ticks alone."""
    flat: dict[str, Any] = {}
    try:
        text = httpx.get(f"{stack.url('notifications')}/metrics", timeout=5).text
    except httpx.HTTPError:
        return flat
    for name, labels, value in samples(text):
        if labels.get("loop") == "sla":
            _leader_figure(flat, name, labels, value)
    return flat


def steady_ticks(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """The ticks between two `sla_ticks_so_far`: their mean, how many, how many under 50 ms."""
    ticks = after.get("sla_ticks", 0) - before.get("sla_ticks", 0)
    if ticks <= 0:
        return {}
    spent = after.get("sla_tick_s_total", 0.0) - before.get("sla_tick_s_total", 0.0)
    return {"sla_tick_ms_mean_steady": round(spent / ticks * 1000, 2), "sla_ticks_steady": ticks,
            "sla_ticks_steady_under_50ms": after.get("sla_ticks_under_50ms", 0)
            - before.get("sla_ticks_under_50ms", 0)}
