"""The webhook endpoint: Telegram posts updates here with our secret in a header."""

from __future__ import annotations

import hmac

from fastapi import APIRouter, Request, Response

from peerline_shared.logging import get_logger
from peerline_shared.runtime import Runtime
from peerline_telegram.bot.intake import MalformedUpdate, UpdateIntake, decode_body
from peerline_telegram.inbound.service import InboundNotStored
from peerline_telegram.settings import TelegramSettings

log = get_logger()
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1024 * 1024
"""Telegram's updates are a few kilobytes; the proxy caps every body at 1 MB too. Enforced before
the secret is checked (the app's body limit) and here again."""


def secret_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison, so the secret cannot be guessed byte by byte."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


async def webhook(request: Request) -> Response:
    runtime: Runtime = request.app.state.runtime
    settings = runtime.settings
    assert isinstance(settings, TelegramSettings)
    if not secret_matches(request.headers.get(SECRET_HEADER), settings.webhook_secret.get_secret_value()):
        log.warning("telegram.webhook_refused", reason="secret token missing or wrong")
        return Response(status_code=401)
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        log.warning("telegram.update_malformed", reason="body too large", body_size=len(body))
        return Response(status_code=413)
    try:
        raw = decode_body(body)
    except MalformedUpdate as problem:
        # Answered 200: Telegram would otherwise resend it, and hold back the updates after it.
        log.warning("telegram.update_malformed", reason=str(problem), body_size=len(body))
        return Response(status_code=200)
    intake = intake_when_ready(runtime)
    if intake is None:
        return Response(status_code=503)
    try:
        await intake.process(raw)
    except InboundNotStored:
        # Telegram resends a webhook update that was not answered with 2xx.
        return Response(status_code=503)
    return Response(status_code=200)


def intake_when_ready(runtime: Runtime) -> UpdateIntake | None:
    """The intake once connected (the start-up context); the webhook answers 503 until then."""
    intake = runtime.context.get("intake")
    return intake if isinstance(intake, UpdateIntake) else None


def webhook_router(path: str) -> APIRouter:
    """The webhook at the path the settings give (the handler is `webhook`, above)."""
    router = APIRouter(tags=["telegram"])
    router.add_api_route(path, webhook, methods=["POST"], include_in_schema=False)
    return router
