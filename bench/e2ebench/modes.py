"""How big each run is: `tiny` for the smoke test, `quick` for `make bench`, `full` for the
numbers quoted against the targets, `cpu` for each process's CPU per message at 300 msg/s."""

from __future__ import annotations

from dataclasses import dataclass

from e2ebench.load import StepPlan


@dataclass(frozen=True)
class Mode:
    name: str
    steps: tuple[StepPlan, ...]
    backlog_cap: int
    """A step stops offering once this many of its messages wait for the console: past
    saturation more load only lengthens the drain, and the run must end in its budget."""
    consoles: int
    baseline_burst: int
    baseline_rates: tuple[float, ...]
    baseline_rate_seconds: float
    idle_sockets: int
    final_drain_s: float
    queue_reload_s: float | None = None
    """A console reloads its queue this often during the steps (None: never)."""


MODES = {
    "tiny": Mode(
        name="tiny",
        steps=(StepPlan("50", 50, 1.0, clients=10, emergencies=2, drain_s=10),),
        backlog_cap=200, consoles=1, baseline_burst=200, baseline_rates=(), baseline_rate_seconds=0,
        idle_sockets=50, final_drain_s=20,
    ),
    "quick": Mode(
        name="quick",
        steps=(
            StepPlan("100", 100, 5.0, clients=100, emergencies=5, drain_s=5),
            StepPlan("300", 300, 1.5, clients=100, emergencies=5, drain_s=5),
            StepPlan("1000", 1000, 1.0, clients=100, emergencies=5, drain_s=5),
        ),
        backlog_cap=150, consoles=2, baseline_burst=1000, baseline_rates=(100,),
        baseline_rate_seconds=1.0, idle_sockets=2000, final_drain_s=10,
    ),
    # The queue-growth row: 100 msg/s against a queue seeded with `--open-conversations`, the
    # SLA tick and a console's queue page timed; no relay baseline, no idle sockets.
    "growth": Mode(
        name="growth",
        steps=(StepPlan("100", 100, 20.0, clients=300, emergencies=20, drain_s=30),),
        backlog_cap=3000, consoles=3, baseline_burst=0, baseline_rates=(), baseline_rate_seconds=0,
        idle_sockets=0, final_drain_s=60, queue_reload_s=2.0,
    ),
    # CPU per message: one sub-saturation step long enough that start-up and idle loops are
    # a small share; each process's CPU time is read before and after (robust on a shared
    # machine, where rates are not). No relay baseline, no idle sockets.
    "cpu": Mode(
        name="cpu",
        steps=(StepPlan("300", 300, 20.0, clients=300, emergencies=20, drain_s=20),),
        backlog_cap=3000, consoles=2, baseline_burst=0, baseline_rates=(), baseline_rate_seconds=0,
        idle_sockets=0, final_drain_s=30,
    ),
    "full": Mode(
        name="full",
        steps=(
            StepPlan("100", 100, 10.0, clients=300, emergencies=30, drain_s=30),
            StepPlan("300", 300, 10.0, clients=300, emergencies=30, drain_s=60),
            StepPlan("1000", 1000, 10.0, clients=300, emergencies=30, drain_s=90),
        ),
        backlog_cap=3000, consoles=3, baseline_burst=10000, baseline_rates=(100, 300, 1000),
        baseline_rate_seconds=5.0, idle_sockets=10000, final_drain_s=120,
    ),
}
