"""Morphology, transliteration and language identification."""

from __future__ import annotations

import pytest

from peerline_triage.classifier import Classifier


@pytest.mark.parametrize("form", ["метадону", "метадоном", "метадон", "метадона"])
def test_inflected_forms_are_one_cue(classifier: Classifier, form: str) -> None:
    result = classifier.classify(f"закінчився {form}, завтра нічого")
    assert result.topics[0] == "ost"
    assert any(s.cue == "ost.supply_out" for s in result.signals)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("де можна здати тест на віл анонімно", "uk"),
        ("где можно сдать тест на ВИЧ анонимно", "ru"),
        ("where can I get an HIV test", "en"),
        ("ne dyshe pislya metadonu shcho robyty", "uk"),
        ("srochno drug ne dyshit posle gera", "ru"),
        ("zakonchilsya metadon chto delat", "ru"),
        ("metadon zakinchuyetsya, shcho robyty", "uk"),
    ],
)
def test_language(classifier: Classifier, text: str, lang: str) -> None:
    assert classifier.classify(text).lang == lang


@pytest.mark.parametrize(
    ("text", "urgency"),
    [
        ("ne dyshe", "emergency"),
        ("peredoz u druga, on sinij", "emergency"),
        ("zakonchilsya metadon, zavtra nichego net", "high"),
        ("vin ne prokydayetsya pislya tabletok", "emergency"),
        ("druh posynyv pislya dozy", "emergency"),
    ],
)
def test_transliteration_is_matched_in_cyrillic(classifier: Classifier, text: str, urgency: str) -> None:
    result = classifier.classify(text)
    assert result.transliterated
    assert result.urgency == urgency


def test_english_is_not_transliteration(classifier: Classifier) -> None:
    assert not classifier.classify("my friend is not breathing").transliterated
