"""The same message gets the same triage in every process: string hashes are salted per
process, so anything taken from a set in its iteration order would differ between replicas."""

from __future__ import annotations

import json
import os
import subprocess
import sys

# Pills already swallowed and a wish to die: an overdose cue and a suicide cue of equal weight.
TIED = ("мне 19, выпил всю пачку трамадола 30 шт минут 40 назад, теперь страшно, тошнит и кружится. "
        "я передумал")

CLASSIFY = (
    "import json, sys\n"
    "from peerline_triage.classifier import Classifier\n"
    "result = Classifier.load().classify(sys.argv[1])\n"
    "print(json.dumps([result.urgency, result.emergency_kind, list(result.topics),\n"
    "                  [[s.cue, s.label] for s in result.signals]]))\n"
)


def _classified_with_hash_seed(seed: int) -> list[object]:
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    done = subprocess.run([sys.executable, "-c", CLASSIFY, TIED], env=env, capture_output=True,
                          text=True, check=True, timeout=120)
    return list(json.loads(done.stdout))


def test_tied_emergency_cues_give_the_same_kind_and_signals_whatever_the_hash_seed() -> None:
    answers = [_classified_with_hash_seed(seed) for seed in (1, 2, 3, 4, 5, 6)]
    assert all(answer == answers[0] for answer in answers), answers
    urgency, kind = answers[0][:2]
    assert (urgency, kind) == ("emergency", "overdose")
