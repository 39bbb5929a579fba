"""The need-to-know rule (`domain.visibility`), pure."""

from __future__ import annotations

import uuid

import pytest

from peerline_notifications.domain.visibility import (
    Facts,
    Reader,
    break_glass_refusal,
    holders_in,
    may_preview,
    may_read,
)

ME = uuid.uuid4()
OTHER = uuid.uuid4()
CONSULTANT = Reader(ME, "consultant", frozenset({"uk"}))


@pytest.mark.parametrize(
    ("facts", "preview", "read"),
    [
        (Facts("offered", "uk", offered_to=frozenset({ME})), True, True),
        (Facts("offered", "en", offered_to=frozenset({ME})), True, True),
        (Facts("queued", "uk"), True, False),  # waiting in my language: preview only
        (Facts("queued", "en"), False, False),  # another language
        (Facts("offered", "en", offered_to=frozenset({OTHER})), False, False),
        (Facts("active", "uk", holder=OTHER), False, False),  # someone else holds it
        (Facts("active", "en", holder=ME), True, True),
        (Facts("closed", "en", held_by=frozenset({ME})), True, True),  # I held it
        (Facts("closed", "uk", held_by=frozenset({OTHER})), False, False),
        (Facts("active", "uk", holder=OTHER, offered_to=frozenset({ME})), True, False),  # offer lapsed
    ],
)
def test_a_consultant_sees_what_they_need(facts: Facts, preview: bool, read: bool) -> None:
    assert (may_preview(CONSULTANT, facts), may_read(CONSULTANT, facts)) == (preview, read)


@pytest.mark.parametrize("role", ["supervisor", "admin"])
def test_supervisors_see_everything(role: str) -> None:
    facts = Facts("active", "en", holder=OTHER)
    reader = Reader(ME, role)
    assert may_preview(reader, facts) and may_read(reader, facts)


def test_off_shift_consultants_see_only_their_own() -> None:
    off_shift = Reader(ME, "consultant")
    assert not may_preview(off_shift, Facts("queued", "uk"))
    assert may_preview(off_shift, Facts("closed", "uk", held_by=frozenset({ME})))


@pytest.mark.parametrize(
    ("reason", "refusal"),
    [(None, "need_to_know"), ("", "reason_too_short"), ("  because    ", "reason_too_short"),
     ("client complained about my colleague", None)],
)
def test_break_glass_needs_a_real_reason(reason: str | None, refusal: str | None) -> None:
    assert break_glass_refusal(reason) == refusal


def test_holders_are_read_from_audited_transitions() -> None:
    afters = [{"consultant_id": str(ME)}, {"consultant_id": None}, {"consultant_id": "not-a-uuid"}, {}]
    assert holders_in(afters) == frozenset({ME})
