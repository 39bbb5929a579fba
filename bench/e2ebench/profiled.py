"""Run one service module under cProfile and write the profile when it stops.

`python -m e2ebench.profiled peerline_notifications OUT.prof`. uvicorn re-raises SIGTERM
after its graceful shutdown, which would kill the process before `cProfile -m` writes; here
that re-raise is skipped, so the profile is written and the process then exits normally.
"""

from __future__ import annotations

import cProfile
import runpy
import signal
import sys


def main() -> None:
    module, output = sys.argv[1], sys.argv[2]
    signal.raise_signal = lambda _signal: None  # see the module docstring
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    finally:
        profiler.disable()
        profiler.dump_stats(output)


if __name__ == "__main__":
    main()
