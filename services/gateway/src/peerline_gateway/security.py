"""Security headers on every response: a strict CSP (no inline script, nothing from elsewhere),
no referrer, no sniffing, and framing only where the chat is meant to be embedded."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from functools import partial

from fastapi import FastAPI, Request, Response

EMBEDDABLE_PATHS = ("/embed",)


def frame_ancestors(path: str, allowed_origins: Sequence[str]) -> str:
    if path in EMBEDDABLE_PATHS:
        return " ".join(("'self'", *allowed_origins))
    if path.startswith("/console"):
        return "'none'"
    return "'self'"


def security_headers(path: str, host: str, allowed_origins: Sequence[str], https: bool) -> dict[str, str]:
    sockets = f"wss://{host}" if https else f"ws://{host} wss://{host}"
    csp = "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            f"connect-src 'self' {sockets}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-ancestors {frame_ancestors(path, allowed_origins)}",
        )
    )
    headers = {
        "Content-Security-Policy": csp,
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
    if path.startswith("/console"):
        headers["Cache-Control"] = "no-store"
        headers["X-Frame-Options"] = "DENY"
    if https:
        headers["Strict-Transport-Security"] = "max-age=31536000"
    return headers


async def add_security_headers(
    request: Request,
    call_next: Callable[[Request], Awaitable[Response]],
    *,
    allowed_origins: Sequence[str],
    https: bool,
) -> Response:
    response = await call_next(request)
    host = request.headers.get("host", "")
    for name, value in security_headers(request.url.path, host, allowed_origins, https).items():
        response.headers.setdefault(name, value)
    return response


def install_security_headers(app: FastAPI, allowed_origins: Sequence[str], https: bool) -> None:
    app.middleware("http")(partial(add_security_headers, allowed_origins=allowed_origins, https=https))
