"""Urgency rules: symptoms, slang, typos, negation, past and hypotheticals, several needs."""

from __future__ import annotations

import pytest

from peerline_triage.classifier import Classifier

SYMPTOM_ONLY_EMERGENCIES = [
    ("у него синие губы и он не просыпается", "overdose"),
    ("вона не дихає", "overdose"),
    ("he is snoring weird and we cant wake him", "overdose"),
    ("хрипить і не реагує на мене", "overdose"),
    ("пена изо рта и не отвечает", "overdose"),
    ("зіниці як крапки, не відповідає", "overdose"),
    ("his lips are blue and hes barely breathing", "overdose"),
    ("у подруги судороги уже 3 минуты", "seizure"),
    ("він б'ється в судомах на підлозі", "seizure"),
    ("порезала вены, кровь не останавливается", None),
    ("blood is spurting and wont stop", "bleeding"),
    ("я на даху і зараз стрибну", "suicide"),
    ("i have the pills here and will take them all tonight", "suicide"),
    ("мотузка вже готова, прощавайте", "suicide"),
    ("он бьет меня прямо сейчас, я закрылась в ванной", "violence"),
]


@pytest.mark.parametrize(("text", "kind"), SYMPTOM_ONLY_EMERGENCIES)
def test_symptom_only_emergencies(classifier: Classifier, text: str, kind: str | None) -> None:
    result = classifier.classify(text)
    assert result.urgency == "emergency", result.signals
    if kind is not None:
        assert result.emergency_kind == kind


SLANG_AND_TYPOS = [
    ("передоз у друга", "emergency"),
    ("он вмазался и отъехал, хрипит", "emergency"),
    ("помгите он не дышыт", "emergency"),
    ("друг посинел после ширки", "emergency"),
    ("бупры нет, кумарит второй день", "high"),
    ("метадонка закрылась, завтра нечего пить", "high"),
    ("ломка жесткая третий день", "high"),
    ("таблетки от тубика кончились", "high"),
    ("налоксн где взять в киеве", "normal"),
]


@pytest.mark.parametrize(("text", "urgency"), SLANG_AND_TYPOS)
def test_slang_and_typos(classifier: Classifier, text: str, urgency: str) -> None:
    assert classifier.classify(text).urgency == urgency


@pytest.mark.parametrize(
    "text",
    [
        "рік тому був передоз",
        "що робити якщо передоз?",
        "как понять что у человека передоз",
        "what do I do if someone overdoses?",
        "где взять налоксон на всякий случай",
        "у брата в прошлом году был передоз, как его поддержать",
    ],
)
def test_past_and_hypothetical_are_not_emergencies(classifier: Classifier, text: str) -> None:
    result = classifier.classify(text)
    assert result.urgency == "normal", result.signals
    assert "overdose" in result.topics


@pytest.mark.parametrize(
    "text",
    [
        "он уже дышит после налоксона, что дальше",
        "ok he is breathing again now, what should we watch for",
        "вчера был передоз, откачали, сегодня опять хочет колоться",
    ],
)
def test_after_an_emergency_is_high(classifier: Classifier, text: str) -> None:
    """The lexicons read "breathing again" as over; the learned model, which reads words and
    not time, may still call it a possible emergency (a safety message, consultants alerted),
    but never a certain one: no overdose protocol for someone who is breathing again."""
    assert classifier.classify_by_lexicons(text).urgency == "high"
    assert classifier.classify(text).first_aid is False


def test_relapse_after_naloxone_is_emergency(classifier: Classifier) -> None:
    text = "дали налоксон, задышал, а через 10 минут опять синеет"
    assert classifier.classify(text).urgency == "emergency"


def test_negated_symptom_does_not_count(classifier: Classifier) -> None:
    result = classifier.classify("нет, он не синий уже, глаза открыл, разговаривает")
    assert result.urgency != "emergency"


@pytest.mark.parametrize(
    ("text", "urgency"),
    [
        ("спасибо большое", "low"),
        ("привіт 👋", "low"),
        ("ви анонімні? мої дані нікуди не передаються?", "low"),
        ("дякую, все добре, допомога не потрібна", "low"),
        ("де можна здати тест на віл анонімно в києві", "normal"),
    ],
)
def test_low_and_normal(classifier: Classifier, text: str, urgency: str) -> None:
    assert classifier.classify(text).urgency == urgency


def test_several_needs_ordered_by_importance(classifier: Classifier) -> None:
    text = "вин не дихає після метадону, і ще хотіла спитати про довідку для соцзахисту"
    result = classifier.classify(text)
    assert result.urgency == "emergency"
    assert result.topics[0] == "overdose"
    assert "humanitarian" in result.topics or "ost" in result.topics


def test_arv_and_shelter(classifier: Classifier) -> None:
    result = classifier.classify("АРВТ закінчується завтра, а нас виганяють з квартири")
    assert result.urgency == "high"
    assert set(result.topics[:2]) == {"hiv", "humanitarian"}


def test_signals_say_why(classifier: Classifier) -> None:
    result = classifier.classify("он не дышит")
    urgency = [s for s in result.signals if s.kind == "urgency"]
    assert urgency and urgency[0].label == "emergency"
    assert "дышит" in urgency[0].words
    assert 0.0 <= result.confidence <= 1.0
