"""Run one service module under a sampler driven by its own CPU time; write folded stacks.

`python -m e2ebench.sampled peerline_gateway OUT.folded`. For every millisecond of CPU the
process spends (user + system, `ITIMER_PROF`) the kernel sends SIGPROF; the handler records
the Python stack it interrupts, one line per distinct stack with its count (the format of
flamegraph.pl and speedscope). Unlike py-spy, which samples by the wall clock and so charges
a socket write with the wait for a core on a busy machine, and unlike cProfile, which
inflates code of many small calls, a sample here is taken only when the process used CPU and
costs the same wherever it lands. The kernel accounts CPU time by its tick (4 ms here), so a
20 s step gives about as many samples as the process used 4 ms slices. The handler runs
between bytecodes: time in a C call is charged to the line that called it, and time in C
outside any Python frame (uvloop's own loop) to the first Python line that runs after it.

SIGUSR1 drops the samples so far: send it when the step starts offering (the bench prints
"CPU times read") to leave start-up and warm-up out. As in `profiled`, uvicorn's SIGTERM
re-raise is skipped so the samples are written.
"""

from __future__ import annotations

import collections
import runpy
import signal
import sys
from types import FrameType

INTERVAL_S = 0.001


def frame_name(frame: FrameType) -> str:
    code = frame.f_code
    parts = code.co_filename.rsplit("/", 2)
    return f"{code.co_qualname} ({'/'.join(parts[-2:])}:{frame.f_lineno})"


def main() -> None:
    module, output = sys.argv[1], sys.argv[2]
    samples: collections.Counter[str] = collections.Counter()

    def record(_signum: int, frame: FrameType | None) -> None:
        names = []
        while frame is not None:
            names.append(frame_name(frame))
            frame = frame.f_back
        samples[";".join(reversed(names))] += 1

    signal.raise_signal = lambda _signal: None  # see profiled.py
    signal.signal(signal.SIGUSR1, lambda _signum, _frame: samples.clear())
    signal.signal(signal.SIGPROF, record)
    signal.setitimer(signal.ITIMER_PROF, INTERVAL_S, INTERVAL_S)
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0, 0)
        with open(output, "w") as out:
            out.writelines(f"{stack} {count}\n" for stack, count in samples.items())


if __name__ == "__main__":
    main()
