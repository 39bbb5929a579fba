"""What stands between a service's HTTP listener and its routes, before any authentication.

- `BodyLimitMiddleware`: a request body over its limit is refused with 413 before a route reads
  it (Content-Length over the limit: the app is never called), and a chunked body is cut off
  once it passes the limit. Per path prefix (the console API is small).
- `OperatorOnlyMiddleware`: in production, /metrics and /healthz answer only addresses of the
  internal network (Prometheus, Docker's health check); anyone else gets 404.
- `with_forwarded_headers`: X-Forwarded-For and X-Forwarded-Proto are believed only from
  the configured proxies; from anyone else they are ignored (the peer's address stays).
- `validation_error`: a 422 names the fields and what is wrong, never the value sent (a
  5 MB field is not echoed back, a password never appears in a response).

All are pure ASGI: streaming responses and WebSockets pass through untouched.
"""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

OPERATOR_PATHS = ("/metrics", "/healthz")
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over {limit} bytes")


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    payload = json.dumps(body).encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())],
    })
    await send({"type": "http.response.body", "body": payload})


def limit_for(path: str, default: int, per_prefix: Mapping[str, int]) -> int:
    """The limit of the longest prefix of `path` that has one, else the default."""
    matching = [
        prefix for prefix in per_prefix if path == prefix or path.startswith(prefix.rstrip("/") + "/")
    ]
    return per_prefix[max(matching, key=len)] if matching else default


def declared_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers") or []:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, *, default: int, per_prefix: Mapping[str, int] | None = None) -> None:
        self.app = app
        self.default = default
        self.per_prefix = dict(per_prefix or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = limit_for(scope["path"], self.default, self.per_prefix)
        length = declared_length(scope)
        if length is not None and length > limit:
            await _send_json(send, 413, {"detail": "request body too large", "limit_bytes": limit})
            return
        received = 0
        started = False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge:
            if not started:
                await _send_json(send, 413, {"detail": "request body too large", "limit_bytes": limit})


def parse_networks(entries: Iterable[str]) -> list[Network]:
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip()]


def address_in(host: str | None, networks: Sequence[Network]) -> bool:
    if host is None:
        return False
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(address in network for network in networks)


class OperatorOnlyMiddleware:
    """/metrics and /healthz for the internal network only (run after the forwarded headers,
    so a request relayed by the proxy counts as coming from its client, outside)."""

    def __init__(self, app: ASGIApp, *, networks: Sequence[Network]) -> None:
        self.app = app
        self.networks = list(networks)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in OPERATOR_PATHS:
            client = scope.get("client")
            if not address_in(client[0] if client else None, self.networks):
                await _send_json(send, 404, {"detail": "Not Found"})
                return
        await self.app(scope, receive, send)


def with_forwarded_headers(app: ASGIApp, trusted: Sequence[str]) -> ASGIApp:
    """uvicorn's own reading of X-Forwarded-For/-Proto, believed only from `trusted` (addresses
    or networks; "*" for any). Empty: the headers are ignored and the peer's address stays.
    Part of the app, not of the server's options, so every way of running the app (and its
    tests) behaves the same; `serve` turns uvicorn's own reading off."""
    if not trusted:
        return app
    return ProxyHeadersMiddleware(app, trusted_hosts=list(trusted))  # type: ignore[arg-type,return-value]


async def validation_error(request: Request, exc: Exception) -> Response:
    """422 with each problem's place and message; never the input, never its context."""
    assert isinstance(exc, RequestValidationError)
    problems = [
        {
            "loc": list(error.get("loc", ())),
            "msg": str(error.get("msg", "")),
            "type": str(error.get("type", "")),
        }
        for error in exc.errors()
    ]
    return JSONResponse({"detail": problems}, status_code=422)
