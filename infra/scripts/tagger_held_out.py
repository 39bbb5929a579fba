"""Does the name tagger generalise to writers it never saw? Train it on chosen writers, score others.

    uv run python infra/scripts/tagger_held_out.py --score 22-25 --train 3-13 --train 3-21 --seeds 16 1 2 3 4
    uv run python infra/scripts/tagger_held_out.py --score 18-21,24-25 --train 3-13 --train 3-17,22-23

trains the tagger (`scrub_tagger_train.train`, with the development files `../shared/pii/dev*.jsonl`
and the template sentences) once per `--train` range of writers and seed, and prints the
scrubber's removal and keep-loss on each `--score` writer's file, overall and for names, beside
the shipped weights. A scored writer may not be in a training range: the figures are held out
for the tagger (not for the rules, which were fixed by family on writers 14-21 and read on more).
Each training takes about 20 s. The seed orders the perceptron's rows and picks the template
sentences; the spread over seeds is the noise to judge a difference by (docs/privacy.md).
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Mapping, Sequence
from pathlib import Path

from peerline_shared.privacy import evaluate
from peerline_shared.privacy import scrub_tagger_train as training
from peerline_shared.privacy.scrub import Scrubber, morph_analyzers
from peerline_shared.privacy.scrub_tagger import load_weights


def writer_numbers(text: str) -> list[int]:
    """ "3-17,22-23" or "22" as writer numbers."""
    numbers = []
    for part in text.split(","):
        first, _, last = part.partition("-")
        numbers.extend(range(int(first), int(last or first) + 1))
    return numbers


def _ranges(numbers: Sequence[int]) -> str:
    runs: list[list[int]] = []
    for number in numbers:
        if runs and number == runs[-1][-1] + 1:
            runs[-1].append(number)
        else:
            runs.append([number])
    return ",".join(f"{run[0]}-{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


def writer_file(number: int) -> Path:
    return training.TEST_DATA / f"pii-writer{number}.jsonl"


def trained(writers: Sequence[int], seed: int) -> dict[str, float]:
    """The tagger trained on the development files and `writers` with `seed` (the module's
    default seed is read when its functions are defined, so both uses are set here)."""
    original = training.perceptron
    training.SEED = seed
    training.perceptron = functools.partial(original, seed=seed)
    try:
        paths = sorted(training.DEV_DATA.glob("dev*.jsonl")) + [writer_file(n) for n in writers]
        return training.train(morph_analyzers(), paths)
    finally:
        training.perceptron = original


def score_line(label: str, weights: Mapping[str, float], scored: Sequence[int]) -> str:
    scrubber = Scrubber(tagger_weights=weights)
    total, names = evaluate.Tally(), evaluate.Tally()
    cells = []
    for number in scored:
        result = evaluate.score(evaluate.load_labelled(writer_file(number)), scrubber)
        name = result.by_kind.get("name", evaluate.Tally())
        total.add(result.total)
        names.add(name)
        cells.append(
            f"w{number} {result.total.removed}/{result.total.items} "
            f"lost {result.total.keep_lost}/{result.total.keep} names {name.removed}/{name.items}"
        )
    return (
        f"{label}: ALL {total.removed}/{total.items} ({100 * total.removal:.1f} %) "
        f"lost {total.keep_lost}/{total.keep} ({100 * total.keep_loss:.2f} %) "
        f"names {names.removed}/{names.items} | " + " | ".join(cells)
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--score", type=writer_numbers, action="append", required=True)
    parser.add_argument("--train", type=writer_numbers, action="append", required=True)
    parser.add_argument("--seeds", type=int, nargs="+", default=[training.SEED])
    args = parser.parse_args()
    scored = sorted({n for numbers in args.score for n in numbers})
    print(score_line("shipped", load_weights(), scored), flush=True)
    for writers in args.train:
        if overlap := set(writers) & set(scored):
            parser.error(f"writers {sorted(overlap)} are both trained on and scored")
        for seed in args.seeds:
            label = f"train {_ranges(writers)} seed {seed}"
            print(score_line(label, trained(writers, seed), scored), flush=True)


if __name__ == "__main__":
    main()
