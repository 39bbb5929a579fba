"""Triage classifier throughput on the development set (one core, after warm-up).

    uv run python bench/triage_bench.py [--data PATH] [--rounds N]

Prints messages per second and writes the figure to bench/results/triage.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

from peerline_triage.classifier import Classifier

ROOT = Path(__file__).resolve().parent
DEFAULT_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "triage" / "dev.jsonl"
TARGET = 5_000.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = [json.loads(line)["text"] for line in args.data.read_text("utf-8").splitlines()]

    started = time.perf_counter()
    classifier = Classifier.load()
    load_seconds = time.perf_counter() - started

    cold_start = time.perf_counter()
    for text in texts:  # first pass fills the lemma / fuzzy caches
        classifier.classify(text)
    cold = len(texts) / (time.perf_counter() - cold_start)

    warm_start = time.perf_counter()
    for _ in range(args.rounds):
        for text in texts:
            classifier.classify(text)
    warm = len(texts) * args.rounds / (time.perf_counter() - warm_start)

    result = {
        "benchmark": "triage.classify",
        "messages": len(texts),
        "rounds": args.rounds,
        "load_seconds": round(load_seconds, 3),
        "cold_messages_per_second": round(cold, 1),
        "messages_per_second": round(warm, 1),
        "target_messages_per_second": TARGET,
        "meets_target": warm >= TARGET,
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    out = ROOT / "results" / "triage.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"load {load_seconds:.2f}s; cold {cold:,.0f} msg/s; warm {warm:,.0f} msg/s "
        f"(target {TARGET:,.0f}) -> {out.relative_to(ROOT.parent)}"
    )


if __name__ == "__main__":
    main()
