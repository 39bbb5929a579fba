"""The span type every detector returns, and how overlapping spans are settled."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass

# Higher wins when two detections overlap: a card number inside a "phone" candidate is a card.
PRIORITY: dict[str, int] = {
    "email": 100,
    "handle": 90,
    "iban": 80,
    "card": 70,
    "id_number": 65,
    "birth_date": 62,
    "plate": 61,
    "tax_id": 60,
    "passport": 55,
    "gps": 53,
    "address": 52,
    "phone": 50,
    "document": 45,
    "name": 30,
}


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int
    kind: str


def select_spans(spans: Iterable[Span]) -> list[Span]:
    """Keep the strongest non-overlapping spans (priority, then length), in text order."""
    ranked = sorted(spans, key=lambda s: (-PRIORITY[s.kind], -(s.end - s.start), s.start))
    starts: list[int] = []
    chosen: list[Span] = []  # sorted by start, pairwise disjoint
    for span in ranked:
        if span.end <= span.start:
            continue
        index = bisect_left(starts, span.start)
        if index < len(chosen) and chosen[index].start < span.end:
            continue
        if index > 0 and chosen[index - 1].end > span.start:
            continue
        starts.insert(index, span.start)
        chosen.insert(index, span)
    return chosen
