"""The load generator's cheaper parts keep what the gateway and the ledger rely on."""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from e2ebench.clients import ChatClient

from peerline_gateway.chat.frames import SendMessage


def test_message_ids_are_unique_32_hex_digits_the_chat_accepts() -> None:
    ids = [ChatClient.new_message_id() for _ in range(10_000)]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"[0-9a-f]{32}", message_id) for message_id in ids)
    assert SendMessage(type="message", v=1, id=ids[0], text="hi").id == ids[0]
