"""Triage classifier throughput on the development sets, per core (CPU time of this one
thread, so other load on the machine does not count), after warm-up: the lexicons alone, the
learned model's score alone, and the combined classifier the service runs.

    uv run python bench/triage_bench.py [--data PATH ...] [--rounds N]

Prints messages per second and writes the figures to bench/results/triage.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections.abc import Callable
from pathlib import Path

from peerline_triage.classifier import Classifier

ROOT = Path(__file__).resolve().parent
SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "triage"
DEFAULT_DATA = [SHARED / "dev.jsonl", SHARED / "dev2.jsonl"]
TARGET = 5_000.0


def _rate(classify: Callable[[str], object], texts: list[str], rounds: int) -> float:
    started = time.process_time()
    for _ in range(rounds):
        for text in texts:
            classify(text)
    return len(texts) * rounds / (time.process_time() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, nargs="+", default=DEFAULT_DATA)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = [json.loads(line)["text"] for path in args.data for line in path.read_text("utf-8").splitlines()]

    started = time.perf_counter()
    classifier = Classifier.load()
    load_seconds = time.perf_counter() - started
    if classifier.learned is None:
        raise SystemExit(f"the learned model is not usable: {classifier.model_error}")
    model = classifier.learned

    cold = _rate(classifier.classify, texts, 1)  # the first pass fills the lemma / fuzzy caches
    lexicons = _rate(classifier.classify_by_lexicons, texts, args.rounds)
    learned = _rate(model.score, texts, args.rounds)
    warm = _rate(classifier.classify, texts, args.rounds)

    result = {
        "benchmark": "triage.classify",
        "messages": len(texts),
        "rounds": args.rounds,
        "load_seconds": round(load_seconds, 3),
        "model_version": model.version,
        "cold_messages_per_second": round(cold, 1),
        "lexicons_messages_per_second": round(lexicons, 1),
        "model_messages_per_second": round(learned, 1),
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
        f"load {load_seconds:.2f}s; per core: cold {cold:,.0f} msg/s; lexicons {lexicons:,.0f}, "
        f"model {learned:,.0f}, combined {warm:,.0f} msg/s (target {TARGET:,.0f}) "
        f"-> {out.relative_to(ROOT.parent)}"
    )


if __name__ == "__main__":
    main()
