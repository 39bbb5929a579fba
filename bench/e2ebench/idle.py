"""Idle web-chat sockets held by one gateway process, and what each costs in memory.

Each socket completes the real handshake (hello → welcome) and then stays silent, like a
visitor who opened the chat and is thinking. Memory is the gateway's VmRSS after minus
before, divided by the sockets actually open.
"""

from __future__ import annotations

import asyncio
import gc
import time
from typing import Any

import orjson
import websockets
from websockets.asyncio.client import ClientConnection

from e2ebench.stack import rss_kb


async def _open(url: str) -> ClientConnection:
    socket = await websockets.connect(url, ping_interval=None, max_queue=4, compression=None,
                                      open_timeout=30)
    await socket.send(b'{"type":"hello","session":null}'.decode())
    welcome = orjson.loads(await asyncio.wait_for(socket.recv(), 30))
    if welcome.get("type") != "welcome":
        raise RuntimeError("no welcome")
    return socket


async def hold_idle_sockets(gateway_url: str, gateway_pid: int, count: int,
                            concurrency: int = 100, hold_s: float = 2.0) -> dict[str, Any]:
    url = gateway_url.replace("http", "ws", 1) + "/ws/chat"
    gc.collect()
    before_kb = rss_kb(gateway_pid)
    gate = asyncio.Semaphore(concurrency)
    sockets: list[ClientConnection] = []
    failures = 0
    started = time.perf_counter()

    async def one() -> None:
        nonlocal failures
        async with gate:
            try:
                sockets.append(await _open(url))
            except Exception:
                failures += 1

    await asyncio.gather(*(one() for _ in range(count)))
    open_s = time.perf_counter() - started
    await asyncio.sleep(hold_s)  # let the gateway settle (allocator, buffers)
    after_kb = rss_kb(gateway_pid)
    alive = sum(1 for socket in sockets if socket.state is websockets.protocol.State.OPEN)
    await asyncio.gather(*(socket.close() for socket in sockets), return_exceptions=True)
    return {
        "idle_sockets": alive,
        "idle_socket_failures": failures,
        "idle_connect_rate": round(len(sockets) / open_s, 1) if open_s else None,
        "gateway_rss_before_mb": round(before_kb / 1024, 1),
        "gateway_rss_idle_mb": round(after_kb / 1024, 1),
        "kb_per_socket": round((after_kb - before_kb) / alive, 1) if alive else None,
    }
