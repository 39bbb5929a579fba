"""Every labelled message of the development sets and the probe sets gets the classification
stored in `data/classifications.json.gz`, field by field (the lexicons' verdict and the one
with the learned model, alone and in batches of 16): speed-ups of the tokeniser, the language
detector, the matcher or `decide` must not change one answer.

When the lexicons, the scoring or the model change on purpose, store their new answers:

    uv run python services/triage/tests/test_stored_classifications.py --write

and read the diff of what moved (`peerline triage evaluate` tells whether it is better).
"""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from peerline_triage.classifier import Classification, Classifier

SHARED = Path(__file__).resolve().parents[3].parent / "shared" / "triage"
DATA = Path(__file__).parent / "data"
STORED = DATA / "classifications.json.gz"
EDGES = ["", "   ", "12345", "!!!", "ok", "не не не", "HIV+ ВІЛ+", "ne dyshe", "он не дышит!!"]


def labelled_texts() -> list[str]:
    files = [SHARED / "dev.jsonl", SHARED / "dev2.jsonl", *sorted(DATA.glob("*.jsonl"))]
    return [json.loads(line)["text"] for path in files if path.is_file()
            for line in path.read_text(encoding="utf-8").splitlines()] + EDGES


def key(text: str) -> str:
    """The stored file names no message: the development data stays in ../shared."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def fields(result: Classification) -> dict[str, Any]:
    return json.loads(json.dumps(dataclasses.asdict(result), ensure_ascii=False))


def answers(classifier: Classifier, texts: list[str]) -> dict[str, dict[str, Any]]:
    return {
        key(text): {"lexicons": fields(classifier.classify_by_lexicons(text)), "combined": fields(combined)}
        for text, combined in zip(texts, [classifier.classify_batch([t])[0] for t in texts], strict=True)
    }


@pytest.fixture(scope="module")
def stored() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = json.loads(gzip.decompress(STORED.read_bytes()))
    return found


@pytest.fixture(scope="module")
def texts(stored: dict[str, dict[str, Any]]) -> list[str]:
    found = [text for text in labelled_texts() if key(text) in stored]
    if len(found) < 1500:
        pytest.skip("development sets not available")
    return found


def test_every_message_gets_its_stored_classification(
    classifier: Classifier, texts: list[str], stored: dict[str, dict[str, Any]]
) -> None:
    now = answers(classifier, texts)
    differing = [(text, stored[key(text)], now[key(text)])
                 for text in texts if stored[key(text)] != now[key(text)]]
    assert not differing, differing[:3]


def test_a_batch_of_16_gets_the_stored_classifications(
    classifier: Classifier, texts: list[str], stored: dict[str, dict[str, Any]]
) -> None:
    batched = [result for start in range(0, len(texts), 16)
               for result in classifier.classify_batch(texts[start:start + 16])]
    differing = [(text, result) for text, result in zip(texts, batched, strict=True)
                 if fields(result) != stored[key(text)]["combined"]]
    assert not differing, differing[:3]


def test_the_stored_file_covers_the_probe_sets_and_edge_cases(stored: dict[str, dict[str, Any]]) -> None:
    probes = [json.loads(line)["text"] for path in sorted(DATA.glob("*.jsonl"))
              for line in path.read_text(encoding="utf-8").splitlines()]
    assert probes and all(key(text) in stored for text in probes + EDGES)


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    everything = labelled_texts()
    body = json.dumps(answers(Classifier.load(), everything), ensure_ascii=False, sort_keys=True, indent=0)
    STORED.write_bytes(gzip.compress(body.encode("utf-8"), mtime=0))
    print(f"{len(everything)} messages -> {STORED.name}")
