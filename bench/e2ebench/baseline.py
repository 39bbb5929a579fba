"""The yardstick: a bare nats-py JetStream relay through as many hops as the pipeline.

The pipeline stores each client message three times on the way to a console (gateway →
`inbound`, triage → `triaged`, notifications → `conversation.*`) and is consumed three times
(triage and notifications by durable pull consumers with explicit acks, the gateway's console
feed by a core NATS subscription beside the stream). The baseline does exactly that and
nothing else:

    bench publisher → hop1 → relay A (durable pull, publish, ack) → hop2 → relay B → hop3 → sink

Relays run as separate processes, like the services, against the same nats-server (same
fsync setting), so `pipeline rate / baseline rate` says how much of the machine the helpline's
own work costs, and holds on a noisy machine.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from typing import Any

import nats
from nats.js.api import AckPolicy, ConsumerConfig, StorageType, StreamConfig

STREAM = "BENCH_BASELINE"
SUBJECT = "bench.hop.{}"
HOPS = 3
PAYLOAD = b'{"type":"client.message_received","text":"' + b"x" * 400 + b'"}'


async def provision(url: str) -> None:
    connection = await nats.connect(url)
    js = connection.jetstream()
    with contextlib.suppress(Exception):  # absent on a fresh server
        await js.delete_stream(STREAM)
    await js.add_stream(StreamConfig(name=STREAM, subjects=["bench.hop.>"], storage=StorageType.FILE,
                                     duplicate_window=120))
    await connection.close()


async def relay(url: str, source: int, batch: int = 16, pipelined: bool = False) -> None:
    """Durable pull consumer on hop `source`; republish each message to the next hop, then ack.

    `pipelined`: publish a whole fetched batch concurrently, then ack it (what a consumer with
    several workers achieves); the default handles one message at a time, like `consume`."""
    connection = await nats.connect(url)
    js = connection.jetstream()
    subscription = await js.pull_subscribe(
        SUBJECT.format(source), durable=f"relay{source}", stream=STREAM,
        config=ConsumerConfig(ack_policy=AckPolicy.EXPLICIT, ack_wait=30),
    )
    target = SUBJECT.format(source + 1)
    while True:
        try:
            messages = await subscription.fetch(batch, timeout=1.0)
        except nats.errors.TimeoutError:
            continue
        if pipelined:
            await asyncio.gather(*(_forward(js, target, source, message) for message in messages))
            await asyncio.gather(*(message.ack() for message in messages))
            continue
        for message in messages:
            await _forward(js, target, source, message)
            await message.ack()


async def _forward(js: Any, target: str, source: int, message: Any) -> None:
    headers = {"Nats-Msg-Id": f"{source}-{(message.headers or {}).get('Nats-Msg-Id', '')}"}
    await js.publish(target, message.data, headers=headers)


def start_relays(url: str, pipelined: bool = False) -> list[subprocess.Popen[bytes]]:
    flag = ["pipelined"] if pipelined else []
    return [
        subprocess.Popen([sys.executable, "-m", "e2ebench.baseline", url, str(hop), *flag],
                         cwd=_bench_dir())
        for hop in range(1, HOPS)
    ]


def _bench_dir() -> str:
    from pathlib import Path

    return str(Path(__file__).resolve().parents[1])


@dataclass
class BaselineRun:
    count: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds else 0.0


async def run_baseline(url: str, count: int, rate: float | None = None, window: int = 256) -> BaselineRun:
    """Publish `count` messages (as fast as acks allow, or at `rate`), wait for all at the sink."""
    connection = await nats.connect(url)
    js = connection.jetstream()
    run_id = uuid.uuid4().hex[:8]
    sent_at: dict[str, float] = {}
    latencies: list[float] = []
    done = asyncio.Event()
    last = [0.0]

    async def sink(message: nats.aio.msg.Msg) -> None:
        key = (message.headers or {}).get("Nats-Msg-Id", "").rsplit("-", 1)[-1]
        started = sent_at.pop(key, None)
        if started is not None:
            last[0] = time.perf_counter()
            latencies.append(last[0] - started)
            if len(latencies) == count:
                done.set()

    sink_sub = await connection.subscribe(SUBJECT.format(HOPS), cb=sink)
    await connection.flush()  # subscribed before the first publish
    gate = asyncio.Semaphore(window)
    start = time.perf_counter()

    async def publish(index: int) -> None:
        key = f"{run_id}{index:08d}"
        async with gate:
            sent_at[key] = start + index / rate if rate else time.perf_counter()
            await js.publish(SUBJECT.format(1), PAYLOAD, headers={"Nats-Msg-Id": f"0-{key}"})

    tasks = []
    for index in range(count):
        if rate:
            delay = start + index / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(publish(index)))
    await asyncio.gather(*tasks)
    with contextlib.suppress(TimeoutError):  # what arrived is counted either way
        await asyncio.wait_for(done.wait(), 60)
    await sink_sub.unsubscribe()
    await connection.close()
    return BaselineRun(len(latencies), (last[0] or time.perf_counter()) - start, latencies)


if __name__ == "__main__":
    asyncio.run(relay(sys.argv[1], int(sys.argv[2]), pipelined="pipelined" in sys.argv[3:]))
