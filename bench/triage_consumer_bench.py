"""CPU of triage's consumer path, alone: inbound client messages through triage's real bus
handlers (the main path and the first-aid lookout) on a real nats-server (JetStream) and
redis-server, started on free ports in a temporary folder.

    uv run python bench/triage_consumer_bench.py                    # 300 msg/s, 6,000 messages
    uv run python bench/triage_consumer_bench.py --rate 0           # a backlog: full pull batches
    uv run python bench/triage_consumer_bench.py --profile          # cProfile of the measured run
    uv run python bench/triage_consumer_bench.py --nats-sync always --log-level INFO

A child process publishes the messages (so its CPU is not counted) on a fixed schedule from
`--clients` web clients round-robin, with an emergency every `--emergency-every` messages
(alternately certain and possible, the end-to-end bench's texts). This process runs triage's
router as the service does (`NatsBus.start` with triage's start-up context, on uvloop, logging
JSON lines to /dev/null at `--log-level`; the end-to-end bench runs at WARNING) and measures
its own CPU (`time.process_time`: user + system of every thread) from the first message to the
moment the main path has acked the last one, ÷ the messages: the figure `bench/run.py --cpu`
reports for the triage process, without the other processes sharing its cores. A warm-up of
`--warmup` messages (caches, the lookout's subscription) is not counted. With `--rate 0` the
lookout sees nothing: it subscribes live, after the backlog was published. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import json
import os
import pstats
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from e2ebench import texts as bench_texts

from peerline_devtools.localservers import NatsServer, RedisServer, free_port
from peerline_shared.bus import create_bus, provision_streams
from peerline_shared.events import ClientMessageReceived, encode
from peerline_shared.events import subjects as subj
from peerline_shared.i18n import Catalogue
from peerline_shared.logging import configure_logging
from peerline_shared.privacy.pseudonym import client_pseudonym
from peerline_triage import handlers
from peerline_triage.main import load_classifier
from peerline_triage.settings import TriageSettings

CONSUMERS = ("triage-inbound",)
"""The durable consumers; the first-aid lookout (a core NATS queue group since 2026-12-04) is
counted while the main path drains: it keeps up with the feed, as it classifies only."""
POLL_S = 0.25


def message(index: int, clients: int, emergency_every: int) -> ClientMessageReceived:
    """The `index`th message of a run: an emergency from a client of its own every
    `emergency_every`, else an ordinary one from the round-robin clients."""
    emergency = emergency_every > 0 and index % emergency_every == emergency_every - 1
    client = f"urgent-{index}" if emergency else str(index % clients)
    text = (bench_texts.emergency(index // max(emergency_every, 1)) if emergency
            else bench_texts.ordinary(index))
    return ClientMessageReceived(
        event_id=uuid.uuid4(),
        client_id=client_pseudonym(b"triage-bench", "web", client),
        channel="web",
        text=text,
        client_message_id=uuid.uuid4().hex[:16],
    )


async def feed(nats_url: str, first: int, count: int, rate: float, clients: int,
               emergency_every: int) -> None:
    """Publish `count` messages at `rate` a second (0: as fast as the acks come), as the
    gateway does: one JetStream publish each, with its event id as `Nats-Msg-Id`."""
    import nats

    from peerline_shared.bus import event_headers

    connection = await nats.connect(nats_url)
    js = connection.jetstream()
    bodies = [message(first + i, clients, emergency_every) for i in range(count)]

    async def publish(event: ClientMessageReceived) -> None:
        await js.publish(subj.inbound("web"), encode(event), stream=subj.STREAM_EVENTS,
                         headers=event_headers(event), timeout=10)

    started = time.perf_counter()
    pending: list[asyncio.Task[None]] = []
    for i, event in enumerate(bodies):
        if rate > 0:
            delay = started + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            pending.append(asyncio.create_task(publish(event)))
        else:
            await publish(event)
    await asyncio.gather(*pending)
    await connection.close()


def start_feed(nats_url: str, first: int, count: int, rate: float,
               args: argparse.Namespace) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, __file__, "--feed", nats_url, "--first", str(first),
                             "--messages", str(count), "--rate", str(rate), "--clients", str(args.clients),
                             "--emergency-every", str(args.emergency_every)])


async def drained(bus: Any, published: int) -> None:
    """Until the durable consumers have acked every message published so far."""
    js = bus.jetstream()
    while True:
        infos = [await js.consumer_info(subj.STREAM_EVENTS, name) for name in CONSUMERS]
        if all(info.num_pending == 0 and info.num_ack_pending == 0 and info.delivered.stream_seq >= published
               for info in infos):
            return
        await asyncio.sleep(POLL_S)


async def run_through(bus: Any, nats_url: str, first: int, count: int, rate: float,
                      args: argparse.Namespace) -> None:
    feeder = start_feed(nats_url, first, count, rate, args)
    await asyncio.to_thread(feeder.wait)
    if feeder.returncode:
        raise SystemExit(f"the feeder failed ({feeder.returncode})")
    await drained(bus, first + count)


async def backlog_then_drain(bus: Any, context: dict[str, object], nats_url: str, first: int, count: int,
                             args: argparse.Namespace) -> tuple[float, float]:
    """Publish the whole run while triage's consumers are stopped, then time the drain."""
    await bus.stop()
    feeder = start_feed(nats_url, first, count, 0, args)
    await asyncio.to_thread(feeder.wait)
    wall, cpu = time.perf_counter(), time.process_time()
    await bus.start(context)
    await drained(bus, first + count)
    return time.perf_counter() - wall, time.process_time() - cpu


async def measure(args: argparse.Namespace, folder: Path) -> dict[str, Any]:
    nats_server = NatsServer(port=free_port(), data_dir=folder / "nats",
                             sync_always=args.nats_sync == "always")
    redis_server = RedisServer(port=free_port(), data_dir=folder / "redis")
    nats_server.start()
    redis_server.start()
    try:
        return await measure_on(args, nats_server.url, redis_server.url)
    finally:
        nats_server.stop()
        redis_server.stop()


async def measure_on(args: argparse.Namespace, nats_url: str, redis_url: str) -> dict[str, Any]:
    from redis.asyncio import Redis

    settings = TriageSettings(nats_url=nats_url, redis_url=redis_url)
    redis = Redis.from_url(redis_url, decode_responses=True)
    bus = create_bus(settings, client_name="triage-bench")
    bus.include_router(handlers.router)
    await bus.connect()
    await provision_streams(bus.jetstream(), settings)
    context = {"settings": settings, "redis": redis, "texts": Catalogue.load("peerline_triage"),
               "classify": handlers.Classify(load_classifier(settings))}
    await bus.start(context)
    try:
        await run_through(bus, nats_url, 0, args.warmup, args.rate or 300, args)
        profiler = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not waits
        if profiler:
            profiler.enable()
        print(f"measuring: pid {os.getpid()}", file=sys.stderr, flush=True)  # for py-spy --pid
        before, calls_before = resource.getrusage(resource.RUSAGE_SELF), handler_calls()
        if args.rate > 0:
            wall, cpu = time.perf_counter(), time.process_time()
            await run_through(bus, nats_url, args.warmup, args.messages, args.rate, args)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        else:
            wall, cpu = await backlog_then_drain(bus, context, nats_url, args.warmup, args.messages, args)
        after = resource.getrusage(resource.RUSAGE_SELF)
        if profiler:
            profiler.disable()
            print_profile(profiler, args.profile_lines)
        calls = {name: after_ - before_ for (name, after_), before_ in
                 zip(handler_calls().items(), calls_before.values(), strict=True)}
    finally:
        await bus.stop()
        await redis.aclose()
    return {"benchmark": "triage.consumer", "messages": args.messages, "rate": args.rate,
            "nats_sync": args.nats_sync, "log_level": args.log_level, "profiled": bool(args.profile),
            "cpu_ms_per_message": round(cpu / args.messages * 1000, 3),
            "user_ms_per_message": round((after.ru_utime - before.ru_utime) / args.messages * 1000, 3),
            "system_ms_per_message": round((after.ru_stime - before.ru_stime) / args.messages * 1000, 3),
            "wall_s": round(wall, 2), "cpu_s": round(cpu, 3),
            **{f"events_per_call_{name}": round(args.messages / count, 2) if count else 0.0
               for name, count in calls.items()},
            "load_average": round(os.getloadavg()[0], 2)}


def handler_calls() -> dict[str, float]:
    """How many times each batch consumer's handler has been called so far (from its metric)."""
    from prometheus_client import REGISTRY

    return {durable: REGISTRY.get_sample_value("peerline_consumer_handle_seconds_count",
                                               {"consumer": durable}) or 0.0
            for durable in CONSUMERS}


def print_profile(profiler: cProfile.Profile, lines: int) -> None:
    for order in ("tottime", "cumulative"):
        pstats.Stats(profiler, stream=sys.stderr).sort_stats(order).print_stats(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=6000, help="messages measured")
    parser.add_argument("--warmup", type=int, default=600, help="messages sent first, not measured")
    parser.add_argument("--rate", type=float, default=300.0, help="messages a second; 0: a backlog")
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--emergency-every", type=int, default=300, help="one message in N an emergency")
    parser.add_argument("--nats-sync", choices=("default", "always"), default="default")
    parser.add_argument("--log-level", default="WARNING")
    parser.add_argument("--profile", action="store_true", help="cProfile the measured run (to stderr)")
    parser.add_argument("--profile-lines", type=int, default=35)
    parser.add_argument("--feed", metavar="NATS_URL", help=argparse.SUPPRESS)
    parser.add_argument("--first", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.feed:
        asyncio.run(feed(args.feed, args.first, args.messages, args.rate, args.clients, args.emergency_every))
        return
    with open(os.devnull, "w") as nowhere, tempfile.TemporaryDirectory(prefix="triage-bench-") as folder:
        configure_logging("triage", level=args.log_level, stream=nowhere)
        work = measure(args, Path(folder))
        try:
            import uvloop
        except ImportError:
            result = asyncio.run(work)
        else:
            result = uvloop.run(work)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
