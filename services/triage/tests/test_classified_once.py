"""One classification serves both readers of a message; the store stays bounded."""

from __future__ import annotations

from collections.abc import Sequence

from peerline_triage.classified_once import ClassifiedOnce


def counting(batches: list[list[str]] | None = None) -> tuple[ClassifiedOnce[str], list[str]]:
    calls: list[str] = []

    def work(texts: Sequence[str]) -> list[str]:
        calls.extend(texts)
        if batches is not None:
            batches.append(list(texts))
        return [text.upper() for text in texts]

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


def test_a_batch_classifies_only_what_is_not_waiting_and_in_one_call() -> None:
    batches: list[list[str]] = []
    once, _ = counting(batches)
    once("m2", "second")
    assert once.many([("m1", "first"), ("m2", "second"), ("m3", "third")]) == ["FIRST", "SECOND", "THIRD"]
    assert batches == [["second"], ["first", "third"]]
    assert once.many([("m3", "third")]) == ["THIRD"]  # left waiting for the other reader
    assert batches == [["second"], ["first", "third"]]
