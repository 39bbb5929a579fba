"""The webhook endpoint: Telegram posts updates here with our secret in a header."""

from __future__ import annotations

import hmac
from collections.abc import Callable

from fastapi import APIRouter, Request, Response

from peerline_shared.logging import get_logger
from peerline_telegram.bot.intake import MalformedUpdate, UpdateIntake, decode_body
from peerline_telegram.inbound.service import InboundNotStored

log = get_logger()
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY_BYTES = 1024 * 1024


def secret_matches(given: str | None, expected: str) -> bool:
    """Constant-time comparison, so the secret cannot be guessed byte by byte."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())


def webhook_router(
    path: str, secret: str, intake_when_ready: Callable[[], UpdateIntake | None]
) -> APIRouter:
    router = APIRouter(tags=["telegram"])

    @router.post(path, include_in_schema=False)
    async def webhook(request: Request) -> Response:
        if not secret_matches(request.headers.get(SECRET_HEADER), secret):
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
        intake = intake_when_ready()
        if intake is None:
            return Response(status_code=503)
        try:
            await intake.process(raw)
        except InboundNotStored:
            # Telegram resends a webhook update that was not answered with 2xx.
            return Response(status_code=503)
        return Response(status_code=200)

    return router
