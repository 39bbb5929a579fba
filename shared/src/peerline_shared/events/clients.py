"""Requests a client makes about their own data."""

from __future__ import annotations

from typing import Literal

from peerline_shared.events.base import ClientId, Event
from peerline_shared.events.common import Channel


class ClientErasureRequested(Event):
    """The client asked to be forgotten: delete their messages and unlink their conversations."""

    type: Literal["client.erasure.requested"] = "client.erasure.requested"
    schema_version: Literal[1] = 1
    client_id: ClientId
    channel: Channel
