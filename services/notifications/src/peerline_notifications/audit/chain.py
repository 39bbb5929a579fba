"""The audit chain, pure: each record's hash covers its content and the previous hash.

Editing a record changes its hash; deleting or reordering breaks the link from the next one.
`verify_chain` names the first record where either shows.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

GENESIS_HASH = "0" * 64


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
class ChainProblem:
    sequence: int
    problem: str


def verify_chain(records: Iterable[ChainRecord]) -> list[ChainProblem]:
    """All problems in sequence order; empty when the chain is intact."""
    problems: list[ChainProblem] = []
    expected_previous, expected_sequence = GENESIS_HASH, None
    for record in records:
        if expected_sequence is not None and record.sequence != expected_sequence:
            problems.append(ChainProblem(record.sequence, f"gap or reorder: expected sequence {expected_sequence}"))
        if record.previous_hash != expected_previous:
            problems.append(ChainProblem(record.sequence, "link broken: previous hash does not match (a record before it was deleted, edited or reordered)"))
        if record_hash(record.previous_hash, record.content) != record.record_hash:
            problems.append(ChainProblem(record.sequence, "content edited: hash does not match"))
        expected_previous, expected_sequence = record.record_hash, record.sequence + 1
    return problems
