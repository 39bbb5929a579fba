"""Run one service module under cProfile and write the profile when it stops.

`python -m e2ebench.profiled peerline_notifications OUT.prof`. uvicorn re-raises SIGTERM
after its graceful shutdown, which would kill the process before `cProfile -m` writes; here
that re-raise is skipped, so the profile is written and the process then exits normally.

The profiler's clock is the main thread's CPU time, not the wall clock: on a busy machine the
wall clock charges a socket write with the wait for a core (docs/benchmarks.md, issue 22).
"""

from __future__ import annotations

import cProfile
import runpy
import signal
import sys
import time


def main() -> None:
    module, output = sys.argv[1], sys.argv[2]
    signal.raise_signal = lambda _signal: None  # see the module docstring
    profiler = cProfile.Profile(time.thread_time)
    profiler.enable()
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    finally:
        profiler.disable()
        profiler.dump_stats(output)


if __name__ == "__main__":
    main()
