"""The pure state machine: explicit transitions, and invariants under any command sequence."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from peerline_notifications.domain import states
from peerline_notifications.domain.states import Person, Refusal, Snapshot, Transition, Unchanged

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
WINDOW = timedelta(hours=24)
OLENA = Person(uuid.uuid4(), "Olena")
TARAS = Person(uuid.uuid4(), "Taras")
BOSS = Person(uuid.uuid4(), "Iryna", "supervisor")


def test_the_happy_path_queued_to_closed() -> None:
    offered = states.offer(Snapshot("queued"), action="offered")
    assert isinstance(offered, Transition) and offered.after.state == "offered"
    claimed = states.claim(offered.after, OLENA, active_count=0, capacity=1)
    assert isinstance(claimed, Transition) and claimed.after.owner_id == OLENA.consultant_id
    replied = states.reply(claimed.after, OLENA)
    assert isinstance(replied, Transition) and replied.after.state == "waiting"
    wrote = states.client_wrote(replied.after, closed_at=None, now=NOW, reopen_window=WINDOW)
    assert wrote is not None and wrote.after.state == "active"
    closed = states.close(wrote.after, OLENA, ("referred",))
    assert isinstance(closed, Transition) and closed.after.outcomes == ("referred",)


def test_second_claim_is_told_who_has_it() -> None:
    mine = Snapshot("active", OLENA.consultant_id, OLENA.alias)
    refusal = states.claim(mine, TARAS, active_count=0, capacity=3)
    assert isinstance(refusal, Refusal)
    assert (refusal.error, refusal.holder_alias) == ("already_claimed", "Olena")
    assert isinstance(states.claim(mine, OLENA, active_count=1, capacity=3), Unchanged)


def test_capacity_is_respected_but_supervisors_may_take_an_emergency() -> None:
    refusal = states.claim(Snapshot("queued"), OLENA, active_count=2, capacity=2)
    assert isinstance(refusal, Refusal) and refusal.error == "at_capacity"
    assert isinstance(states.claim(Snapshot("queued"), BOSS, active_count=9, capacity=2), Transition)


def test_reopen_within_the_window_only() -> None:
    closed = Snapshot("closed", OLENA.consultant_id, OLENA.alias, ("resolved",))
    reopened = states.client_wrote(closed, closed_at=NOW - timedelta(hours=1), now=NOW, reopen_window=WINDOW)
    assert reopened is not None and reopened.action == "reopened" and reopened.after == Snapshot("queued")
    assert (
        states.client_wrote(closed, closed_at=NOW - timedelta(days=2), now=NOW, reopen_window=WINDOW) is None
    )


def test_transfer_to_a_colleague_or_back_to_the_queue() -> None:
    mine = Snapshot("active", OLENA.consultant_id, OLENA.alias)
    to_taras = states.transfer(mine, OLENA, to=TARAS, target_active=0, target_capacity=1)
    assert isinstance(to_taras, Transition) and to_taras.after.owner_alias == "Taras"
    full = states.transfer(mine, OLENA, to=TARAS, target_active=1, target_capacity=1)
    assert isinstance(full, Refusal) and full.error == "at_capacity"
    back = states.transfer(mine, OLENA, to=None)
    assert isinstance(back, Transition) and back.after == Snapshot("queued")
    assert isinstance(states.transfer(mine, TARAS, to=None), Refusal)
    assert isinstance(states.transfer(mine, BOSS, to=None), Transition)


def test_inactivity_requeues_only_a_conversation_awaiting_the_consultant() -> None:
    assert isinstance(states.requeue_inactive(Snapshot("active", OLENA.consultant_id, "Olena")), Transition)
    assert isinstance(states.requeue_inactive(Snapshot("waiting", OLENA.consultant_id, "Olena")), Refusal)


# --- property-based: any sequence of commands keeps the invariants -------------------------

PEOPLE = [Person(uuid.UUID(int=i + 1), f"c{i}") for i in range(3)]
CAPACITY = {person.consultant_id: cap for person, cap in zip(PEOPLE, (1, 2, 3), strict=True)}
COMMANDS = ("claim", "reply", "close", "transfer", "requeue", "offer", "client_wrote", "note")

command_steps = st.lists(
    st.tuples(st.sampled_from(COMMANDS), st.integers(0, 3), st.integers(0, 2), st.integers(-1, 2)),
    max_size=60,
)


def _active_count(board: dict[int, Snapshot], person: Person) -> int:
    return sum(1 for s in board.values() if s.state in states.OWNED and s.owner_id == person.consultant_id)


def _step(
    board: dict[int, Snapshot], kind: str, index: int, actor: Person, target: Person | None
) -> states.Decision | Transition | None:
    current = board[index]
    if kind == "claim":
        return states.claim(
            current, actor, active_count=_active_count(board, actor), capacity=CAPACITY[actor.consultant_id]
        )
    if kind == "transfer":
        active = _active_count(board, target) if target else 0
        capacity = CAPACITY[target.consultant_id] if target else 1
        return states.transfer(current, actor, to=target, target_active=active, target_capacity=capacity)
    if kind == "client_wrote":
        return states.client_wrote(current, closed_at=NOW, now=NOW, reopen_window=WINDOW)
    simple = {
        "reply": lambda: states.reply(current, actor),
        "close": lambda: states.close(current, actor, ()),
        "requeue": lambda: states.requeue_inactive(current),
        "note": lambda: states.add_note(current, actor),
        "offer": lambda: states.offer(current, action="offered"),
    }
    return simple[kind]()


@settings(max_examples=300, deadline=None)
@given(command_steps)
def test_any_command_sequence_keeps_the_invariants(steps: list[tuple[str, int, int, int]]) -> None:
    board = {index: Snapshot("queued") for index in range(4)}
    for kind, index, actor_index, target_index in steps:
        before = board[index]
        target = PEOPLE[target_index] if target_index >= 0 else None
        decision = _step(board, kind, index, PEOPLE[actor_index], target)
        if isinstance(decision, Transition):
            assert decision.before == before
            board[index] = decision.after
        after = board[index]
        # exactly one owner while owned, none while unclaimed
        assert (after.owner_id is not None) == (after.state in states.OWNED) or after.state == "closed"
        # capacity never exceeded
        for person in PEOPLE:
            assert _active_count(board, person) <= CAPACITY[person.consultant_id]
        # closed is final unless the client writes again (reopened)
        if before.state == "closed" and kind != "client_wrote":
            assert after == before
        if before.state == "closed" and after.state != "closed":
            assert isinstance(decision, Transition) and decision.action == "reopened"
