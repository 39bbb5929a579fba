"""Edits, very long text, broken UTF-8, malformed updates and a flood: nothing crashes,
nothing before the problem is lost, and the next update goes through."""

from __future__ import annotations

import time

import orjson
import pytest

from peerline_testing.botapi import BotApiEmulator

from .test_polling import INBOUND, pseudonym

pytestmark = [pytest.mark.integration]


async def test_an_edit_is_sent_as_a_correction(adapter, bot_api: BotApiEmulator, tap) -> None:
    user = bot_api.user(7006001)
    sent = bot_api.send_text(user, "де взяти налоксон")
    bot_api.edit_text(user, sent["message_id"], "де взяти налоксон у Києві")
    first, edit = await tap.wait(INBOUND, count=2, client_id=pseudonym(7006001))
    assert (first["is_correction"], edit["is_correction"]) == (False, True)
    assert edit["client_message_id"] == first["client_message_id"]
    assert edit["event_id"] != first["event_id"]


async def test_a_10000_character_message_arrives_whole(
    adapter, bot_api: BotApiEmulator, tap
) -> None:
    text = ("Потрібна допомога з терапією. " * 400)[:10_000]
    bot_api.send_text(bot_api.user(7006002), text)
    [event] = await tap.wait(INBOUND, client_id=pseudonym(7006002))
    assert len(event["text"]) >= 9_990 and event["text"].startswith("Потрібна допомога")


def raw_message(update_id: int, user_id: int, text_json: bytes) -> bytes:
    # Message ids far from the emulator's own, which count from 1: the event id derives from the
    # chat and the message id, and two messages must not share one.
    return (b'{"update_id":%d,"message":{"message_id":%d,"date":1700000000,'
            b'"chat":{"id":%d,"type":"private"},"from":{"id":%d,"is_bot":false,'
            b'"first_name":"X"},"text":%s}}'
            % (update_id, 1_000_000 + update_id, user_id, user_id, text_json))


async def test_broken_utf8_and_malformed_updates_are_logged_and_skipped(
    adapter, bot_api: BotApiEmulator, tap, capsys: pytest.CaptureFixture[str]
) -> None:
    number = bot_api.next_update_id()
    bot_api.feed_raw(raw_message(number, 7006003, b'"broken \xff\xfe bytes"'), number)
    bot_api.feed_raw(raw_message(number + 1, 7006003, b'"lone \\ud83d surrogate"'), number + 1)
    bot_api.feed_raw(b'{"update_id":%d,"message":{"text":5}}' % (number + 2), number + 2)
    bot_api.feed_raw(b'{"update_id":%d,"message":{"message_id":1,"date":1,"chat":{"id":7006003,'
                     b'"type":"private"},"from":{"id":7006003,"first_name":"Secretname",'
                     b'"is_bot":"maybe"},"text":"x"}}' % (number + 3), number + 3)
    bot_api.send_text(bot_api.user(7006003), "and the next one")

    events = await tap.wait(INBOUND, count=3, client_id=pseudonym(7006003))
    assert [e["text"] for e in events] == ["broken \ufffd\ufffd bytes", "lone ? surrogate",
                                           "and the next one"]
    lines = [orjson.loads(line) for line in capsys.readouterr().err.splitlines()
             if line.startswith("{")]
    malformed = [r for r in lines if r["event"] == "telegram.update_malformed"]
    assert {r["update_id"] for r in malformed} == {number + 2, number + 3}
    assert "Secretname" not in str(lines)


async def test_a_flood_is_throttled_after_the_first_messages_with_one_notice(
    adapter, bot_api: BotApiEmulator, tap
) -> None:
    user = bot_api.user(7006004, language_code="en")
    started = time.monotonic()
    for number in range(50):
        bot_api.send_text(user, f"message {number}")
    bot_api.send_text(user, "x")  # a marker: when it is handled, all 50 were
    notice = await bot_api.wait_for("sendMessage", chat_id=7006004,
                                    where=lambda c: "very fast" in c.params["text"])
    assert time.monotonic() - started < 10
    forwarded = tap.of(INBOUND, client_id=pseudonym(7006004))
    assert [e["text"] for e in forwarded] == [f"message {n}" for n in range(20)]
    assert len(notice) == 1 and "wait 10 seconds" in notice[0].params["text"]
