"""One classification serves both readers of a message; the store stays bounded."""

from __future__ import annotations

from peerline_triage.classified_once import ClassifiedOnce


def counting() -> tuple[ClassifiedOnce[str], list[str]]:
    calls: list[str] = []

    def work(text: str) -> str:
        calls.append(text)
        return text.upper()

    return ClassifiedOnce(work, capacity=3), calls


def test_the_second_reader_takes_the_first_readers_result() -> None:
    once, calls = counting()
    assert once("m1", "overdose") == "OVERDOSE"
    assert once("m1", "overdose") == "OVERDOSE"
    assert calls == ["overdose"]


def test_a_third_read_classifies_again_rather_than_keep_results_forever() -> None:
    once, calls = counting()
    for _ in range(3):
        once("m1", "text")
    assert calls == ["text", "text"]


def test_results_nobody_takes_are_forgotten_oldest_first() -> None:
    once, calls = counting()
    for key in ("a", "b", "c", "d"):
        once(key, key)
    once("a", "a")  # "a" was forgotten to make room for "d": classified anew
    once("d", "d")  # still waiting: taken
    assert calls == ["a", "b", "c", "d", "a"]
