"""Hostile WebSocket frames to /ws/chat: malformed JSON, wrong shapes, broken UTF-8, oversized,
fragmented, reserved bits and opcodes, unmasked. Each connection either goes on answering or
is closed cleanly (a protocol close code, never 1011), the gateway logs no crash, and a
well-behaved client on another connection is served throughout."""

from __future__ import annotations

import asyncio
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerline_devtools.devstack import DevStack

from ..chaos.evidence import log_records
from ..chaos.webchat import ResilientChatClient
from .budget import count, fuzz_settings
from .rawws import (
    BINARY,
    CLOSE,
    CONTINUATION,
    PING,
    TEXT,
    RawSocket,
    encode_frame,
    sent_close_code,
)

pytestmark = [pytest.mark.fuzz, pytest.mark.e2e]

CLEAN_CLOSE_CODES = {1000, 1002, 1003, 1007, 1008, 1009, 4400, 4403, 4408, 4429}
HELLO = encode_frame(TEXT, b'{"type":"hello","lang":"uk"}')

json_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=50)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=10,
)
frame_objects = st.fixed_dictionaries(
    {"type": st.sampled_from(["hello", "message", "forget", "ack", "", "MESSAGE"]) | st.text(max_size=10)},
    optional={
        "id": st.text(max_size=80) | json_scalars,
        "text": st.text(max_size=3000) | json_values,
        "session": st.text(max_size=200) | json_scalars,
        "last_seen": st.text(max_size=60) | json_scalars,
        "lang": st.sampled_from(["uk", "ru", "en", "de", ""]) | json_scalars,
    },
)
text_payloads = st.one_of(
    frame_objects.map(lambda obj: json.dumps(obj).encode()),
    json_values.map(lambda value: json.dumps(value).encode()),
    st.text(max_size=500).map(str.encode),
    st.binary(max_size=300).map(lambda raw: b"\xff" + raw),  # never valid UTF-8
)
# Binary (opcode 2) frames have their own test below
# (test_hostile_frames_are_answered_without_an_unhandled_exception).
frames = st.one_of(
    text_payloads.map(lambda payload: encode_frame(TEXT, payload)),
    text_payloads.map(
        lambda payload: encode_frame(TEXT, payload, fin=False) + encode_frame(CONTINUATION, b"}")
    ),
    st.tuples(st.sampled_from([3, 4, 5, 6, 7, 0xB, 0xC, 0xF]), st.binary(max_size=20)).map(
        lambda pair: encode_frame(pair[0], pair[1])
    ),
    text_payloads.map(lambda payload: encode_frame(TEXT, payload[:100], rsv=4)),
    text_payloads.map(lambda payload: encode_frame(TEXT, payload[:100], masked=False)),
    st.binary(max_size=125).map(lambda payload: encode_frame(PING, payload)),
    st.binary(min_size=1, max_size=10).map(lambda payload: encode_frame(CLOSE, payload)),
)


def _crashes(stack: DevStack) -> int:
    return sum(
        b"Exception in ASGI application" in line
        for line in log_records(stack.var_dir / "logs")
        if b'"service":"gateway"' in line
    )


async def _attack(port: int, sequence: list[bytes], say_hello: bool) -> int | None:
    socket = await RawSocket.open(port)
    try:
        if say_hello:
            await socket.send(HELLO)
            await socket.receive(quiet_s=0.3)
        for raw in sequence:
            if not await socket.send(raw):
                break
        received = await socket.receive(quiet_s=0.3)
        return received.close_code if received.closed else None
    finally:
        await socket.close()


async def _canary_is_served(stack: DevStack) -> None:
    client = ResilientChatClient(stack.url("gateway"))
    runner = asyncio.create_task(client.run())
    await client.say("fuzz canary: still there?")
    client.finish()
    await asyncio.wait_for(runner, 30)
    assert len(client.acked) == 1


def test_hostile_frames_never_crash_the_chat_socket(fuzz_stack: DevStack) -> None:
    port = fuzz_stack.ports["gateway"]
    codes: list[int | None] = []
    opcodes_1011: list[list[int]] = []

    @fuzz_settings(ci=60, large=1_500)
    @given(st.lists(frames, min_size=1, max_size=5), st.booleans())
    def attack(sequence: list[bytes], say_hello: bool) -> None:
        count("websocket: hostile frame sequences")
        code = asyncio.run(_attack(port, sequence, say_hello))
        # RFC 6455 5.5.1: the server answers a close frame by echoing its code, whatever it is.
        if code not in {sent_close_code(raw) for raw in sequence}:
            codes.append(code)
        if code == 1011:
            opcodes_1011.append(sorted({raw[0] & 0xF for raw in sequence}))

    attack()
    unclean = [code for code in codes if code is not None and code not in CLEAN_CLOSE_CODES]
    assert not unclean, (
        f"unclean close codes: {sorted(set(unclean))}; first opcodes of those: {opcodes_1011[:5]}"
    )
    asyncio.run(_canary_is_served(fuzz_stack))
    process = fuzz_stack.services["gateway"].process
    assert process is not None and process.poll() is None, "the gateway died"


async def test_an_oversized_frame_closes_with_1009_and_others_are_served(fuzz_stack: DevStack) -> None:
    socket = await RawSocket.open(fuzz_stack.ports["gateway"])
    await socket.send(HELLO)
    await socket.receive(quiet_s=0.3)
    await socket.send(encode_frame(TEXT, b"a" * (1024 * 1024)))
    received = await socket.receive(quiet_s=5)
    await socket.close()
    assert received.close_code == 1009
    await _canary_is_served(fuzz_stack)


HOSTILE = {
    "binary after hello": ([encode_frame(BINARY, b"\x00\x01binary")], True),
    "binary instead of hello": ([encode_frame(BINARY, b"\x00\x01binary")], False),
    "close instead of hello": ([encode_frame(CLOSE, b"\x03\xe8")], False),
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
async def test_hostile_frames_are_answered_without_an_unhandled_exception(
    fuzz_stack: DevStack, case: str
) -> None:
    crashes_before = _crashes(fuzz_stack)
    sequence, say_hello = HOSTILE[case]
    code = await _attack(fuzz_stack.ports["gateway"], sequence, say_hello)
    assert code is None or code in CLEAN_CLOSE_CODES
    await asyncio.sleep(0.5)
    assert _crashes(fuzz_stack) == crashes_before, f"{case}: the chat handler raised"
