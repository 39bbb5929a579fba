"""Write what the scrubber makes of every labelled text, to compare two versions byte for byte.

`uv run python bench/scrub_identity.py OUT.jsonl` scrubs every text of the PII and triage
development sets and the writers' test sets, as written, upper- and lower-cased, and writes one
line per text: the scrubbed text and its counts. Run it on two trees (PYTHONPATH pointing at the
other tree's `shared/src`) and `cmp` the files: a speed change must leave them identical.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from peerline_shared.privacy.scrub import get_scrubber

_ROOT = Path(__file__).resolve().parents[1]
_SHARED = _ROOT.parent / "shared"


def labelled_texts() -> list[str]:
    """`evaluate.cased_texts` of the labelled files, read here: the script also runs against
    older trees (through PYTHONPATH), whose package may not have it."""
    paths = [
        *sorted((_SHARED / "pii").glob("dev*.jsonl")),
        *sorted((_ROOT / "shared" / "tests" / "data").glob("pii-writer*.jsonl")),
        *sorted((_SHARED / "triage").glob("dev*.jsonl")),
    ]
    texts = [
        json.loads(line)["text"]
        for path in paths
        for line in path.read_text("utf-8").splitlines()
        if line.strip()
    ]
    return texts + [text.upper() for text in texts] + [text.lower() for text in texts]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    scrubber = get_scrubber()
    with args.out.open("w", encoding="utf-8") as out:
        for text in labelled_texts():
            result = scrubber.scrub(text)
            line = {"text": result.text, "redactions": dict(sorted(result.redactions.items()))}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
