"""`peerline logs summarize [FILE…]`: what an operator on call wants from the JSON logs.

Reads structlog JSON lines (one event a line, as every service writes them; `var/logs/*.log`
under `make run`) from files or stdin and prints:

- errors and warnings by service and event, with a trace id to follow up;
- SLA breaches (`sla.*` events) by urgency, with the longest wait;
- slow traces: the time from a trace's first line to its last across services, the slowest
  traces with the hop (service → service) where most of that time went, and per-hop
  percentiles over all traces.

Lines that are not JSON objects (a traceback, a banner) are counted and skipped, never fatal.
Nothing here prints message text: log lines never carry it, and only event names, ids,
services and timings are shown.
"""

from __future__ import annotations

import itertools
import math
import sys
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Annotated, Any

import orjson
import typer

ERROR_LEVELS = frozenset({"error", "critical", "exception", "fatal"})


@dataclass(frozen=True)
class Line:
    service: str
    event: str
    level: str
    at: datetime | None
    trace_id: str | None
    fields: dict[str, Any]


@dataclass(frozen=True)
class Hop:
    source: str
    target: str
    seconds: float


@dataclass(frozen=True)
class Trace:
    trace_id: str
    seconds: float
    services: tuple[str, ...]
    slowest_hop: Hop | None
    lines: int


@dataclass
class Summary:
    lines: int = 0
    skipped: int = 0
    by_service: Counter[str] = field(default_factory=Counter)
    errors: Counter[tuple[str, str]] = field(default_factory=Counter)
    warnings: Counter[tuple[str, str]] = field(default_factory=Counter)
    error_trace: dict[tuple[str, str], str] = field(default_factory=dict)
    sla: Counter[tuple[str, str]] = field(default_factory=Counter)
    sla_longest_wait_s: dict[str, float] = field(default_factory=dict)
    traces: list[Trace] = field(default_factory=list)
    hops: dict[tuple[str, str], list[float]] = field(default_factory=dict)
    first_at: datetime | None = None
    last_at: datetime | None = None


def parse_line(raw: str | bytes) -> Line | None:
    """One JSON log line; None for anything else (blank, text, a JSON non-object)."""
    raw = raw.strip()
    if not raw or raw[:1] not in ("{", b"{"):
        return None
    try:
        record = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(record, dict) or "event" not in record:
        return None
    return Line(
        service=str(record.get("service") or "?"),
        event=str(record.get("event")),
        level=str(record.get("level") or "info").lower(),
        at=_timestamp(record.get("timestamp")),
        trace_id=str(record["trace_id"]) if record.get("trace_id") else None,
        fields=record,
    )


def _timestamp(value: object) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def summarize(raw_lines: Iterable[str | bytes]) -> Summary:
    summary = Summary()
    by_trace: dict[str, list[Line]] = defaultdict(list)
    for raw in raw_lines:
        line = parse_line(raw)
        if line is None:
            summary.skipped += 1 if raw.strip() else 0
            continue
        summary.lines += 1
        _count(summary, line)
        if line.trace_id and line.at is not None:
            by_trace[line.trace_id].append(line)
    for trace_id, lines in by_trace.items():
        trace = trace_of(trace_id, lines)
        if trace is not None:
            summary.traces.append(trace)
        for hop in hops_of(lines):
            summary.hops.setdefault((hop.source, hop.target), []).append(hop.seconds)
    summary.traces.sort(key=lambda trace: trace.seconds, reverse=True)
    return summary


def _count(summary: Summary, line: Line) -> None:
    summary.by_service[line.service] += 1
    if line.at is not None:
        summary.first_at = min(summary.first_at or line.at, line.at)
        summary.last_at = max(summary.last_at or line.at, line.at)
    key = (line.service, line.event)
    if line.level in ERROR_LEVELS:
        summary.errors[key] += 1
        if line.trace_id:
            summary.error_trace.setdefault(key, line.trace_id)
    elif line.level == "warning":
        summary.warnings[key] += 1
    if line.event.startswith("sla."):
        urgency = str(line.fields.get("urgency") or "?")
        summary.sla[(line.event, urgency)] += 1
        waited = line.fields.get("waited_s")
        if isinstance(waited, int | float):
            previous = summary.sla_longest_wait_s.get(urgency, 0.0)
            summary.sla_longest_wait_s[urgency] = max(previous, float(waited))


def hops_of(lines: list[Line]) -> list[Hop]:
    """Hand-overs between services in one trace: the gap from the last line of one service
    to the first line of the next, in time order."""
    ordered = sorted((line for line in lines if line.at is not None), key=_at)
    hops: list[Hop] = []
    for before, after in itertools.pairwise(ordered):
        if before.service != after.service and before.at is not None and after.at is not None:
            hops.append(Hop(before.service, after.service, (after.at - before.at).total_seconds()))
    return hops


def trace_of(trace_id: str, lines: list[Line]) -> Trace | None:
    """A trace that crossed services: its span from first to last line, and its slowest hop."""
    services = tuple(dict.fromkeys(line.service for line in sorted(lines, key=_at)))
    if len(services) < 2:
        return None
    times = [line.at for line in lines if line.at is not None]
    hops = hops_of(lines)
    slowest = max(hops, key=lambda hop: hop.seconds, default=None)
    return Trace(trace_id, (max(times) - min(times)).total_seconds(), services, slowest, len(lines))


def _at(line: Line) -> datetime:
    assert line.at is not None
    return line.at


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(q / 100 * len(ordered))) - 1]


def render(summary: Summary, *, top: int = 10, slow_ms: float = 500.0) -> str:
    out: list[str] = []
    span = ""
    if summary.first_at and summary.last_at:
        first, last = (at.isoformat(timespec="seconds") for at in (summary.first_at, summary.last_at))
        span = f" from {first} to {last}"
    out.append(f"{summary.lines} log lines{span}; {summary.skipped} non-JSON lines skipped")
    out.append("lines by service: " + ", ".join(f"{s} {n}" for s, n in sorted(summary.by_service.items())))
    out += _section("Errors by service", summary.errors, summary.error_trace, top)
    out += _section("Warnings by service", summary.warnings, {}, top)
    out.append("")
    out.append("SLA breaches")
    if not summary.sla:
        out.append("  none")
    for (event, urgency), count in sorted(summary.sla.items(), key=lambda item: -item[1]):
        longest = summary.sla_longest_wait_s.get(urgency)
        extra = f" (longest wait {longest:.0f} s)" if longest is not None and event == "sla.breached" else ""
        out.append(f"  {count:>6}  {event} urgency={urgency}{extra}")
    out += _traces(summary, top, slow_ms)
    return "\n".join(out) + "\n"


def _section(title: str, counts: Counter[tuple[str, str]], traces: dict[tuple[str, str], str],
             top: int) -> list[str]:
    lines = ["", title]
    if not counts:
        return [*lines, "  none"]
    by_service: Counter[str] = Counter()
    for (service, _), count in counts.items():
        by_service[service] += count
    for service, total in by_service.most_common():
        lines.append(f"  {service}: {total}")
        events = [(event, n) for (svc, event), n in counts.items() if svc == service]
        for event, count in sorted(events, key=lambda item: -item[1])[:top]:
            trace = traces.get((service, event))
            lines.append(f"    {count:>6}  {event}" + (f"  e.g. trace {trace}" if trace else ""))
    return lines


def _traces(summary: Summary, top: int, slow_ms: float) -> list[str]:
    traces = summary.traces
    slow = [trace for trace in traces if trace.seconds * 1000 >= slow_ms]
    lines = ["", f"Traces across services: {len(traces)}; {len(slow)} took {slow_ms:g} ms or more"]
    if traces:
        spans = [trace.seconds * 1000 for trace in traces]
        p50, p95, p99 = (percentile(spans, q) for q in (50, 95, 99))
        lines.append(f"  first→last line: p50 {p50:.0f} ms, p95 {p95:.0f} ms, p99 {p99:.0f} ms, "
                     f"max {max(spans):.0f} ms")
    for trace in slow[:top]:
        hop = trace.slowest_hop
        where = f"; slowest hop {hop.source}→{hop.target} {hop.seconds * 1000:.0f} ms" if hop else ""
        lines.append(f"  {trace.seconds * 1000:>8.0f} ms  trace {trace.trace_id}  "
                     f"{' → '.join(trace.services)}{where}")
    if summary.hops:
        lines += ["", "Hops (service → service, gap between their lines in one trace)"]
        ranked = sorted(summary.hops.items(), key=lambda item: -percentile(item[1], 99))
        for (source, target), gaps in ranked[:top]:
            ms = [gap * 1000 for gap in gaps]
            lines.append(f"  {source}→{target}: n={len(ms)} p50 {percentile(ms, 50):.0f} ms, "
                         f"p99 {percentile(ms, 99):.0f} ms, max {max(ms):.0f} ms")
    return lines


def _read(paths: list[str]) -> Iterable[bytes]:
    if not paths or paths == ["-"]:
        yield from sys.stdin.buffer
        return
    for path in paths:
        if path == "-":
            yield from sys.stdin.buffer
            continue
        with open(path, "rb") as handle:
            yield from handle


def summarize_command(
    files: Annotated[list[str] | None, typer.Argument(help="log files; none or - reads stdin")] = None,
    top: Annotated[int, typer.Option(help="rows per section")] = 10,
    slow_ms: Annotated[float, typer.Option(help="a trace at least this long is listed")] = 500.0,
) -> None:
    """Summarise JSON log lines (files, or stdin): errors by service, SLA breaches, slow traces."""
    try:
        summary = summarize(_read(files or []))
    except OSError as problem:
        typer.secho(f"cannot read logs: {problem}", fg="red", err=True)
        raise typer.Exit(2) from None
    typer.echo(render(summary, top=top, slow_ms=slow_ms), nl=False)
