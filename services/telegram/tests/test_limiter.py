"""The token buckets, on a fake clock."""

from __future__ import annotations

import pytest

from peerline_telegram.outbound.limiter import Bucket, SendLimiter


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.now += seconds


def test_a_bucket_allows_its_burst_then_one_per_interval() -> None:
    bucket = Bucket(rate=1.0, burst=3)
    waits = [bucket.reserve(now=0.0) for _ in range(5)]
    assert waits == [0.0, 0.0, 0.0, 1.0, 2.0]


def test_a_bucket_refills_while_idle() -> None:
    bucket = Bucket(rate=2.0, burst=1)
    assert bucket.reserve(0.0) == 0.0
    assert bucket.reserve(0.1) == pytest.approx(0.4)
    assert bucket.reserve(5.0) == 0.0


def test_pause_until_holds_the_bucket_back() -> None:
    bucket = Bucket(rate=1.0, burst=3)
    bucket.pause_until(10.0)
    assert bucket.reserve(now=0.0) == pytest.approx(10.0)


async def test_one_chat_gets_about_one_message_per_second() -> None:
    clock = FakeClock()
    limiter = SendLimiter(chat_rate=1.0, chat_burst=1, global_rate=30.0, clock=clock,
                          sleep=clock.sleep)
    for _ in range(4):
        await limiter.acquire("chat-a")
    assert clock.slept == [1.0, 1.0, 1.0]


async def test_many_chats_share_thirty_per_second() -> None:
    clock = FakeClock()
    limiter = SendLimiter(chat_rate=1.0, chat_burst=1, global_rate=30.0, clock=clock,
                          sleep=clock.sleep)
    for n in range(60):
        await limiter.acquire(f"chat-{n}")
    assert len(clock.slept) == 30
    assert clock.now - 1000.0 == pytest.approx(1.0)


async def test_a_retry_after_pauses_only_that_chat() -> None:
    clock = FakeClock()
    limiter = SendLimiter(chat_rate=1.0, chat_burst=3, global_rate=30.0, clock=clock,
                          sleep=clock.sleep)
    limiter.pause_chat("chat-a", 5.0)
    await limiter.acquire("chat-b")
    assert clock.slept == []
    await limiter.acquire("chat-a")
    assert clock.slept == [5.0]


def test_idle_chats_are_forgotten() -> None:
    clock = FakeClock()
    limiter = SendLimiter(chat_rate=1.0, chat_burst=1, global_rate=1000.0, clock=clock,
                          max_idle_chats=10)
    for n in range(10):
        limiter._chat(f"chat-{n}").reserve(clock())
    clock.now += 60
    limiter._chat("chat-new")
    assert list(limiter.chats) == ["chat-new"]


async def test_a_bounded_acquire_refuses_without_booking() -> None:
    clock = FakeClock()
    limiter = SendLimiter(chat_rate=1.0, chat_burst=1, global_rate=30.0, clock=clock,
                          sleep=clock.sleep)
    assert await limiter.acquire("chat-a", max_wait_s=2.0)
    limiter.pause_chat("chat-a", 5.0)
    assert not await limiter.acquire("chat-a", max_wait_s=2.0)
    assert clock.slept == []
    assert await limiter.acquire("chat-a")
    assert clock.slept == [5.0]
