"""Updates in, from a webhook request or long polling, without trusting their shape.

One malformed update must never stop the next: bodies are decoded leniently (broken UTF-8
becomes U+FFFD), each update is validated alone, and a bad one is logged (by update id and
the failing field, never its values) and skipped. A message that could not be published
is not skipped: the update is retried (polling) or refused so Telegram resends it (webhook).
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp
import orjson
from aiogram import Bot, Dispatcher
from aiogram.types import Update
from aiogram.utils.backoff import Backoff, BackoffConfig
from pydantic import ValidationError

from peerline_shared.logging import get_logger, log_context
from peerline_telegram.inbound.service import InboundNotStored

log = get_logger()
RETRY_BACKOFF = BackoffConfig(min_delay=0.5, max_delay=15.0, factor=2.0, jitter=0.1)


class MalformedUpdate(ValueError):
    """Not an update at all (not JSON, not an object)."""


def decode_body(body: bytes) -> Any:
    """JSON from bytes; invalid UTF-8 is replaced rather than refused, so the text survives."""
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:
        pass
    try:
        # The stdlib parser also accepts lone surrogate escapes, which orjson refuses.
        return json.loads(body.decode("utf-8", "replace"))
    except ValueError as exc:
        raise MalformedUpdate(f"not JSON: {type(exc).__name__} at char {_position(exc)}") from None
    except RecursionError:
        raise MalformedUpdate("not JSON: nested too deeply") from None


def _position(exc: ValueError) -> int:
    return int(getattr(exc, "pos", -1))


class UpdateIntake:
    def __init__(self, bot: Bot, dispatcher: Dispatcher) -> None:
        self.bot, self.dispatcher = bot, dispatcher

    def allowed_updates(self) -> list[str]:
        return self.dispatcher.resolve_used_update_types()

    async def process(self, raw: Any) -> None:
        """Feed one raw update to the dispatcher; raises only `InboundNotStored`."""
        update = self._validate(raw)
        if update is None:
            return
        with log_context(update_id=str(update.update_id)):
            try:
                await self.dispatcher.feed_update(self.bot, update)
            except InboundNotStored:
                raise
            except Exception as exc:
                log.error("telegram.update_failed", error_type=type(exc).__name__)

    def _validate(self, raw: Any) -> Update | None:
        update_id = _loggable_update_id(raw)
        try:
            update = Update.model_validate(raw, context={"bot": self.bot})
        except ValidationError as exc:
            errors = exc.errors(include_input=False, include_url=False)
            where = ".".join(str(part) for part in errors[0]["loc"]) if errors else "?"
            log.warning("telegram.update_malformed", update_id=update_id, field_path=where,
                        problem_kind=errors[0]["type"] if errors else "?",
                        errors_count=len(errors))
            return None
        try:
            update.event_type  # noqa: B018 (aiogram would warn with the whole update, names and all)
        except Exception:
            log.warning("telegram.update_unknown_kind", update_id=update_id)
            return None
        return update

    async def process_until_stored(self, raw: Any) -> None:
        """Polling: keep retrying an update whose message could not be published."""
        backoff = Backoff(RETRY_BACKOFF)
        while True:
            try:
                await self.process(raw)
                return
            except InboundNotStored:
                log.warning("telegram.update_retry", delay_s=round(backoff.next_delay, 2))
                await backoff.asleep()


async def poll(intake: UpdateIntake, timeout_s: int) -> None:
    """Long polling with our own loop: aiogram's would retry a whole batch forever if one
    update in it did not validate, and would log exception texts that may carry the URL."""
    bot = intake.bot
    await bot.delete_webhook(drop_pending_updates=False)
    offset: int | None = None
    backoff = Backoff(RETRY_BACKOFF)
    log.info("telegram.polling_started", allowed_updates=intake.allowed_updates())
    while True:
        try:
            batch = await fetch_updates(bot, offset, timeout_s, intake.allowed_updates())
        except (MalformedUpdate, aiohttp.ClientError, OSError, TimeoutError, RuntimeError) as exc:
            log.warning("telegram.polling_failed", error_type=type(exc).__name__,
                        delay_s=round(backoff.next_delay, 2))
            await backoff.asleep()
            continue
        backoff.reset()
        for raw in batch:
            await intake.process_until_stored(raw)
            if isinstance(raw, dict) and isinstance(raw.get("update_id"), int):
                offset = raw["update_id"] + 1


async def fetch_updates(
    bot: Bot, offset: int | None, timeout_s: int, allowed_updates: list[str]
) -> list[Any]:
    """`getUpdates`, read as raw JSON so each update can be validated on its own."""
    session = await bot.session.create_session()  # type: ignore[attr-defined]
    url = bot.session.api.api_url(token=bot.token, method="getUpdates")
    payload: dict[str, Any] = {"timeout": timeout_s, "allowed_updates": allowed_updates}
    if offset is not None:
        payload["offset"] = offset
    request_timeout = aiohttp.ClientTimeout(total=timeout_s + 15)
    async with session.post(url, json=payload, timeout=request_timeout) as response:
        body = await response.read()
    answer = decode_body(body)
    if not isinstance(answer, dict) or not answer.get("ok"):
        code = answer.get("error_code") if isinstance(answer, dict) else None
        raise RuntimeError(f"getUpdates refused (error_code={code})")
    result = answer.get("result")
    if not isinstance(result, list):
        raise MalformedUpdate("getUpdates result is not a list")
    return result


def _loggable_update_id(raw: Any) -> int | None:
    """The update id if it is a plain 64-bit integer; anything else is attacker-shaped."""
    value = raw.get("update_id") if isinstance(raw, dict) else None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63:
        return value
    return None
