"""Scrubber throughput on the PII development set: `uv run python bench/scrub_bench.py`.

The machine is often shared: compare runs by CPU seconds (printed) and the load average
(printed before and after), interleave old and new, or count instructions with
`bench/scrub_callgrind.py` under valgrind (docs/benchmarks.md, "The scrubber"); a speed change
must leave `bench/scrub_identity.py`'s output as it was.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from peerline_shared.privacy.scrub import Scrubber, get_scrubber

PII_DIR = Path(__file__).resolve().parents[2] / "shared" / "pii"
DEFAULT_DATA = [PII_DIR / "dev.jsonl", PII_DIR / "dev2.jsonl"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("data", nargs="*", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--no-tagger", action="store_true", help="the rules alone, without the name tagger")
    args = parser.parse_args()
    texts = [
        json.loads(line)["text"]
        for path in args.data
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]

    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    scrubber = Scrubber(tagger_weights={}) if args.no_tagger else get_scrubber()
    scrubber.scrub("warm-up: Олена Петренко, +380 67 123 45 67")
    load_seconds = time.perf_counter() - started

    cold_started = time.perf_counter()
    for text in texts:  # first pass: word classifications not yet cached
        scrubber.scrub(text)
    cold = len(texts) / (time.perf_counter() - cold_started)

    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(args.rounds):
        for text in texts:
            scrubber.scrub(text)
    elapsed = time.perf_counter() - started
    # CPU seconds: what one core spends, whatever else runs on a shared machine.
    cpu = time.process_time() - cpu_started
    warm = len(texts) * args.rounds / elapsed

    big = " ".join(texts) * (100_000 // max(1, sum(map(len, texts))) + 1)
    started, cpu_started = time.perf_counter(), time.process_time()
    scrubber.scrub(big[:100_000])
    big_seconds = time.perf_counter() - started
    big_cpu = time.process_time() - cpu_started

    print(f"messages: {len(texts)}, load: {load_seconds:.2f} s")
    print(f"cold: {cold:,.0f} messages/s")
    print(f"warm: {warm:,.0f} messages/s ({elapsed / (len(texts) * args.rounds) * 1e3:.2f} ms each)")
    print(f"warm, per CPU second (one core): {len(texts) * args.rounds / cpu:,.0f} messages")
    print(f"100 KB message: {big_seconds * 1e3:.0f} ms ({big_cpu * 1e3:.0f} ms of CPU)")
    print(f"load average: {load_before:.2f} before, {os.getloadavg()[0]:.2f} after")


if __name__ == "__main__":
    main()
