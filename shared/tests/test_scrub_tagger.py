"""The trained name tagger: its training, its shipped weights, and what it adds to the rules."""

from __future__ import annotations

from importlib.resources import files

import pytest

from peerline_shared.privacy import scrub_tagger_train as training
from peerline_shared.privacy.scrub import Scrubber, get_scrubber, morph_analyzers
from peerline_shared.privacy.scrub_tagger import GATE, WEIGHTS_FILE, Features, NameTagger, load_weights


def test_the_perceptron_learns_a_separable_rule_and_is_deterministic() -> None:
    rows = [(["bias", "cap", f"w={i}"], 1) for i in range(20)] + [
        (["bias", "low", f"w={i}"], -1) for i in range(20, 40)
    ]
    weights = training.perceptron(rows, epochs=3, seed=1)
    assert weights == training.perceptron(rows, epochs=3, seed=1)
    assert weights.get("cap", 0) > 0 > weights.get("low", 0)


def test_the_shipped_weights_are_small_and_hold_the_gate() -> None:
    size = len(files("peerline_shared.privacy").joinpath("data", WEIGHTS_FILE).read_bytes())
    assert size < 1_000_000
    weights = load_weights()
    assert GATE in weights and len(weights) > 1000


def test_the_tagger_finds_names_the_rules_are_not_written_for() -> None:
    tagger = NameTagger(Features(morph_analyzers()), load_weights())
    text = "Записала на прийом дружину, Оксану Литвиненко, до лікаря"
    spans = [text[span.start : span.end] for span in tagger.find(text)]
    assert spans == ["Оксану Литвиненко"]
    assert list(tagger.find("Аптека на Подолі працює до 20:00, візьміть тест на ВІЛ")) == []


def test_an_empty_weights_mapping_turns_the_tagger_off() -> None:
    text = "we are 3 people: me, lena and her boyfriend sasha"
    assert len(Scrubber(tagger_weights={})._detectors) == len(get_scrubber()._detectors) - 1
    assert get_scrubber().scrub(text).text.count("[name]") >= 1


def test_the_shipped_weights_are_what_the_training_script_makes() -> None:
    paths = training.training_files()
    if not any(path.name.startswith("dev") for path in paths):
        pytest.skip("the development files (../shared/pii) are not beside this checkout")
    assert training.train(morph_analyzers(), paths) == load_weights()


def test_only_writers_before_the_fourteenth_are_trained_on() -> None:
    """Writers 14 onwards are held out (`HELD_OUT`): a writer's file added beside the others
    must not enter the training, and the shipped weights unnoticed, before it is scored."""
    trained = {path.name for path in training.training_files()}
    writers = sorted(training.TEST_DATA.glob("pii-writer*.jsonl"))
    assert len(writers) >= 23
    for path in writers:
        number = int(path.stem.removeprefix("pii-writer"))
        assert (path.name in trained) == (number < 14), path.name
