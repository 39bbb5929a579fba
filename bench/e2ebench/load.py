"""Offered-load steps against the running stack: chat clients send on a fixed schedule
(open loop), consoles watch, consultants claim new conversations and reply.

Latency is measured from the *intended* send time of each message, so a stalled sender does
not hide a stall (no coordinated omission).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from e2ebench import texts
from e2ebench.clients import ChatClient, Consultant
from e2ebench.ledger import Ledger, Sent
from e2ebench.stats import summary_ms
from e2ebench.taps import connect_tap

REPLY_TEXT = "Добрий вечір! Я поруч, розкажіть, що сталося."


@dataclass
class StepPlan:
    name: str
    rate: float
    seconds: float
    clients: int
    emergencies: int = 0
    drain_s: float = 10.0
    warm_up: bool = True
    """Each client opens its conversation (one message, not measured) before the step: the
    step then measures the steady state of open conversations, not a burst of new ones (each
    new conversation costs routing, an offer, a claim and a reply on top of its message)."""


@dataclass
class Driver:
    gateway_url: str
    nats_url: str
    ledger: Ledger
    bus: Any = None
    consultants: list[Consultant] = field(default_factory=list)
    claim_queue: asyncio.Queue[tuple[str, ChatClient]] = field(default_factory=asyncio.Queue)
    claimed: set[str] = field(default_factory=set)
    reply_posted: dict[int, float] = field(default_factory=dict)
    reply_latencies: list[float] = field(default_factory=list)
    claim_latencies: list[float] = field(default_factory=list)
    claim_conflicts: int = 0
    workers: list[asyncio.Task[None]] = field(default_factory=list)
    clients: list[ChatClient] = field(default_factory=list)
    queue_latencies: list[float] = field(default_factory=list)
    cpu_probe: Callable[[], dict[str, float]] | None = None
    """CPU seconds used so far by each process: read around each step's offer and drain
    (after its warm-up), giving CPU per message of the steady state."""

    @property
    def ws_url(self) -> str:
        return self.gateway_url.replace("http", "ws", 1) + "/ws/chat"

    async def watch_inbound(self) -> None:
        """Read-only core-NATS view of inbound messages: trace ids for correlation (payloads
        only: the taps read no headers, e2ebench/taps.py)."""
        self.bus = await connect_tap(self.nats_url)

        async def seen(message: Any) -> None:
            self.ledger.on_inbound(message.data, time.perf_counter())

        async def hop(message: Any) -> None:
            self.ledger.on_hop(message.data, time.perf_counter())

        await self.bus.subscribe("helpline.inbound.web", cb=seen, pending_msgs_limit=1_000_000)
        # The same read-only view of the next stored hops: where a slow message lost its time.
        for subject in ("helpline.triaged", "helpline.conversation.>", "helpline.outbound.web"):
            await self.bus.subscribe(subject, cb=hop, pending_msgs_limit=1_000_000)

    async def open_consoles(self, count: int, claim_workers: int = 2) -> None:
        for index in range(count):
            consultant = Consultant(self.gateway_url)
            await consultant.login()
            # Every console gets every event (broadcast); the first one is the stopwatch, the
            # others only read their frames (unparsed), as a console must to keep its socket open.
            await consultant.listen(self._on_console_event if index == 0 else None)
            self.consultants.append(consultant)
            for _ in range(claim_workers):
                self.workers.append(asyncio.create_task(self._claim_and_reply(consultant)))

    def _on_console_event(self, event: dict[str, Any], at: float) -> None:
        entry = self.ledger.on_console_event(event, at)
        queued = event.get("type") == "conversation" and event.get("change") == "queued"
        if entry is None or not queued or entry.emergency:
            return
        conversation_id = str(event.get("conversation_id"))
        if conversation_id not in self.claimed:
            self.claimed.add(conversation_id)
            self.claim_queue.put_nowait((conversation_id, entry.client))

    def _on_client_frame(self, client: ChatClient, frame: dict[str, Any], at: float) -> None:
        self.ledger.on_client_frame(client, frame, at)
        if frame.get("type") == "message" and frame.get("kind") == "consultant_reply":
            posted = self.reply_posted.pop(id(client), None)
            if posted is not None:
                self.reply_latencies.append(at - posted)

    async def _claim_and_reply(self, consultant: Consultant) -> None:
        while True:
            conversation_id, client = await self.claim_queue.get()
            try:
                started = time.perf_counter()
                status = await consultant.act(conversation_id, "claim")
                self.claim_latencies.append(time.perf_counter() - started)
                if status == 409:
                    self.claim_conflicts += 1
                    continue
                self.reply_posted[id(client)] = time.perf_counter()
                await consultant.act(conversation_id, "reply", {"text": REPLY_TEXT})
            except Exception:  # a consultant's failed click must not stop the load
                self.reply_posted.pop(id(client), None)
            finally:
                self.claim_queue.task_done()

    async def open_clients(self, count: int, concurrency: int = 64) -> list[ChatClient]:
        gate = asyncio.Semaphore(concurrency)

        async def one() -> ChatClient:
            async with gate:
                client = ChatClient(self.ws_url, self._on_client_frame)
                await client.connect()
                return client

        return list(await asyncio.gather(*(one() for _ in range(count))))

    async def run_step(self, plan: StepPlan, backlog_cap: int) -> dict[str, Any]:
        clients = await self.warm_clients(plan)
        urgent = await self.open_clients(plan.emergencies)
        closes_before = sum(client.closes for client in clients)
        await asyncio.sleep(0.3)
        cpu_before = self.cpu_probe() if self.cpu_probe else {}
        started = time.perf_counter()
        saturated = await self._offer(plan, clients, urgent, backlog_cap)
        sending_s = time.perf_counter() - started
        await self._drain(plan)
        cpu_after = self.cpu_probe() if self.cpu_probe else {}
        entries = self.ledger.of_step(plan.name)
        result = step_result(plan, entries, started, sending_s)
        result["cpu_ms_per_message"] = {
            name: round((cpu_after[name] - cpu_before.get(name, 0.0)) / max(len(entries), 1) * 1000, 3)
            for name in cpu_after}
        result["saturated"] = saturated
        result["clients_closed"] = sum(client.closes for client in clients + urgent) - closes_before
        await asyncio.gather(*(client.close() for client in urgent))
        return result

    async def warm_clients(self, plan: StepPlan) -> list[ChatClient]:
        """The step's clients: kept from earlier steps, the missing ones opened and (with
        `warm_up`) each given its conversation first, so a step measures open conversations."""
        missing = plan.clients - len(self.clients)
        if missing > 0:
            fresh = await self.open_clients(missing)
            if plan.warm_up:
                await self._warm_up(plan, fresh)
            self.clients.extend(fresh)
        return self.clients[: plan.clients]

    async def _offer(self, plan: StepPlan, clients: list[ChatClient], urgent: list[ChatClient],
                     backlog_cap: int) -> bool:
        """Send on schedule; True when the step stopped early because the backlog hit the cap."""
        total = int(plan.rate * plan.seconds)
        every = max(1, total // max(1, len(urgent))) if urgent else 0
        pending_urgent = list(urgent)
        start = time.perf_counter()
        for index in range(total):
            intended = start + index / plan.rate
            delay = intended - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            if index % 20 == 0 and index - self.ledger.delivered_by_step.get(plan.name, 0) > backlog_cap:
                await self._send_remaining(pending_urgent, plan)
                return True
            if every and index % every == every // 2 and pending_urgent:
                # numbered by how many are left, so the two tiers alternate whatever the spacing
                await self._send(pending_urgent.pop(), texts.emergency(len(pending_urgent)), plan,
                                 intended, True)
            else:
                await self._send(clients[index % len(clients)], texts.ordinary(index), plan, intended)
        return False

    async def _warm_up(self, plan: StepPlan, clients: list[ChatClient]) -> None:
        warm_up = StepPlan(f"{plan.name}/warm-up", plan.rate, 0, len(clients), drain_s=30)
        for index, client in enumerate(clients):
            await self._send(client, texts.ordinary(index), warm_up, time.perf_counter())
            await asyncio.sleep(0.005)
        await self._drain(warm_up)
        # The consultants' claims and replies for the new conversations settle too.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.claim_queue.join(), 30)
        await asyncio.sleep(1.0)

    async def _send_remaining(self, urgent: list[ChatClient], plan: StepPlan) -> None:
        """Emergencies still due go out anyway: first aid must not wait behind the queue."""
        for index, client in enumerate(urgent):
            await self._send(client, texts.emergency(index), plan, time.perf_counter(), True)
            await asyncio.sleep(0.02)

    async def _send(self, client: ChatClient, text: str, plan: StepPlan, intended: float,
                    emergency: bool = False) -> None:
        # Recorded before the frame leaves, so a fast ack always finds its entry.
        message_id = client.new_message_id()
        self.ledger.record(client=client, message_id=message_id, step=plan.name, intended_at=intended,
                           emergency=emergency, tier=texts.tier(text) if emergency else None)
        await client.send(message_id, text)

    async def _drain(self, plan: StepPlan) -> None:
        deadline = time.perf_counter() + plan.drain_s
        entries = self.ledger.of_step(plan.name)
        while time.perf_counter() < deadline:
            if all(_settled(entry) for entry in entries):
                return
            await asyncio.sleep(0.05)

    def reload_queue_every(self, seconds: float) -> None:
        """The first console reloads its queue every `seconds`, as an open console page does
        (timed: `queue_page_ms_*`)."""

        async def reload() -> None:
            while True:
                await asyncio.sleep(seconds)
                with contextlib.suppress(Exception):  # a failed reload must not stop the load
                    self.queue_latencies.append(await self.consultants[0].load_queue())

        self.workers.append(asyncio.create_task(reload()))

    async def close(self) -> None:
        for worker in self.workers:
            worker.cancel()
        await asyncio.gather(*(client.close() for client in self.clients))
        await asyncio.gather(*(consultant.close() for consultant in self.consultants))
        if self.bus is not None:
            await self.bus.close()


def _settled(entry: Sent) -> bool:
    if entry.error is not None:
        return True
    done = entry.console_at is not None and entry.acked_at is not None
    return done and (not entry.emergency or entry.first_aid_at is not None)


def step_result(plan: StepPlan, entries: list[Sent], started: float, sending_s: float) -> dict[str, Any]:
    delivered = [entry for entry in entries if entry.console_at is not None]
    e2e = [entry.console_at - entry.intended_at for entry in delivered if entry.console_at]
    acks = [entry.acked_at - entry.intended_at for entry in entries if entry.acked_at]
    first_aid = [entry.first_aid_at - entry.intended_at for entry in entries
                 if entry.tier == "certain" and entry.first_aid_at]
    safety = [entry.first_aid_at - entry.intended_at for entry in entries
              if entry.tier == "possible" and entry.first_aid_at]
    last = max((entry.console_at for entry in delivered if entry.console_at), default=started)
    return {
        "step": plan.name,
        "offered_rate": plan.rate,
        "sent": len(entries),
        "send_rate": round(len(entries) / sending_s, 1) if sending_s else None,
        "acked": sum(1 for entry in entries if entry.acked_at is not None),
        "rejected": sum(1 for entry in entries if entry.error is not None),
        "delivered": len(delivered),
        "achieved_rate": round(len(delivered) / (last - started), 1) if last > started else 0.0,
        "emergencies": sum(1 for entry in entries if entry.emergency),
        "first_aid_received": len(first_aid),
        "safety_received": len(safety),
        **summary_ms("e2e", e2e),
        **summary_ms("ack", acks),
        **summary_ms("first_aid", first_aid),
        **summary_ms("safety", safety),
        **hop_summaries(entries),
    }


def hop_summaries(entries: list[Sent]) -> dict[str, Any]:
    """Per-hop p50/p99, from the bench's taps on the stored subjects (one clock, this process):
    gateway = intended send → stored on `inbound`; triage = `inbound` → `triaged`;
    to_console = `triaged` → console, split into notifications (→ its conversation event
    stored) and console_push (→ the console's socket); first aid splits into
    triage (`inbound` → first aid stored on `outbound.web`) and push (→ the client's socket)."""
    def spans(start: str, end: str, only_emergencies: bool = False) -> list[float]:
        found = []
        for entry in entries:
            if only_emergencies and not entry.emergency:
                continue
            begin, finish = getattr(entry, start), getattr(entry, end)
            if begin is not None and finish is not None:
                found.append(finish - begin)
        return found

    hops = {
        "hop_gateway": spans("intended_at", "inbound_at"),
        "hop_triage": spans("inbound_at", "triaged_at"),
        "hop_to_console": spans("triaged_at", "console_at"),
        "hop_notifications": spans("triaged_at", "conversation_at"),
        "hop_console_push": spans("conversation_at", "console_at"),
        "hop_first_aid_triage": spans("inbound_at", "first_aid_out_at", True),
        "hop_first_aid_push": spans("first_aid_out_at", "first_aid_at", True),
    }
    figures: dict[str, Any] = {}
    for name, values in hops.items():
        summary = summary_ms(name, values)
        figures[f"{name}_p50_ms"] = summary.get(f"{name}_p50_ms")
        figures[f"{name}_p99_ms"] = summary.get(f"{name}_p99_ms")
    return figures
