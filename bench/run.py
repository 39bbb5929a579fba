"""End-to-end benchmark of the whole helpline against a bare NATS relay.

    uv run python bench/run.py --quick     # make bench: under a minute
    uv run python bench/run.py --full      # make bench-full: several minutes
    uv run python bench/run.py --growth --open-conversations 10000   # the queue-growth row
    uv run python bench/run.py --cpu --nats-sync default   # CPU ms per message at 300 msg/s

Starts every service as a process (DevStack) on free ports in a temporary folder, measures
client → console latency at rising offered loads, emergency → first-aid latency, loss, idle
sockets per gateway process, and a bare nats-py JetStream relay through the same hops. Writes
bench/results/latest.json, latest.md and latency.png. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from collections.abc import Coroutine
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent))

from e2ebench import baseline, report
from e2ebench.accounting import account
from e2ebench.idle import hold_idle_sockets
from e2ebench.ledger import Ledger
from e2ebench.load import Driver
from e2ebench.modes import MODES, Mode
from e2ebench.profiling import profile_service
from e2ebench.scrape import consumer_figures, sla_ticks_so_far, steady_ticks
from e2ebench.stack import (
    add_replicas,
    cpu_snapshot,
    raise_open_files_limit,
    service_pid,
    start_stack,
)
from e2ebench.stats import summary_ms
from seed_conversations import seed

from peerline_devtools.devstack import DevStack
from peerline_shared.db import create_engine

RESULTS = Path(__file__).resolve().parent / "results"
SEEDED_CONSULTANTS = 200
SEED_SETTLE_S = 10.0
STEP_KEYS = ("achieved_rate", "sent", "delivered", "e2e_p50_ms", "e2e_p95_ms", "e2e_p99_ms",
             "first_aid_p99_ms", "safety_p99_ms", "ack_p99_ms", "saturated", "clients_closed",
             "hop_gateway_p99_ms", "hop_triage_p99_ms", "hop_to_console_p99_ms",
             "hop_notifications_p99_ms", "hop_console_push_p99_ms",
             "hop_first_aid_triage_p99_ms", "hop_first_aid_push_p99_ms")


def say(text: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {text}", flush=True)


async def measure_baseline(stack: DevStack, mode: Mode) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    assert stack.nats is not None
    await baseline.provision(stack.nats.url)
    relays = baseline.start_relays(stack.nats.url)
    try:
        await asyncio.sleep(1.0)
        burst = await baseline.run_baseline(stack.nats.url, mode.baseline_burst)
        points = []
        for rate in mode.baseline_rates:
            run = await baseline.run_baseline(stack.nats.url, int(rate * mode.baseline_rate_seconds), rate)
            points.append({"offered_rate": rate, "rate": round(run.rate, 1),
                           **{k.replace("b_", ""): v for k, v in summary_ms("b", run.latencies).items()}})
    finally:
        for relay in relays:
            relay.terminate()
            relay.wait(5)
    flat: dict[str, Any] = {"baseline_rate_msgs": round(burst.rate, 1), "baseline_hops": baseline.HOPS}
    for point in points:
        flat[f"baseline_p99_ms_at_{point['offered_rate']:g}"] = point["p99_ms"]
    return flat, points


async def measure_pipeline(stack: DevStack, mode: Mode) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    assert stack.nats is not None
    ledger = Ledger()

    def cpu_read() -> dict[str, float]:
        say("  CPU times read (a step's offer starts, or its drain ended)")
        return cpu_snapshot(stack)

    driver = Driver(stack.url("gateway"), stack.nats.url, ledger, cpu_probe=cpu_read)
    await driver.watch_inbound()
    await driver.open_consoles(mode.consoles)
    if mode.queue_reload_s is not None:
        driver.reload_queue_every(mode.queue_reload_s)
    steps: list[dict[str, Any]] = []
    cpu_before, load_started = cpu_snapshot(stack), time.perf_counter()
    try:
        for plan in mode.steps:
            say(f"offering {plan.rate:g} msg/s for {plan.seconds:g}s from {plan.clients} clients")
            step = await driver.run_step(plan, mode.backlog_cap)
            say(f"  achieved {step['achieved_rate']} msg/s, p50 {step['e2e_p50_ms']} ms, "
                f"p99 {step['e2e_p99_ms']} ms, first aid p99 {step['first_aid_p99_ms']} ms, "
                f"safety message p99 {step.get('safety_p99_ms')} ms"
                + (" (saturated: stopped offering)" if step["saturated"] else ""))
            say("  hops p50/p99 ms: " + ", ".join(
                f"{hop} {step[f'hop_{hop}_p50_ms']}/{step[f'hop_{hop}_p99_ms']}"
                for hop in report.HOPS)
                + (f"; {step['clients_closed']} client sockets closed by the gateway (reconnected)"
                   if step["clients_closed"] else ""))
            steps.append(step)
        cpu_used = cpu_seconds_used(cpu_before, cpu_snapshot(stack))
        cpu = {name: round(used / (time.perf_counter() - load_started), 2) for name, used in cpu_used.items()}
        say("CPU during the load steps (share of one core): "
            + ", ".join(f"{name} {share}" for name, share in cpu.items()))
        say("waiting for every message to be stored")
        accounting = await account(stack, ledger, mode.final_drain_s)
        accounting.update(await asyncio.to_thread(consumer_figures, stack))
        ledger.finish()
    finally:
        await driver.close()
    flat = headline(steps, ledger)
    flat.update({f"cpu_share_{name}": share for name, share in cpu.items()})
    # Per message sent during the steps (warm-ups included): what each message costs each
    # process, idle loops included, whatever the rate.
    flat.update({f"cpu_ms_per_message_{name}": round(used / max(len(ledger.sent), 1) * 1000, 3)
                 for name, used in cpu_used.items()})
    flat.update(accounting)
    flat.update(summary_ms("consultant_reply", driver.reply_latencies))
    flat.update(summary_ms("claim", driver.claim_latencies))
    flat["claims"] = len(driver.claim_latencies)
    flat["claim_conflicts"] = driver.claim_conflicts
    flat["console_events"] = ledger.console_events
    flat["console_events_unmatched"] = ledger.unmatched_events
    if driver.queue_latencies:
        flat.update(summary_ms("queue_page", driver.queue_latencies))
        flat["queue_pages_loaded"] = len(driver.queue_latencies)
    return flat, steps


def cpu_seconds_used(before: dict[str, float], after: dict[str, float]) -> dict[str, float]:
    """CPU seconds each process used in between, busiest first."""
    used = {name: after[name] - before.get(name, 0.0) for name in after}
    return dict(sorted(used.items(), key=lambda item: -item[1]))


def headline(steps: list[dict[str, Any]], ledger: Ledger) -> dict[str, Any]:
    # The headline latency is the highest offered load that delivered anything (a step behind
    # a saturated one may deliver nothing in its window); the rate is the best step's.
    top = next((step for step in reversed(steps) if step["delivered"]), steps[-1])
    first_aid = [entry.first_aid_at - entry.intended_at for entry in ledger.sent.values()
                 if entry.emergency and entry.first_aid_at is not None]
    flat: dict[str, Any] = {
        "e2e_p50_ms": top["e2e_p50_ms"],
        "e2e_p95_ms": top["e2e_p95_ms"],
        "e2e_p99_ms": top["e2e_p99_ms"],
        "e2e_rate_msgs": max(step["achieved_rate"] for step in steps),
        "e2e_offered_msgs": top["offered_rate"],
        "pipeline_max_rate_msgs": max(step["achieved_rate"] for step in steps),
        "emergency_messages": sum(1 for entry in ledger.sent.values() if entry.emergency),
        "emergency_replies": len(first_aid),
        **{key.replace("first_aid", "emergency_reply"): value
           for key, value in summary_ms("first_aid", first_aid).items()},
    }
    for step in steps:
        for key in STEP_KEYS:
            flat[f"{key}_at_{step['offered_rate']:g}"] = step[key]
        for name, ms in step["cpu_ms_per_message"].items():
            flat[f"step_cpu_ms_per_message_{name}_at_{step['offered_rate']:g}"] = ms
    return flat


Rows = list[dict[str, Any]]
Measured = TypeVar("Measured")


async def measure(stack: DevStack, mode: Mode, open_conversations: int) -> tuple[dict[str, Any], Rows, Rows]:
    base: dict[str, Any] = {}
    base_points: Rows = []
    if mode.baseline_burst:
        say("baseline: bare nats-py JetStream relay")
        base, base_points = await measure_baseline(stack, mode)
        say(f"  baseline {base['baseline_rate_msgs']} msg/s through {baseline.HOPS} stored hops")
    settled: dict[str, Any] = {}
    if open_conversations:
        say(f"seeding {open_conversations} open conversations ({SEEDED_CONSULTANTS} consultants hold half)")
        await seed_queue(stack, open_conversations)
        settled = await asyncio.to_thread(sla_ticks_so_far, stack)
    pipeline, steps = await measure_pipeline(stack, mode)
    flat = {**pipeline, **base, "open_conversations_seeded": open_conversations}
    if settled:  # the ticks after the one that scheduled the seeded queue
        flat.update(steady_ticks(settled, await asyncio.to_thread(sla_ticks_so_far, stack)))
    if mode.idle_sockets:
        say(f"holding {mode.idle_sockets} idle chat sockets")
        idle = await hold_idle_sockets(stack.url("gateway"), service_pid(stack, "gateway"), mode.idle_sockets)
        say(f"  {idle['idle_sockets']} sockets, {idle['kb_per_socket']} KB each")
        flat.update(idle)
    base_rate = base.get("baseline_rate_msgs")
    flat["ratio_to_baseline"] = round(flat["pipeline_max_rate_msgs"] / base_rate, 3) if base_rate else None
    return flat, steps, base_points


async def seed_queue(stack: DevStack, size: int) -> None:
    """`size` open conversations straight into notifications' database; then a pause for the
    leader's first SLA tick after them, which schedules each once (not what is measured)."""
    engine = create_engine(stack.database_url("notifications"))
    try:
        await seed(engine, size, [uuid.uuid4() for _ in range(SEEDED_CONSULTANTS)])
    finally:
        await engine.dispose()
    await asyncio.sleep(SEED_SETTLE_S)


def run_loop(work: Coroutine[Any, Any, Measured]) -> Measured:
    """On uvloop where there is one, as the services run (uvicorn's loop="auto"): the load
    generator shares the two cores with them, so its own CPU per message counts too."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(work)
    return uvloop.run(work)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    size = parser.add_mutually_exclusive_group()
    for name in MODES:
        size.add_argument(f"--{name}", dest="mode", action="store_const", const=name)
    parser.add_argument("--out", type=Path, default=RESULTS, help="folder for latest.json/.md/.png")
    parser.add_argument("--profile", choices=["gateway", "triage", "notifications"], default=None,
                        help="run one service under cProfile; the top functions are printed")
    parser.add_argument("--sample", choices=["gateway", "triage", "notifications"], default=None,
                        help="run one service under a sampler of its CPU time (e2ebench/sampled.py); "
                             "its folded stacks are written to the temporary folder")
    parser.add_argument("--keep", type=Path, default=None, help="keep the stack's var folder here")
    parser.add_argument("--nats-sync", choices=["always", "default"], default="always",
                        help="nats-server fsync: every write (DevStack's default, what tests use) "
                             "or nats-server's own default (every 2 minutes)")
    parser.add_argument("--open-conversations", type=int, default=0, metavar="N",
                        help="seed N open conversations into notifications' database before the "
                             "steps (half queued, half held by 200 consultants): the queue-growth row")
    parser.add_argument("--notifications-replicas", type=int, default=1, metavar="N",
                        help="notifications processes (the others take the consumer's work and the "
                             "console's requests beside the first; one holds the loops' lease)")
    args = parser.parse_args()
    mode = MODES[args.mode or "quick"]
    started = time.perf_counter()
    fd_limit = raise_open_files_limit(mode.idle_sockets * 2 + 4096)
    with tempfile.TemporaryDirectory(prefix="peerline-bench-") as tmp:
        var_dir = args.keep or Path(tmp)
        say(f"{mode.name} mode: starting the whole system in {var_dir}")
        stack = start_stack(var_dir, sync_always=args.nats_sync == "always")
        try:
            add_replicas(stack, "notifications", args.notifications_replicas)
            profiled = args.profile or args.sample
            profile = profile_service(stack, profiled, sampled=args.sample is not None) if profiled else None
            flat, steps, base_points = run_loop(measure(stack, mode, args.open_conversations))
        finally:
            stack.stop()
        if profile is not None:
            profile.print_top()
    flat.update(report.machine_info())
    flat.update({"mode": mode.name, "open_files_limit": fd_limit, "nats_sync": args.nats_sync,
                 "notifications_replicas": args.notifications_replicas,
                 "duration_s": round(time.perf_counter() - started, 1),
                 "finished_at": datetime.now(UTC).isoformat(timespec="seconds")})
    ordered = dict(sorted(flat.items()))
    report.write(args.out, ordered, steps, base_points)
    say(f"wrote {args.out / 'latest.json'} in {flat['duration_s']}s")
    print(report.markdown(ordered, steps))


if __name__ == "__main__":
    main()
