"""`--profile SERVICE`: restart one service under cProfile for the run, print where it spent
its time. (py-spy is not installed here; cProfile slows the service, so read the shares, not
the absolute rates.)"""

from __future__ import annotations

import pstats
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

from peerline_devtools.devstack import DevStack


@dataclass
class Profile:
    service: str
    output: Path

    def print_top(self, count: int = 35) -> None:
        if not self.output.exists():
            print(f"no profile written for {self.service} (did it stop cleanly?)")
            return
        if self.output.suffix == ".folded":
            print(f"\n=== CPU-time samples of {self.service}: {self.output} (folded stacks) ===")
            return
        print(f"\n=== cProfile of {self.service}: top {count} by cumulative time ===")
        stats = pstats.Stats(str(self.output))
        stats.sort_stats("cumulative").print_stats(count)
        print(f"=== top {count} by own time ===")
        stats.sort_stats("tottime").print_stats(count)


def profile_service(stack: DevStack, name: str, *, sampled: bool = False) -> Profile:
    """Restart `name` under cProfile, or (`sampled`) under `e2ebench.sampled`'s CPU-time sampler."""
    service = stack.services[name]
    service.stop()
    output = Path(tempfile.gettempdir()) / f"peerline-bench-{name}.{'folded' if sampled else 'prof'}"
    output.unlink(missing_ok=True)
    runner = "e2ebench.sampled" if sampled else "e2ebench.profiled"
    service.process = subprocess.Popen(
        [sys.executable, "-m", runner, f"peerline_{name}", str(output)],
        env={**service.env, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    threading.Thread(target=service._pump, daemon=True, name=f"log-{name}").start()
    stack.wait_healthy((name,))
    return Profile(name, output)
