"""structlog JSON logging: one line an event, ids from contextvars, nothing that names a client.

`redact_private_fields` runs last before rendering, so even a careless
`log.info("sent", text=message.text)` writes `"text": "[redacted]"`.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import orjson
import structlog
from structlog.contextvars import bind_contextvars, bound_contextvars, merge_contextvars
from structlog.typing import EventDict, WrappedLogger

REDACTED = "[redacted]"

# Field names that may carry message text or a client's real identity. Matched on whole
# underscore-separated words, so `text_length` passes while `text` and `reply_text` do not.
_PRIVATE_WORDS = frozenset(
    {
        "text", "body", "message", "content", "note", "notes", "reply", "caption",
        "chat", "chatid", "username", "user", "phone", "email", "name", "first", "last",
        "surname", "external", "telegram", "tg", "address", "ip", "contact", "location",
    }
)
_ALLOWED = frozenset({"event", "service", "level", "timestamp", "logger", "trace_id"})
_ALLOWED_SUFFIXES = ("_count", "_length", "_len", "_size", "_kind", "_type", "_ms", "_s")


def is_private_field(name: str) -> bool:
    if name in _ALLOWED or name.endswith(_ALLOWED_SUFFIXES):
        return False
    words = re.split(r"[_\-.]+", name.lower())
    return any(word in _PRIVATE_WORDS for word in words)


def redact_private_fields(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    for key in list(event_dict):
        if is_private_field(key):
            event_dict[key] = REDACTED
    return event_dict


def _orjson_dumps(value: Any, **_: Any) -> str:
    try:
        return orjson.dumps(value, default=str).decode()
    except TypeError:
        # orjson refuses integers beyond 64 bits and some exotic types; a log call never raises.
        return json.dumps(value, default=str, ensure_ascii=False)


class _CurrentStderr:
    """Writes to whatever `sys.stderr` is at the time of writing, not at configuration time
    (test runners and embedding hosts swap it, and a closed old stream must not break logs).
    Standard error, so that commands whose output is data (`peerline scrub`, `triage
    classify`) never mix log lines into it."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure_logging(service: str, level: str = "INFO", stream: TextIO | None = None) -> None:
    """Configure structlog (and stdlib logging of libraries) to write JSON lines to `stream`
    (standard error by default)."""
    numeric_level = logging.getLevelName(level.upper())
    if not isinstance(numeric_level, int):
        numeric_level = logging.INFO
    output: Any = stream or _CurrentStderr()
    shared: list[Any] = [
        merge_contextvars,
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso", utc=True),
        _add_service(service),
        structlog.processors.format_exc_info,
        redact_private_fields,
    ]
    structlog.configure(
        processors=[*shared, structlog.processors.JSONRenderer(serializer=_orjson_dumps)],
        wrapper_class=structlog.make_filtering_bound_logger(numeric_level),
        logger_factory=structlog.PrintLoggerFactory(output),
        cache_logger_on_first_use=False,
    )
    _route_stdlib_logging(shared, numeric_level, output)


def _add_service(service: str) -> Any:
    def add(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
        event_dict.setdefault("service", service)
        event_dict.setdefault("trace_id", None)
        return event_dict

    return add


def _route_stdlib_logging(shared: list[Any], level: int, output: Any) -> None:
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=[structlog.stdlib.add_logger_name, *shared],
        processors=[
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.JSONRenderer(serializer=_orjson_dumps),
        ],
    )
    handler = logging.StreamHandler(output)
    handler.setFormatter(formatter)
    handler.addFilter(drop_client_address_lines)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(max(level, logging.INFO))
    # Access logs would carry client IPs and paths with session ids. The handshake lines are
    # filtered on their own logger too, so that no handler (uvicorn's own, should someone run
    # the app under uvicorn's log config) ever sees them.
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("uvicorn.error").addFilter(drop_client_address_lines)


# uvicorn's access lines and its WebSocket handshake lines (`uvicorn.error` at INFO:
# `203.0.113.7:51234 - "WebSocket /ws/chat" [accepted]`) all start with the client's address.
_CLIENT_ADDRESS_TEMPLATE = '%s - "'


def drop_client_address_lines(record: logging.LogRecord) -> bool:
    """A logging filter: False for a uvicorn line that names a client's address (the
    gateway never writes one to a log, whichever way it was started)."""
    if record.name == "uvicorn.access":
        return False
    return not (record.name.startswith("uvicorn") and str(record.msg).startswith(_CLIENT_ADDRESS_TEMPLATE))


def get_logger(**initial: Any) -> structlog.typing.FilteringBoundLogger:
    logger: structlog.typing.FilteringBoundLogger = structlog.get_logger(**initial)
    return logger


def bind_ids(**ids: str | None) -> None:
    """Bind ids (trace_id, event_id, conversation_id, consultant_id) for the current task."""
    bind_contextvars(**{key: value for key, value in ids.items() if value is not None})


@contextmanager
def log_context(**ids: str | None) -> Iterator[None]:
    with bound_contextvars(**{key: value for key, value in ids.items() if value is not None}):
        yield
