from __future__ import annotations

import io
import logging

import orjson
import pytest

from peerline_shared.logging import REDACTED, configure_logging, get_logger, is_private_field, log_context


def _capture() -> io.StringIO:
    stream = io.StringIO()
    configure_logging("testsvc", "DEBUG", stream)
    return stream


def test_json_line_with_service_trace_and_ids() -> None:
    stream = _capture()
    with log_context(trace_id="t-1", conversation_id="c-1"):
        get_logger().info("thing.happened", consultant_id="k-1")
    record = orjson.loads(stream.getvalue().splitlines()[-1])
    assert record["service"] == "testsvc"
    assert record["event"] == "thing.happened"
    assert record["trace_id"] == "t-1"
    assert record["conversation_id"] == "c-1"
    assert record["timestamp"].endswith("Z")
    assert record["level"] == "info"


def test_careless_fields_are_redacted() -> None:
    stream = _capture()
    get_logger().info(
        "oops", text="мій друг не дихає", chat_id=12345, username="@someone", reply_text="x", text_length=17
    )
    line = stream.getvalue().splitlines()[-1]
    record = orjson.loads(line)
    assert "не дихає" not in line and "12345" not in line and "@someone" not in line
    assert record["text"] == record["chat_id"] == record["username"] == REDACTED
    assert record["text_length"] == 17


def test_private_field_names() -> None:
    assert is_private_field("message_text")
    assert is_private_field("phone")
    assert not is_private_field("event_id")
    assert not is_private_field("text_length")
    assert not is_private_field("client_id")


def test_uvicorn_lines_naming_a_client_address_are_dropped() -> None:
    stream = _capture()
    handshake = logging.getLogger("uvicorn.error")
    handshake.info('%s - "WebSocket %s" [accepted]', "198.51.100.23:50211", "/ws/chat")
    handshake.info('%s - "WebSocket %s" 403', "198.51.100.23:50212", "/ws/chat")
    access = logging.getLogger("uvicorn.access")
    access.info('%s - "%s %s HTTP/%s" %d', "198.51.100.23:1", "GET", "/", "1.1", 200)
    handshake.info("Application startup complete.")
    output = stream.getvalue()
    assert "198.51.100.23" not in output
    assert "Application startup complete." in output  # uvicorn's other lines still pass


def test_the_handshake_filter_sits_on_uvicorns_logger_too() -> None:
    """Whatever handler prints uvicorn's lines (its own log config included), the filter runs
    first: it is on the logger the handshake lines are written to."""
    _capture()
    stream = io.StringIO()
    own_handler = logging.StreamHandler(stream)
    handshake = logging.getLogger("uvicorn.error")
    handshake.addHandler(own_handler)
    try:
        handshake.info('%s - "WebSocket %s" [accepted]', "198.51.100.23:50211", "/ws/chat")
        handshake.info("Waiting for application shutdown.")
    finally:
        handshake.removeHandler(own_handler)
    assert stream.getvalue() == "Waiting for application shutdown.\n"


def test_a_service_filters_handshake_lines_from_its_first_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`run_service` (behind `python -m peerline_<service>`, `peerline <service> serve` and
    `peerline run`) configures logging before uvicorn writes anything."""
    from peerline_shared import runtime
    from peerline_shared.settings import BaseServiceSettings

    class Settings(BaseServiceSettings):
        host: str = "127.0.0.1"
        port: int = 0

    def uvicorn_serving(app: object, host: str, port: int) -> None:
        handshake = logging.getLogger("uvicorn.error")
        handshake.info('%s - "WebSocket %s" [accepted]', "198.51.100.23:50211", "/ws/chat")
        handshake.info("Uvicorn running on http://%s:%d", host, port)

    monkeypatch.setattr(runtime, "serve", uvicorn_serving)
    runtime.run_service(Settings, lambda settings: object())
    written = capsys.readouterr().err
    assert "Uvicorn running on" in written and "198.51.100.23" not in written
