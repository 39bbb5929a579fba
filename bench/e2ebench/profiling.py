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
        print(f"\n=== cProfile of {self.service}: top {count} by cumulative time ===")
        stats = pstats.Stats(str(self.output))
        stats.sort_stats("cumulative").print_stats(count)
        print(f"=== top {count} by own time ===")
        stats.sort_stats("tottime").print_stats(count)


def profile_service(stack: DevStack, name: str) -> Profile:
    service = stack.services[name]
    service.stop()
    output = Path(tempfile.gettempdir()) / f"peerline-bench-{name}.prof"
    output.unlink(missing_ok=True)
    service.process = subprocess.Popen(
        [sys.executable, "-m", "e2ebench.profiled", f"peerline_{name}", str(output)],
        env={**service.env, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    threading.Thread(target=service._pump, daemon=True, name=f"log-{name}").start()
    stack.wait_healthy((name,))
    return Profile(name, output)
