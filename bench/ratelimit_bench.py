"""CPU of the chat flood limit per use, in one process against a local redis-server: uses one
at a time from 300 clients in turn (as the chat sockets' messages come at 300 msg/s), with
the limit reserving 1 use from Redis at a time (every use a call, as before 2026-12-04) and 4.

    uv run python bench/ratelimit_bench.py [USES]

Process CPU (`time.process_time`) per use, best of 5 rounds; redis-server's own CPU is not in
it (it falls with the calls). On uvloop, as the services run. Figures: docs/benchmarks.md.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import uvloop
from redis.asyncio import Redis

from peerline_devtools.localservers import RedisServer, free_port
from peerline_gateway.ratelimit import Limit, RateLimiter

CLIENTS = 300


async def use_us(redis: Redis, reserve: int, uses: int, round_: int) -> float:
    limiter = RateLimiter(redis, Limit(f"bench{reserve}r{round_}", 1_000_000, 60, reserve=reserve))
    clients = [f"client-{n}" for n in range(CLIENTS)]
    started = time.process_time()
    for index in range(uses):
        await limiter.allow(clients[index % CLIENTS])
    return (time.process_time() - started) / uses * 1e6


async def main(uses: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        server = RedisServer(port=free_port(), data_dir=Path(folder))
        server.start()
        try:
            redis = Redis.from_url(server.url)
            await use_us(redis, 1, 500, 0)  # warm up: the script loaded, the pool's connection open
            for reserve in (1, 4):
                best = min([await use_us(redis, reserve, uses, round_) for round_ in range(1, 6)])
                print(f"reserve {reserve}: {best:.0f} µs of CPU a use")
            await redis.aclose()
        finally:
            server.stop()


if __name__ == "__main__":
    uvloop.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 6000))
