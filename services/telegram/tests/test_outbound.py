"""Replies to Telegram clients: alias prefix, 4096-character parts, 429 and a blocked bot."""

from __future__ import annotations

import uuid

import pytest

from peerline_shared.bus import publish_event
from peerline_shared.events import OutboundMessageRequested
from peerline_shared.events import subjects as subj
from peerline_testing.botapi import ApiCall, BotApiEmulator

from .test_polling import INBOUND, pseudonym

pytestmark = [pytest.mark.integration]


async def known_client(bot_api: BotApiEmulator, tap, user_id: int) -> str:
    """A client who wrote once, so the adapter knows their chat; the notices are skipped."""
    bot_api.send_text(bot_api.user(user_id), "привіт")
    await tap.wait(INBOUND, client_id=pseudonym(user_id))
    await bot_api.wait_for("sendMessage", count=2, chat_id=user_id)
    return pseudonym(user_id)


def reply(client_id: str, text: str, alias: str | None = "Марта") -> OutboundMessageRequested:
    return OutboundMessageRequested(
        client_id=client_id,
        channel="telegram",
        text=text,
        sender_alias=alias,
        conversation_id=uuid.uuid4(),
        lang="uk",
    )


def replies_to(bot_api: BotApiEmulator, chat_id: int) -> list[str]:
    """What was sent after the first notice, keyboards aside (the language choice, the place offer)."""
    return [str(call.params["text"]) for call in plain_sends(bot_api, chat_id) if call.ok][1:]


def plain_sends(bot_api: BotApiEmulator, chat_id: int) -> list[ApiCall]:
    sent = bot_api.calls_of("sendMessage", chat_id=chat_id)
    return [call for call in sent if not call.params.get("reply_markup")]


async def test_a_reply_reaches_the_chat_with_the_alias(
    adapter, bot_api: BotApiEmulator, tap, nats_bus
) -> None:
    client_id = await known_client(bot_api, tap, 7007001)
    event = reply(client_id, "Добрий день, чим допомогти?")
    await publish_event(nats_bus, event, subj.outbound("telegram"))
    await bot_api.wait_for("sendMessage", count=3, chat_id=7007001)
    assert replies_to(bot_api, 7007001) == ["Марта: Добрий день, чим допомогти?"]
    [done] = await tap.wait(subj.OUTBOUND_DELIVERED, outbound_event_id=str(event.event_id))
    assert done["channel"] == "telegram"


async def test_a_long_reply_is_split_at_4096_characters_in_order(
    adapter, bot_api: BotApiEmulator, tap, nats_bus
) -> None:
    client_id = await known_client(bot_api, tap, 7007002)
    text = " ".join(f"слово{n}" for n in range(1500))
    event = reply(client_id, text, alias=None)
    await publish_event(nats_bus, event, subj.outbound("telegram"))
    await tap.wait(subj.OUTBOUND_DELIVERED, outbound_event_id=str(event.event_id))
    parts = replies_to(bot_api, 7007002)
    assert len(text) > 3 * 4096 and len(parts) == 4
    assert all(len(part) <= 4096 for part in parts)
    assert " ".join(parts) == text


async def test_a_429_is_waited_out_and_the_reply_sent_once(
    adapter, bot_api: BotApiEmulator, tap, nats_bus
) -> None:
    client_id = await known_client(bot_api, tap, 7007003)
    bot_api.rate_limit(chat_id=7007003, retry_after=1)
    await publish_event(nats_bus, reply(client_id, "after the wait"), subj.outbound("telegram"))
    await bot_api.wait_for("sendMessage", count=3, chat_id=7007003)
    refused, sent = plain_sends(bot_api, 7007003)[-2:]
    assert (refused.status, sent.status) == (429, 200)
    assert sent.at - refused.at >= 0.95
    assert replies_to(bot_api, 7007003) == ["Марта: after the wait"]


async def test_a_blocked_bot_makes_the_reply_undeliverable(
    adapter, bot_api: BotApiEmulator, tap, nats_bus
) -> None:
    client_id = await known_client(bot_api, tap, 7007004)
    bot_api.block(7007004)
    blocked_before = _send_errors("bot_blocked")
    event = reply(client_id, "are you there?")
    await publish_event(nats_bus, event, subj.outbound("telegram"))
    [failed] = await tap.wait(subj.OUTBOUND_UNDELIVERABLE, outbound_event_id=str(event.event_id))
    assert failed["reason"] == "bot_blocked" and failed["client_id"] == client_id
    assert failed["conversation_id"] == str(event.conversation_id)
    assert _send_errors("bot_blocked") == blocked_before + 1, "operators see it in /metrics"


def _send_errors(reason: str) -> float:
    from prometheus_client import REGISTRY

    value = REGISTRY.get_sample_value("peerline_telegram_send_errors_total", {"reason": reason})
    return value or 0.0


async def test_a_reply_to_a_forgotten_client_is_undeliverable(
    adapter, bot_api: BotApiEmulator, tap, nats_bus
) -> None:
    event = reply(pseudonym(7007005), "hello?")
    await publish_event(nats_bus, event, subj.outbound("telegram"))
    [failed] = await tap.wait(subj.OUTBOUND_UNDELIVERABLE, outbound_event_id=str(event.event_id))
    assert failed["reason"] == "client_unknown"
