"""The scrubber's repeats over a pass's output (issue 16): fewer detectors.

`Scrubber.scrub` asks only the detectors that a placeholder can give something new, unless a
placeholder touches its neighbours. It must scrub as every detector on every pass did.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pytest

from peerline_shared.privacy.evaluate import cased_texts
from peerline_shared.privacy.scrub import (
    Scrubber,
    _placeholders_stand_apart,
    _replace,
    _widens_placeholder,
    get_scrubber,
)
from peerline_shared.privacy.scrub_spans import PRIORITY

_DATA = Path(__file__).parent / "data"
_PLACEHOLDER = re.compile(r"\[(?:" + "|".join(PRIORITY) + r")\]")
_OPENERS = "([{«\"'“"
_CLOSERS = ",.;:!?)]}»\"'”"


def _labelled() -> list[str]:
    return cased_texts(sorted(_DATA.glob("pii-writer*.jsonl")))


def _every_detector_every_pass(scrubber: Scrubber, text: str) -> tuple[str, dict[str, int]]:
    """What `Scrubber.scrub` did before: every detector on every pass."""
    counts: Counter[str] = Counter()
    for _ in range(5):
        spans = scrubber.spans(text)
        if not spans:
            break
        counts.update(span.kind for span in spans if not _widens_placeholder(text, span))
        text = _replace(text, spans)
    return text, dict(counts)


@pytest.mark.parametrize(
    "text",
    [
        "000AA00@0",  # the plate's placeholder leaves no word character before the "@"
        " 3052 9900 0002 6007 2335 6600 1, ",  # the phone's placeholder leaves a document
        "Тел. +380 67 123 45 67, Ivan Petrenko, 1600 Pennsylvania Ave, Washington, DC 20500",
        # The code before the card's placeholder is a number of its own now.
        "Ana Lomidze, Georgian passport 13AB58-B 5374 0200 4415 9926, ПОЛУЧАТЕЛЬ DOINA MORARI.",
        # The handle's placeholder takes its full stops: the plate is in the car's sentence now.
        "машине so 4Awork is on instagram.com/misha.tattoo.wro if you want to ch- UNDETECTABLE, CD4 620. ",
    ],
)
def test_a_placeholder_beside_a_neighbour_asks_every_detector_again(text: str) -> None:
    scrubber = get_scrubber()
    result = scrubber.scrub(text)
    assert (result.text, dict(result.redactions)) == _every_detector_every_pass(scrubber, text)
    assert scrubber.scrub(result.text).text == result.text


def test_the_scrubber_scrubs_the_writers_texts_as_with_every_detector_every_pass() -> None:
    scrubber = get_scrubber()
    texts = _labelled()
    rng = random.Random(16)
    # Slices and joins too, so that placeholders land beside digits and marks.
    for text in texts[:1500]:
        i, j = sorted((rng.randrange(len(text) + 1), rng.randrange(len(text) + 1)))
        texts += [text[i:j], text[j:] + rng.choice(("", " ", "@", "1", ",", "-")) + rng.choice(texts)[:i]]
    for text in texts:
        result = scrubber.scrub(text)
        assert (result.text, dict(result.redactions)) == _every_detector_every_pass(scrubber, text), text


def _apart(text: str, position: int, step: int, marks: str) -> bool:
    if not 0 <= position < len(text):
        return True
    beyond = position + step
    near = text[position] + (text[beyond] if 0 <= beyond < len(text) else "")
    if any(character.isdecimal() for character in near):
        return False
    if text[position].isspace():
        return True
    return text[position] in marks and (not 0 <= beyond < len(text) or text[beyond].isspace())


def test_placeholders_stand_apart_as_read_character_by_character() -> None:
    rng = random.Random(16)
    atoms = [*" \t\n5٣a,.;([{«\"'“)]}»”@-", "[name]", "[phone]", "[address]", "[x]", "[", "]"]
    for _ in range(60_000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randrange(8)))
        expected = all(
            _apart(text, found.start() - 1, -1, _OPENERS) and _apart(text, found.end(), 1, _CLOSERS)
            for found in _PLACEHOLDER.finditer(text)
        )
        assert _placeholders_stand_apart(text) == expected, text
