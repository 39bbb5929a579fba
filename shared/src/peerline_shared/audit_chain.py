"""An audit chain, pure: each record's hash covers its content and the previous hash (the
conversations' audit in notifications and the content audit of channel posts in the gateway).

Editing a record changes its hash; deleting or reordering breaks the link from the next one;
deleting records from the end is caught by the head (the last sequence and hash, kept in its
own row). `verify_chain` names each record where tampering shows, and what kind it is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import orjson

GENESIS_HASH = "0" * 64
ProblemKind = Literal["edited", "deleted", "reordered", "link_broken"]


def canonical(content: Mapping[str, Any]) -> bytes:
    return orjson.dumps(content, option=orjson.OPT_SORT_KEYS, default=str)


def record_hash(previous_hash: str, content: Mapping[str, Any]) -> str:
    return hashlib.sha256(previous_hash.encode() + b"\n" + canonical(content)).hexdigest()


@dataclass(frozen=True)
class ChainRecord:
    sequence: int
    content: Mapping[str, Any]
    previous_hash: str
    record_hash: str


@dataclass(frozen=True)
class ChainPoint:
    """A sequence and the hash of the record at it: the head, or the anchor of a pruned chain."""

    sequence: int
    record_hash: str


GENESIS = ChainPoint(0, GENESIS_HASH)


@dataclass(frozen=True)
class ChainProblem:
    sequence: int
    kind: ProblemKind
    problem: str

    def __str__(self) -> str:
        return f"record {self.sequence}: {self.kind}: {self.problem}"


MOVE_SEARCH = 100
"""How far from its place a moved record is looked for (each try is one hash)."""


def _written_as(record: ChainRecord) -> int | None:
    """The sequence a record was written with, when its hash proves it is not its place now."""
    for distance in range(1, MOVE_SEARCH + 1):
        for sequence in (record.sequence - distance, record.sequence + distance):
            content = {**record.content, "sequence": sequence}
            if sequence > 0 and record_hash(record.previous_hash, content) == record.record_hash:
                return sequence
    return None


def _check(record: ChainRecord, expected: ChainPoint, after_moved: bool) -> list[ChainProblem]:
    if record_hash(record.previous_hash, record.content) != record.record_hash:
        moved_from = _written_as(record)
        if moved_from is not None:
            return [ChainProblem(record.sequence, "reordered", f"it was written as record {moved_from}")]
        problems = [ChainProblem(record.sequence, "edited", "its content does not match its hash")]
    else:
        problems = []
    if record.sequence > expected.sequence + 1:
        first, last = expected.sequence + 1, record.sequence - 1
        missing = f"{first}" if first == last else f"{first}–{last}"
        problems.insert(
            0, ChainProblem(record.sequence, "deleted", f"record(s) {missing} before it are missing")
        )
    elif record.previous_hash != expected.record_hash and not after_moved:
        problems.insert(
            0, ChainProblem(record.sequence, "link_broken", "the record before it was rewritten or replaced")
        )
    return problems


def verify_chain(
    records: Iterable[ChainRecord], *, anchor: ChainPoint = GENESIS, head: ChainPoint | None = None
) -> list[ChainProblem]:
    """All problems in sequence order; empty when the chain is intact.

    `records` in stored sequence order; `anchor` is where a pruned chain starts; `head` the
    last sequence and hash the appender wrote (None skips the end check)."""
    problems: list[ChainProblem] = []
    expected, after_moved = anchor, False
    for record in records:
        found = _check(record, expected, after_moved)
        problems.extend(found)
        after_moved = any(problem.kind == "reordered" for problem in found)
        expected = ChainPoint(record.sequence, record.record_hash)
    if head is not None and head.sequence > expected.sequence:
        problems.append(
            ChainProblem(
                head.sequence,
                "deleted",
                f"records {expected.sequence + 1}–{head.sequence} at the end are missing",
            )
        )
    elif head is not None and head.record_hash != expected.record_hash:
        problems.append(
            ChainProblem(expected.sequence, "edited", "the last record is not the one the log wrote")
        )
    return problems
