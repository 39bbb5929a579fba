"""The NATS connection of a service: its servers and credentials, what it logs, and the
watchdog that ends a process cut off from NATS for too long.

Why a service once stayed disconnected for good when its node died, while a plain nats-py
client moved to another node in 0.1 s:

1. Credentials were only in the server URLs (`nats://user:password@nats-1:4222`). A cluster
   tells its clients the other nodes' addresses (`connect_urls`, as IP:port, without
   credentials); nats-py adds them to its pool and, when reconnecting, tries them without
   credentials: `Authorization Violation`.
2. The error callback re-raised that error (faststream's did, to fail fast on bad credentials
   at start), and an exception out of nats-py's error callback ends its reconnect task: the
   client stays "reconnecting" forever, silently, even once the node is back.

So the credentials are taken out of the URLs and given to the client once, for every server
it knows or discovers; the error callback never raises once the service has been connected
(a wrong password at start still fails at once); every disconnect, reconnect and error is
logged; and `watch_connection` exits a service that stays cut off anyway, so its supervisor
restarts it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import SplitResult, unquote, urlsplit

from nats.aio.client import Client

from peerline_shared.logging import get_logger
from peerline_shared.nats_identities import connect_options as identity_options

log = get_logger()

# Server errors that a retry cannot fix; before the first connection they end the start.
UNRECOVERABLE_AT_START = ("authorization violation", "authorization timeout", "invalid client protocol")
WATCH_INTERVAL_S = 0.5


class NatsUrlError(ValueError):
    """The NATS server list cannot be used as given."""


@dataclass(frozen=True)
class Credentials:
    """A user and password, or a token (`password` None): the same for every server."""

    user: str
    password: str | None = None

    def connect_options(self) -> dict[str, str]:
        """nats-py's `connect` keywords for these credentials."""
        if self.password is None:
            return {"token": self.user}
        return {"user": self.user, "password": self.password}


@dataclass(frozen=True)
class NatsServers:
    """Server URLs without credentials, and the credentials (if any) for all of them."""

    urls: list[str]
    credentials: Credentials | None

    def connect_options(self) -> dict[str, Any]:
        """The servers, the credentials, and the reply inboxes of this identity: a service's
        NATS user may subscribe to its own reply inboxes only (nats_identities)."""
        user = self.credentials.user if self.credentials and self.credentials.password is not None else None
        return {
            "servers": self.urls,
            **(self.credentials.connect_options() if self.credentials else {}),
            **identity_options(user),
        }


def nats_servers(nats_url: str) -> NatsServers:
    """`nats://u:p@a:4222,nats://u:p@b:4222` -> both URLs without `u:p`, and `u:p` once.

    A single URL gives a one-item list. The servers of one cluster share their credentials;
    different ones on different URLs are refused (the client could not use them per node
    it discovers)."""
    parts = [urlsplit(url.strip()) for url in nats_url.split(",") if url.strip()]
    if not parts:
        raise NatsUrlError("no NATS server given (PEERLINE_NATS_URL is empty)")
    credentials = {(part.username, part.password) for part in parts}
    if len(credentials) > 1:
        raise NatsUrlError("every NATS server URL must carry the same credentials (or none)")
    [(user, password)] = credentials
    return NatsServers([_without_credentials(part) for part in parts], _credentials(user, password))


def _without_credentials(part: SplitResult) -> str:
    host = part.netloc.rpartition("@")[2]
    return part._replace(netloc=host).geturl()


def _credentials(user: str | None, password: str | None) -> Credentials | None:
    if user is None:
        return None
    if password is None:  # nats://TOKEN@host
        return Credentials(unquote(user))
    return Credentials(unquote(user), unquote(password))


def server_address(connection: Client | None) -> str | None:
    """host:port of the server the client is on (never its credentials)."""
    url = connection.connected_url if connection is not None else None
    return f"{url.hostname}:{url.port}" if url is not None else None


@dataclass
class ConnectionEvents:
    """nats-py's callbacks for one connection: log what happens, never raise after the start."""

    connection: Callable[[], Client | None]
    connected_once: bool = False
    disconnected_at: float | None = field(default=None)

    def connect_options(self) -> dict[str, Any]:
        """nats-py's `connect` keywords for these callbacks."""
        return {
            "error_cb": self.on_error,
            "disconnected_cb": self.on_disconnected,
            "reconnected_cb": self.on_reconnected,
            "closed_cb": self.on_closed,
            "discovered_server_cb": self.on_discovered,
        }

    async def on_error(self, error: Exception) -> None:
        reason = str(error).removeprefix("nats: ").strip("'").lower()
        if not self.connected_once and reason in UNRECOVERABLE_AT_START:
            raise error  # a wrong password at start: fail now, not retry for ever
        log.warning("nats.error", error_type=type(error).__name__, error=str(error)[:200],
                    server=server_address(self.connection()))

    async def on_disconnected(self) -> None:
        client = self.connection()
        if client is not None and client.is_closed:  # closed at shutdown: nothing went wrong
            return
        if self.connected_once and self.disconnected_at is None:
            self.disconnected_at = time.monotonic()
            log.warning("nats.disconnected")

    async def on_reconnected(self) -> None:
        away_s = time.monotonic() - self.disconnected_at if self.disconnected_at is not None else 0.0
        self.disconnected_at = None
        log.info("nats.reconnected", server=server_address(self.connection()), away_s=round(away_s, 3))

    async def on_closed(self) -> None:
        if self.connected_once:
            log.info("nats.closed")

    async def on_discovered(self) -> None:
        connection = self.connection()
        known = len(connection.servers) if connection is not None else 0
        log.info("nats.servers_discovered", servers_count=known)


async def watch_connection(
    connection: Callable[[], Client | None],
    *,
    cut_off_after_s: float,
    on_cut_off: Callable[[], Awaitable[None]],
    interval_s: float = WATCH_INTERVAL_S,
) -> None:
    """Call `on_cut_off` once the connection has been down for `cut_off_after_s` (or closed
    for good: nats-py gave up), then return. Polls the connection's state rather than trusting
    callbacks: whatever broke the client's own reconnecting, the process still ends."""
    down_since: float | None = None
    while True:
        await asyncio.sleep(interval_s)
        client = connection()
        if client is not None and client.is_connected:
            down_since = None
            continue
        now = time.monotonic()
        down_since = down_since if down_since is not None else now
        closed = client is None or client.is_closed
        if closed or now - down_since >= cut_off_after_s:
            log.error("nats.cut_off", down_s=round(now - down_since, 1), closed=closed,
                      limit_s=cut_off_after_s)
            await on_cut_off()
            return
