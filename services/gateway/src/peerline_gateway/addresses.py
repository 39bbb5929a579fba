"""Client addresses, never kept: what the gateway counts per address (chat sockets, chat
messages, failed console logins) it counts under a keyed hash of the address, and the key
changes every day.

The day's key is HMAC-SHA256(secret, "peerline/client-address/" + the UTC date), the secret
being the gateway's session secret. Within a day one address always gives the same key (so
limits work across the gateway's processes); across days the keys of one address cannot be
linked, and without the secret no key can be turned back into an address by trying the
(small) space of IPv4 addresses.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime

KEY_LABEL = b"peerline/client-address/"


def utc_today() -> date:
    return datetime.now(UTC).date()


def daily_key(secret: bytes, day: date) -> bytes:
    return hmac.new(secret, KEY_LABEL + day.isoformat().encode(), hashlib.sha256).digest()


class AddressKeys:
    """`key(address)`: the address as today's keyed hash (32 hex digits)."""

    def __init__(self, secret: bytes, today: Callable[[], date] = utc_today) -> None:
        self._secret = secret
        self._today = today
        self._day: date | None = None
        self._key = b""

    def key(self, address: str) -> str:
        day = self._today()
        if day != self._day:
            self._day, self._key = day, daily_key(self._secret, day)
        return hmac.new(self._key, address.encode(), hashlib.sha256).hexdigest()[:32]


class LocalWindowLimit:
    """A fixed-window counter held in this process's memory only: nothing about an address
    reaches Redis, its append-only file or any disk. The price: with N gateway processes an
    address may send up to N × `per_window` (the per-pseudonym limit, in Redis, stays global)."""

    def __init__(self, per_window: int, window_seconds: float, clock: Callable[[], float]) -> None:
        self.per_window = per_window
        self.window_seconds = window_seconds
        self._clock = clock
        self._window = -1
        self._counts: Counter[str] = Counter()

    def allow(self, key: str) -> bool:
        """Count one use; True while `key` is within the limit. Every use counts, allowed or
        not: a flood stays over the limit until it stops."""
        window = int(self._clock() // self.window_seconds)
        if window != self._window:
            self._window, self._counts = window, Counter()  # the old window's keys go with it
        self._counts[key] += 1
        return self._counts[key] <= self.per_window
