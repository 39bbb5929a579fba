"""The pure chain: each kind of tampering is caught and named."""

from __future__ import annotations

from dataclasses import replace

from peerline_shared.audit_chain import (
    GENESIS_HASH,
    ChainPoint,
    ChainRecord,
    record_hash,
    verify_chain,
)


def _chain(length: int) -> list[ChainRecord]:
    records, previous = [], GENESIS_HASH
    for sequence in range(1, length + 1):
        content = {"sequence": sequence, "action": "claimed", "actor_id": f"c{sequence}"}
        digest = record_hash(previous, content)
        records.append(ChainRecord(sequence, content, previous, digest))
        previous = digest
    return records


def _head(records: list[ChainRecord]) -> ChainPoint:
    return ChainPoint(records[-1].sequence, records[-1].record_hash)


def test_an_intact_chain_verifies() -> None:
    records = _chain(6)
    assert verify_chain(records, head=_head(records)) == []


def test_an_edited_record_is_named() -> None:
    records = _chain(6)
    records[2] = replace(records[2], content={**records[2].content, "actor_id": "someone else"})
    problems = verify_chain(records, head=_head(records))
    assert [(p.sequence, p.kind) for p in problems] == [(3, "edited")]


def test_an_edited_record_with_a_recomputed_hash_breaks_the_next_link() -> None:
    records = _chain(6)
    content = {**records[2].content, "actor_id": "forged"}
    records[2] = replace(
        records[2], content=content, record_hash=record_hash(records[2].previous_hash, content)
    )
    problems = verify_chain(records, head=_head(_chain(6)))
    assert [(p.sequence, p.kind) for p in problems] == [(4, "link_broken")]


def test_a_deleted_record_is_named() -> None:
    records = _chain(6)
    del records[3]
    problems = verify_chain(records, head=_head(records))
    assert [(p.sequence, p.kind) for p in problems] == [(5, "deleted")]
    assert "4" in problems[0].problem


def test_records_deleted_from_the_end_are_caught_by_the_head() -> None:
    records = _chain(6)
    problems = verify_chain(records[:4], head=_head(records))
    assert [(p.sequence, p.kind) for p in problems] == [(6, "deleted")]


def test_reordered_records_are_named() -> None:
    records = _chain(6)
    third, fourth = records[2], records[3]
    records[2] = replace(fourth, sequence=3, content={**fourth.content, "sequence": 3})
    records[3] = replace(third, sequence=4, content={**third.content, "sequence": 4})
    problems = verify_chain(records, head=_head(records))
    assert [(p.sequence, p.kind) for p in problems] == [(3, "reordered"), (4, "reordered")]


def test_a_pruned_chain_verifies_from_its_anchor() -> None:
    records = _chain(6)
    anchor = ChainPoint(2, records[1].record_hash)
    assert verify_chain(records[2:], anchor=anchor, head=_head(records)) == []
    assert verify_chain(records[2:], head=_head(records))  # without the anchor it is broken
