"""Each message classified once per process, though two consumers read it."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

Result = TypeVar("Result")


class ClassifiedOnce(Generic[Result]):
    """The main path and the first-aid lookout both read every inbound message; whichever
    comes first classifies it and leaves the result here, and the other takes it (a message
    is asked for at most twice, so a taken result is dropped). Bounded: results the other
    reader never asks for (a lookout that starts at "now", a message too old for it) are
    forgotten oldest first."""

    def __init__(self, work: Callable[[str], Result], capacity: int = 10_000) -> None:
        self._work = work
        self._capacity = capacity
        self._waiting: dict[Hashable, Result] = {}  # insertion-ordered: oldest first

    def __call__(self, key: Hashable, text: str) -> Result:
        taken = self._waiting.pop(key, None)
        if taken is not None:
            return taken
        result = self._work(text)
        if len(self._waiting) >= self._capacity:
            del self._waiting[next(iter(self._waiting))]
        self._waiting[key] = result
        return result
