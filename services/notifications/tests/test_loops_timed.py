"""Each run of a loop is timed under the loop's name (the SLA tick's time is how an operator,
and the queue-growth bench, see that it stays flat), and a failing run neither stops the loop
nor goes untimed."""

from __future__ import annotations

import asyncio

from prometheus_client import REGISTRY

from peerline_notifications.loops import every


def runs_timed(loop: str) -> float:
    return REGISTRY.get_sample_value("peerline_loop_seconds_count", {"loop": loop}) or 0.0


async def test_every_run_is_timed_and_a_failure_does_not_stop_the_loop() -> None:
    runs: list[int] = []
    fourth_begun = asyncio.Event()  # so three have ended, and been timed

    async def work() -> None:
        runs.append(1)
        if len(runs) == 4:
            fourth_begun.set()
        if len(runs) == 1:
            raise RuntimeError("the first run fails")
        await asyncio.sleep(0.01)

    before = runs_timed("timed-test")
    loop = asyncio.create_task(every(0.001, "timed-test", work))
    await asyncio.wait_for(fourth_begun.wait(), timeout=30)
    loop.cancel()
    assert runs_timed("timed-test") - before >= 3
    total = REGISTRY.get_sample_value("peerline_loop_seconds_sum", {"loop": "timed-test"}) or 0.0
    assert total >= 0.02  # the two runs after the failure slept 10 ms each
