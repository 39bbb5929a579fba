"""`peerline logs summarize`: errors by service, SLA breaches, slow hops by trace."""

from __future__ import annotations

from pathlib import Path

import orjson
from typer.testing import CliRunner

from peerline_shared.cli import app
from peerline_shared.logsummary import parse_line, render, summarize


def _line(
    service: str, event: str, at: str, trace: str | None = None, level: str = "info", **fields: object
) -> str:
    record = {
        "service": service,
        "event": event,
        "level": level,
        "trace_id": trace,
        "timestamp": f"2026-03-01T20:00:{at}Z",
        **fields,
    }
    return orjson.dumps(record).decode()


LOGS = [
    _line("gateway", "chat.message_accepted", "00.000", "t1"),
    _line("triage", "message.triaged", "00.020", "t1", urgency="high"),
    _line("notifications", "audit.recorded", "00.900", "t1"),
    _line("gateway", "chat.message_accepted", "01.000", "t2"),
    _line("triage", "message.triaged", "01.010", "t2"),
    _line("notifications", "audit.recorded", "01.030", "t2"),
    _line("notifications", "sla.breached", "02.000", level="warning", urgency="emergency", waited_s=95),
    _line("notifications", "sla.breached", "03.000", level="warning", urgency="normal", waited_s=700),
    _line("telegram", "telegram.reply_undeliverable", "04.000", "t3", level="error"),
    _line("telegram", "telegram.reply_undeliverable", "05.000", "t4", level="error"),
    _line("gateway", "chat.publish_failed", "06.000", "t5", level="error"),
    _line("gateway", "chat.push_loop_error", "07.000", level="warning"),
    "Traceback (most recent call last):",
    "",
    "[1, 2]",
]


def test_errors_are_counted_by_service_and_event() -> None:
    summary = summarize(LOGS)
    assert summary.lines == 12 and summary.skipped == 2
    assert summary.errors[("telegram", "telegram.reply_undeliverable")] == 2
    assert summary.errors[("gateway", "chat.publish_failed")] == 1
    assert summary.warnings[("gateway", "chat.push_loop_error")] == 1
    assert summary.error_trace[("telegram", "telegram.reply_undeliverable")] == "t3"


def test_sla_breaches_by_urgency_with_the_longest_wait() -> None:
    summary = summarize(LOGS)
    assert summary.sla[("sla.breached", "emergency")] == 1
    assert summary.sla_longest_wait_s == {"emergency": 95.0, "normal": 700.0}


def test_slow_traces_name_their_slowest_hop() -> None:
    summary = summarize(LOGS)
    slowest = summary.traces[0]
    assert slowest.trace_id == "t1"
    assert round(slowest.seconds, 3) == 0.9
    assert slowest.services == ("gateway", "triage", "notifications")
    assert slowest.slowest_hop is not None
    assert (slowest.slowest_hop.source, slowest.slowest_hop.target) == ("triage", "notifications")
    assert round(slowest.slowest_hop.seconds, 3) == 0.88
    assert sorted(summary.hops[("gateway", "triage")]) == [0.01, 0.02]
    # A trace seen by one service only is not a cross-service trace.
    assert {trace.trace_id for trace in summary.traces} == {"t1", "t2"}


def test_render_is_readable_and_free_of_message_fields() -> None:
    text = render(summarize([*LOGS, _line("gateway", "x", "08.000", "t9", text="[redacted]")]), slow_ms=500)
    assert "telegram: 2" in text
    assert "sla.breached urgency=normal (longest wait 700 s)" in text
    assert "trace t1" in text and "slowest hop triage→notifications 880 ms" in text
    assert "trace t2" not in text  # 30 ms: under --slow-ms
    assert "[redacted]" not in text


def test_parse_line_rejects_what_is_not_a_log_event() -> None:
    assert parse_line("not json") is None
    assert parse_line('{"no_event": 1}') is None
    assert parse_line(b'{"event": "x", "timestamp": "garbage"}') is not None


def test_command_reads_files_and_stdin(tmp_path: Path) -> None:
    log_file = tmp_path / "gateway.log"
    log_file.write_text("\n".join(LOGS) + "\n")
    runner = CliRunner()
    from_file = runner.invoke(app, ["logs", "summarize", str(log_file), "--slow-ms", "100"])
    assert from_file.exit_code == 0, from_file.output
    assert "Errors by service" in from_file.output and "trace t1" in from_file.output
    from_stdin = runner.invoke(app, ["logs", "summarize"], input="\n".join(LOGS))
    assert from_stdin.exit_code == 0 and "12 log lines" in from_stdin.output
    missing = runner.invoke(app, ["logs", "summarize", str(tmp_path / "nope.log")])
    assert missing.exit_code == 2
