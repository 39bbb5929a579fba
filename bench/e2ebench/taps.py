"""The bench's read-only NATS connection for its taps, told to the server as one that reads no
headers.

The taps read only each message's payload (its trace id, event id and type) and the time it
arrived. A client that does not declare headers in its CONNECT gets every message as a plain
`MSG` with the headers left out by nats-server, so nats-py parses no header block for it: about
a quarter of the load generator's CPU went to the taps, a third of that to parsing headers it
never read (docs/benchmarks.md, "The gateway and the load generator, cheaper").
"""

from __future__ import annotations

from typing import Any

from nats.aio.client import Client


class PayloadOnlyClient(Client):
    """A nats-py client that connects without the headers capability (it must not publish
    with headers; the taps publish nothing)."""

    def _connect_command(self) -> bytes:
        server_info = self._server_info
        self._server_info = {key: value for key, value in server_info.items() if key != "headers"}
        try:
            return super()._connect_command()
        finally:
            self._server_info = server_info


async def connect_tap(url: str, **options: Any) -> PayloadOnlyClient:
    client = PayloadOnlyClient()
    await client.connect(url, **options)
    return client
