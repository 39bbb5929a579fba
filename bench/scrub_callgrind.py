"""Count the scrubber's instructions on one warm pass over the PII development sets.

    PYTHONHASHSEED=0 valgrind --tool=callgrind --instr-atstart=no \
        uv run python bench/scrub_callgrind.py

loads the scrubber, scrubs the development sets twice (the word caches fill), then turns
callgrind's counting on for one more pass and leaves through `os._exit` (the interpreter's
teardown is not counted). docs/benchmarks.md, "The scrubber".
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from peerline_shared.privacy.scrub import get_scrubber

PII_DIR = Path(__file__).resolve().parents[2] / "shared" / "pii"


def main() -> None:
    texts = [
        json.loads(line)["text"]
        for name in ("dev.jsonl", "dev2.jsonl")
        for line in (PII_DIR / name).read_text("utf-8").splitlines()
        if line.strip()
    ]
    scrubber = get_scrubber()
    for _ in range(2):
        for text in texts:
            scrubber.scrub(text)
    subprocess.run(["callgrind_control", "-i", "on", str(os.getpid())], check=True, capture_output=True)
    for text in texts:
        scrubber.scrub(text)
    os._exit(0)


if __name__ == "__main__":
    main()
