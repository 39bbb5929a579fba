from __future__ import annotations

import io

import orjson

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
