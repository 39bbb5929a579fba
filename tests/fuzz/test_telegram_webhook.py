"""Random and forged bodies to the Telegram webhook: without the secret every request is
refused (401); with it, any body gets a deliberate answer (200 for what is handled or skipped,
413 for too large) and never a 5xx or a crash, and real updates still flow afterwards."""

from __future__ import annotations

import json

import httpx
import orjson
import pytest
from hypothesis import given
from hypothesis import strategies as st

from peerline_devtools.devstack import DevStack

from ..chaos.evidence import log_records
from .budget import count, fuzz_settings
from .targets import WEBHOOK_PATH, WEBHOOK_SECRET

pytestmark = [pytest.mark.fuzz, pytest.mark.e2e]

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
HANDLED = {200, 413}

# Integers beyond 64 bits: see test_an_update_id_beyond_64_bits_is_answered_not_crashed.
ints = st.integers(min_value=-(2**63), max_value=2**63 - 1) | st.integers(min_value=1, max_value=10**10)
scalars = st.none() | st.booleans() | ints | st.floats(allow_nan=False) | st.text(max_size=40)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)
users = st.fixed_dictionaries(
    {"id": ints, "is_bot": st.booleans() | scalars, "first_name": st.text(max_size=70)},
    optional={"username": st.text(max_size=40), "language_code": st.text(max_size=5)},
)
chats = st.fixed_dictionaries(
    {
        "id": ints,
        "type": st.sampled_from(["private", "group", "supergroup", "channel"]) | st.text(max_size=10),
    }
)
messages = st.fixed_dictionaries(
    {"message_id": ints, "date": ints, "chat": chats | values},
    optional={
        "from": users | values,
        "text": st.text(max_size=5000) | scalars,
        "contact": st.fixed_dictionaries(
            {"phone_number": st.text(max_size=20), "first_name": st.text(max_size=20)}
        ),
        "entities": values,
        "reply_to_message": values,
        "caption": st.text(max_size=200),
        "photo": values,
        "sticker": values,
        "location": values,
    },
)
updates = st.fixed_dictionaries(
    {"update_id": ints | scalars},
    optional={
        "message": messages | values,
        "edited_message": messages,
        "callback_query": st.fixed_dictionaries(
            {"id": st.text(max_size=20), "from": users | values, "data": st.text(max_size=300) | scalars}
        ),
        "my_chat_member": values,
        "channel_post": messages,
    },
)
bodies = st.one_of(
    updates.map(lambda update: json.dumps(update).encode()),
    values.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=3000),
    updates.map(lambda update: json.dumps(update).encode()[: len(json.dumps(update)) // 2]),
    # Nesting up to orjson's limit; deeper: see test_deeply_nested_json_is_answered_not_crashed.
    st.integers(min_value=1, max_value=1000).map(lambda depth: b"[" * depth + b"]" * depth),
    st.sampled_from(
        [
            b"",
            b"null",
            b"[]",
            b'"x"',
            b"1e999",
            b'{"update_id": 1e400}',
            b"\xef\xbb\xbf{}",
            b'{"update_id":1,"message":{"text":"\\ud800"}}',
        ]
    ),
)


def _last_crash(stack: DevStack) -> str:
    """The last unhandled exception the telegram service logged (type and where), for the message."""
    for line in reversed(list(log_records(stack.var_dir / "logs"))):
        if b'"service":"telegram"' in line and b"Exception in ASGI application" in line:
            lines = str(orjson.loads(line).get("exception", "")).strip().splitlines()
            ours = [entry.strip() for entry in lines if "peerline" in entry]
            return f"{lines[-1] if lines else '?'} at {ours[-1] if ours else '?'}"
    return "none logged"


def _crashes(stack: DevStack) -> int:
    return sum(
        b"Exception in ASGI application" in line
        for line in log_records(stack.var_dir / "logs")
        if b'"service":"telegram"' in line
    )


def _post(http: httpx.Client, body: bytes, headers: dict[str, str]) -> int:
    return http.post(
        WEBHOOK_PATH, content=body, headers={"Content-Type": "application/json", **headers}
    ).status_code


def test_without_the_secret_every_body_is_refused(fuzz_stack: DevStack) -> None:
    with httpx.Client(base_url=fuzz_stack.url("telegram"), timeout=15) as http:

        @fuzz_settings(ci=40, large=2_000)
        @given(
            bodies,
            st.none() | st.from_regex(r"[!-~]{0,60}", fullmatch=True).filter(lambda s: s != WEBHOOK_SECRET),
        )
        def forged(body: bytes, secret: str | None) -> None:
            count("telegram webhook: forged (no or wrong secret)")
            headers = {} if secret is None else {SECRET_HEADER: secret}
            assert _post(http, body, headers) == 401

        forged()


def test_any_body_with_the_secret_gets_a_deliberate_answer(fuzz_stack: DevStack) -> None:
    crashes_before = _crashes(fuzz_stack)
    answers: list[tuple[int, bytes]] = []
    with httpx.Client(base_url=fuzz_stack.url("telegram"), timeout=30) as http:

        @fuzz_settings(ci=120, large=20_000)
        @given(bodies)
        def random_body(body: bytes) -> None:
            count("telegram webhook: random and malformed bodies")
            answers.append((_post(http, body, {SECRET_HEADER: WEBHOOK_SECRET}), body[:120]))

        random_body()
        oversized = _post(http, b"{" + b" " * (2 * 1024 * 1024) + b"}", {SECRET_HEADER: WEBHOOK_SECRET})
    unexpected = [(status, body) for status, body in answers if status not in HANDLED]
    assert not unexpected, (
        f"{len(unexpected)} unexpected answers, e.g. {unexpected[:2]}; {_last_crash(fuzz_stack)}"
    )
    assert oversized == 413
    assert _crashes(fuzz_stack) == crashes_before, "the telegram service logged an unhandled exception"
    assert httpx.get(f"{fuzz_stack.url('telegram')}/healthz", timeout=5).status_code == 200


@pytest.mark.parametrize("depth", [2_000, 100_000])
def test_deeply_nested_json_is_answered_not_crashed(fuzz_stack: DevStack, depth: int) -> None:
    with httpx.Client(base_url=fuzz_stack.url("telegram"), timeout=30) as http:
        status = _post(http, b"[" * depth + b"]" * depth, {SECRET_HEADER: WEBHOOK_SECRET})
    assert status in HANDLED


def test_an_update_id_beyond_64_bits_is_answered_not_crashed(fuzz_stack: DevStack) -> None:
    with httpx.Client(base_url=fuzz_stack.url("telegram"), timeout=30) as http:
        # A lone surrogate escape sends the body through the stdlib parser, which keeps big integers.
        body = b'{"update_id": 1180591620717411303424, "message": {"text": "\\ud800"}}'
        status = _post(http, body, {SECRET_HEADER: WEBHOOK_SECRET})
    assert status in HANDLED
