"""The mechanisms that carry to new writers: negated words, nearest time word, harmless
neighbours, drug-use context, second-hand talk, stricter English fuzzy matching."""

from __future__ import annotations

import pytest

from peerline_triage.classifier import Classifier, LexiconError
from peerline_triage.classifier.lexicon import parse_cues


@pytest.mark.parametrize(
    ("text", "urgency"),
    [
        ("метадон не дают уже второй день", "high"),  # "!дают": a negated word as a cue
        ("ARV ne pyv vzhe tyzhden", "high"),
        ("завтра видачі не буде, я на метадоні", "high"),
        ("год назад был передоз, теперь хочу держать налоксон дома", "normal"),  # past is nearer
        ("4 дні тому пив метадон, зараз у нього судоми", "emergency"),  # "now" is nearer
        ("у мене судоми в литках ночами", "normal"),  # cramps, not a seizure
        ("кров з носа іноді йде", "normal"),
        ("руки сині від холоду, ночую на вулиці", "high"),
        ("он вмазался и упал, хрипит", "emergency"),  # use + weak signs
        ("після солі впала і хрипить", "emergency"),
        ("в новостях пишут про передозы, жесть", "low"),
        ("he is not awake and choking on vomit", "emergency"),  # a negated "awake" resolves nothing
        ("i keep thinking everyone would be better off without me", "high"),
        ("иногда думаю что лучше умереть но ничего не делаю", "high"),  # habit does not lower it
        ("saw news about nitazenes, just sharing", "low"),  # "sharing" is not "shaking"
    ],
)
def test_generalising_rules(classifier: Classifier, text: str, urgency: str) -> None:
    result = classifier.classify(text)
    assert result.urgency == urgency, result.signals


@pytest.mark.parametrize(
    "text",
    [
        "lmaooo he said hes gonna OD on pizza",
        "меня в доте убили, пойду повешусь ахахах",
        "«я не дышу» — строчка из песни",
    ],
)
def test_jokes_and_songs_are_not_emergencies(classifier: Classifier, text: str) -> None:
    assert classifier.classify(text).urgency in ("low", "normal")


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("кент передознулся не откачивается", "overdose"),
        ("зрачки точки не отвечает", "overdose"),
        ("huby syni ne dyhaie", "overdose"),
        ("i cant find a pulse", "overdose"),
        ("i have all my pills in front of me and im taking them tonight", "suicide"),
        ("кровь хлещет из ноги жгут не помогает", "bleeding"),
        ("мусора пинают парня ногами прямо сейчас", "violence"),
    ],
)
def test_held_out_style_emergencies(classifier: Classifier, text: str, kind: str) -> None:
    result = classifier.classify(text)
    assert (result.urgency, result.emergency_kind) == ("emergency", kind), result.signals


def test_immune_to_must_name_modifiers() -> None:
    with pytest.raises(LexiconError):
        parse_cues(
            [{"id": "x", "kind": "urgency", "label": "high", "terms": ["a"], "immune_to": ["past"]}], "t"
        )
