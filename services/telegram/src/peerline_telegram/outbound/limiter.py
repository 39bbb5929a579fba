"""Token buckets for Telegram's limits: about 1 message/s to a chat, 30/s overall.

`Bucket` is pure (GCRA: one number per bucket, the theoretical arrival time), so tests drive
it with a fake clock; `SendLimiter` sleeps on the asyncio clock for the chat and the bot.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass


@dataclass
class Bucket:
    """`rate` tokens per second, up to `burst` at once; `reserve` books the next token."""

    rate: float
    burst: int
    tat: float = 0.0

    @property
    def interval(self) -> float:
        return 1.0 / self.rate

    def wait_time(self, now: float) -> float:
        """How long the next token is away, without booking it."""
        return max(0.0, max(self.tat, now) - (self.burst - 1) * self.interval - now)

    def reserve(self, now: float) -> float:
        """Book a token and return how long to wait before using it (0 if right away)."""
        tolerance = (self.burst - 1) * self.interval
        start = max(self.tat, now)
        wait = max(0.0, start - tolerance - now)
        self.tat = start + self.interval
        return wait

    def pause_until(self, moment: float) -> None:
        """Nothing before `moment` (Telegram said retry_after), then one token at a time."""
        self.tat = max(self.tat, moment + (self.burst - 1) * self.interval)

    def idle(self, now: float) -> bool:
        return self.tat <= now


class SendLimiter:
    """Waits so that each chat and the bot as a whole stay within their rates."""

    def __init__(
        self,
        *,
        chat_rate: float,
        chat_burst: int,
        global_rate: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        max_idle_chats: int = 10_000,
    ) -> None:
        self.chat_rate, self.chat_burst = chat_rate, chat_burst
        self.overall = Bucket(global_rate, max(1, int(global_rate)))
        self.chats: dict[str, Bucket] = {}
        self.clock, self.sleep = clock, sleep
        self.max_idle_chats = max_idle_chats

    async def acquire(self, key: str, max_wait_s: float | None = None) -> bool:
        """Wait for the chat's turn, then for a slot of the bot's overall rate; False (and
        nothing booked) if the chat's turn is further away than `max_wait_s`.

        In that order: booking the overall slot first, for a chat that must wait, would hold
        back every other chat for as long.
        """
        chat = self._chat(key)
        if max_wait_s is not None and chat.wait_time(self.clock()) > max_wait_s:
            return False
        await self._pause(chat.reserve(self.clock()))
        await self._pause(self.overall.reserve(self.clock()))
        return True

    async def _pause(self, seconds: float) -> None:
        if seconds > 0:
            await self.sleep(seconds)

    def pause_chat(self, key: str, seconds: float) -> None:
        self._chat(key).pause_until(self.clock() + seconds)

    def _chat(self, key: str) -> Bucket:
        bucket = self.chats.get(key)
        if bucket is None:
            if len(self.chats) >= self.max_idle_chats:
                self._forget_idle()
            bucket = self.chats[key] = Bucket(self.chat_rate, self.chat_burst)
        return bucket

    def _forget_idle(self) -> None:
        now = self.clock()
        for key in [key for key, bucket in self.chats.items() if bucket.idle(now)]:
            del self.chats[key]
