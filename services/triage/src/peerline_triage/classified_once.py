"""Each message classified once per process, though two consumers read it."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Generic, TypeVar

Result = TypeVar("Result")


class ClassifiedOnce(Generic[Result]):
    """The main path and the first-aid lookout both read every inbound message; whichever
    comes first classifies it and leaves the result here, and the other takes it (a message
    is asked for at most twice, so a taken result is dropped). Bounded: results the other
    reader never asks for (a lookout that starts at "now", a message too old for it) are
    forgotten oldest first.

    `work` classifies a batch of texts at once (cheaper than one at a time), in order."""

    def __init__(self, work: Callable[[Sequence[str]], Sequence[Result]], capacity: int = 10_000) -> None:
        self._work = work
        self._capacity = capacity
        self._waiting: dict[Hashable, Result] = {}  # insertion-ordered: oldest first

    def __call__(self, key: Hashable, text: str) -> Result:
        return self.many([(key, text)])[0]

    def many(self, messages: Sequence[tuple[Hashable, str]]) -> list[Result]:
        """The results of (key, text) pairs in order: those waiting taken, the rest classified
        together and left waiting for the other reader."""
        results = [self._waiting.pop(key, None) for key, _ in messages]
        missing = [i for i, result in enumerate(results) if result is None]
        if missing:
            done = self._work([messages[i][1] for i in missing])
            for i, result in zip(missing, done, strict=True):
                results[i] = result
                self._leave(messages[i][0], result)
        return [result for result in results if result is not None]

    def _leave(self, key: Hashable, result: Result) -> None:
        if len(self._waiting) >= self._capacity:
            del self._waiting[next(iter(self._waiting))]
        self._waiting[key] = result
