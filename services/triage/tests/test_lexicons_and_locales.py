"""Lexicon files are data a harm-reduction worker edits: their examples must fire their cues."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from peerline_shared.i18n import Catalogue
from peerline_triage.classifier import Classifier, LexiconError
from peerline_triage.classifier.lexicon import parse_cues
from peerline_triage.service import first_aid_text

FIRST_AID = ("overdose", "suicide", "seizure", "violence", "bleeding", "other")


def _examples() -> list[tuple[str, str]]:
    folder = resources.files("peerline_triage").joinpath("lexicons")
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".yaml"):
            data = yaml.safe_load(entry.read_text(encoding="utf-8")) or {}
            for cue in data.get("cues", []):
                if cue["kind"] == "modifier":
                    continue
                found.extend((cue["id"], example) for example in cue.get("examples", []))
    return found


@pytest.mark.parametrize(("cue", "example"), _examples())
def test_lexicon_examples_fire_their_cue(classifier: Classifier, cue: str, example: str) -> None:
    assert cue in {s.cue for s in classifier.classify(example).signals}


def test_bad_lexicon_entries_are_rejected() -> None:
    with pytest.raises(LexiconError):
        parse_cues([{"id": "x", "kind": "urgency", "label": "urgentish", "terms": ["a"]}], "t")
    with pytest.raises(LexiconError):
        parse_cues([{"id": "x", "kind": "topic", "label": "ost", "terms": ["a b & c"]}], "t")


def test_locales_have_the_same_keys() -> None:
    catalogue = Catalogue.load("peerline_triage")
    assert catalogue.missing() == {}
    for kind in FIRST_AID:
        for lang in ("uk", "ru", "en"):
            assert catalogue.get(f"firstaid.{kind}", lang)


@pytest.mark.parametrize("lang", ["uk", "ru", "en"])
def test_first_aid_names_the_numbers(lang: str) -> None:
    catalogue = Catalogue.load("peerline_triage")
    overdose = first_aid_text(catalogue, "firstaid.overdose", lang, None)  # type: ignore[arg-type]
    assert "112" in overdose and "103" in overdose
    assert "7333" in first_aid_text(catalogue, "firstaid.suicide", lang, None)  # type: ignore[arg-type]
