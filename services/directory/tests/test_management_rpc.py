"""Consultant and shift management over real NATS: the console's requests, role checks."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, TypeVar

import pytest

from peerline_shared.bus import ActorNotVerified, request
from peerline_shared.events import (
    Actor,
    AddShiftOverride,
    AddShiftSlot,
    CommandResult,
    ConsultantAccessChanged,
    ConsultantSaved,
    ConsultantsListed,
    DeactivateConsultant,
    EventBase,
    ListConsultants,
    ListShifts,
    RemoveShiftOverride,
    RemoveShiftSlot,
    SaveConsultant,
    ShiftsListed,
)
from peerline_shared.events import subjects as subj
from peerline_testing.actors import as_gateway

from .conftest import TEST_ACTOR_KEY, Directory

pytestmark = pytest.mark.integration
RPC_TIMEOUT = 10.0
R = TypeVar("R", bound=EventBase)
SUPERVISOR = Actor(consultant_id=uuid.uuid4(), alias="Sup", role="supervisor")
ADMIN = Actor(consultant_id=uuid.uuid4(), alias="Boss", role="admin")
CONSULTANT = Actor(consultant_id=uuid.uuid4(), alias="Peer", role="consultant")


async def ask(directory: Directory, subject: str, query: EventBase, reply: type[R]) -> R:
    signed = as_gateway(query, TEST_ACTOR_KEY)
    return await request(directory.bus, subject, signed, reply, timeout=RPC_TIMEOUT)


async def save(directory: Directory, actor: Actor = SUPERVISOR, **fields: Any) -> ConsultantSaved:
    command = SaveConsultant(actor=actor, **{"alias": "Olena", "languages": ("uk", "ru"), **fields})
    return await ask(directory, subj.RPC_DIRECTORY_MANAGE_SAVE_CONSULTANT, command, ConsultantSaved)


async def listed(directory: Directory, actor: Actor = SUPERVISOR) -> ConsultantsListed:
    return await ask(directory, subj.RPC_DIRECTORY_MANAGE_LIST_CONSULTANTS,
                     ListConsultants(actor=actor), ConsultantsListed)


async def shifts(directory: Directory, consultant_id: uuid.UUID) -> ShiftsListed:
    return await ask(directory, subj.RPC_DIRECTORY_MANAGE_LIST_SHIFTS,
                     ListShifts(actor=SUPERVISOR, consultant_id=consultant_id), ShiftsListed)


async def test_a_supervisor_adds_lists_and_deactivates_a_consultant(directory: Directory) -> None:
    saved = await save(directory, topics=("hiv",), capacity=4)
    assert saved.ok and saved.consultant is not None
    olena = saved.consultant
    assert (olena.alias, olena.languages, olena.topics, olena.capacity, olena.role, olena.active) == (
        "Olena", ("uk", "ru"), ("hiv",), 4, "consultant", True)

    assert [c.alias for c in (await listed(directory)).consultants] == ["Olena"]
    # The admin HTTP API sees the same row: one owner, two doors.
    assert (await directory.http.get(f"/admin/consultants/{olena.consultant_id}")).json()["alias"] == "Olena"

    gone = await ask(directory, subj.RPC_DIRECTORY_MANAGE_DEACTIVATE_CONSULTANT,
                     DeactivateConsultant(actor=SUPERVISOR, consultant_id=olena.consultant_id), CommandResult)
    assert gone.ok
    assert [c.active for c in (await listed(directory)).consultants] == [False]


async def test_bad_or_duplicate_input_is_a_clear_answer(directory: Directory) -> None:
    assert (await save(directory)).ok
    taken = await save(directory)
    assert (taken.ok, taken.error) == (False, "conflict")
    bad_zone = await save(directory, alias="Ivan", time_zone="Mars/Olympus")
    assert (bad_zone.ok, bad_zone.error) == (False, "invalid") and "time zone" in bad_zone.detail
    missing = await ask(directory, subj.RPC_DIRECTORY_MANAGE_DEACTIVATE_CONSULTANT,
                        DeactivateConsultant(actor=SUPERVISOR, consultant_id=uuid.uuid4()), CommandResult)
    assert (missing.ok, missing.error) == (False, "not_found")


async def test_only_supervisors_and_admins_manage(directory: Directory) -> None:
    refused = await save(directory, actor=CONSULTANT)
    assert (refused.ok, refused.error) == (False, "forbidden")
    assert (await listed(directory, CONSULTANT)).error == "forbidden"
    no_admin_from_supervisor = await save(directory, alias="Root", role="admin")
    assert no_admin_from_supervisor.error == "forbidden"
    assert (await save(directory, actor=ADMIN, alias="Root", role="admin")).ok
    assert [c.alias for c in (await listed(directory, ADMIN)).consultants] == ["Root"]


async def test_weekly_slots_and_overrides_are_added_listed_and_removed(directory: Directory) -> None:
    saved = await save(directory)
    assert saved.consultant is not None
    who = saved.consultant.consultant_id
    slot = AddShiftSlot(actor=SUPERVISOR, consultant_id=who, weekday=5, starts="22:00", ends="06:00")
    assert (await ask(directory, subj.RPC_DIRECTORY_MANAGE_ADD_SLOT, slot, CommandResult)).ok
    leave = AddShiftOverride(actor=SUPERVISOR, consultant_id=who, kind="leave",
                             starts=datetime(2026, 12, 24, 0, 0), ends=datetime(2026, 12, 27, 0, 0))
    assert (await ask(directory, subj.RPC_DIRECTORY_MANAGE_ADD_OVERRIDE, leave, CommandResult)).ok
    backwards = leave.model_copy(update={"starts": leave.ends, "ends": leave.starts})
    refused = await ask(directory, subj.RPC_DIRECTORY_MANAGE_ADD_OVERRIDE, backwards, CommandResult)
    assert (refused.ok, refused.error) == (False, "invalid")
    as_consultant = slot.model_copy(update={"actor": CONSULTANT})
    not_allowed = await ask(directory, subj.RPC_DIRECTORY_MANAGE_ADD_SLOT, as_consultant, CommandResult)
    assert not_allowed.error == "forbidden"

    listed_shifts = await shifts(directory, who)
    assert [(s.weekday, s.starts, s.ends) for s in listed_shifts.slots] == [(5, "22:00", "06:00")]
    assert [(o.kind, o.starts.day, o.ends.day) for o in listed_shifts.overrides] == [("leave", 24, 27)]

    removals = [
        (subj.RPC_DIRECTORY_MANAGE_REMOVE_SLOT,
         RemoveShiftSlot(actor=SUPERVISOR, slot_id=listed_shifts.slots[0].slot_id)),
        (subj.RPC_DIRECTORY_MANAGE_REMOVE_OVERRIDE,
         RemoveShiftOverride(actor=SUPERVISOR, override_id=listed_shifts.overrides[0].override_id)),
    ]
    for subject, command in removals:
        assert (await ask(directory, subject, command, CommandResult)).ok
        again = await ask(directory, subject, command, CommandResult)
        assert again.error == "not_found"
    emptied = await shifts(directory, who)
    assert (emptied.slots, emptied.overrides) == ((), ())
    assert (await shifts(directory, uuid.uuid4())).error == "not_found"


async def test_role_and_active_changes_are_announced_to_the_gateway(directory: Directory) -> None:
    """The directory owns role and active: each change goes out as ConsultantAccessChanged."""
    connection = directory.bus.connection
    assert connection is not None
    announced = await connection.subscribe(subj.CONSULTANT_ACCESS)
    olena = (await save(directory, role="supervisor")).consultant
    assert olena is not None
    demoted = await save(directory, consultant_id=olena.consultant_id, role="consultant")
    assert demoted.ok
    gone = await ask(directory, subj.RPC_DIRECTORY_MANAGE_DEACTIVATE_CONSULTANT,
                     DeactivateConsultant(actor=SUPERVISOR, consultant_id=olena.consultant_id), CommandResult)
    assert gone.ok
    first = ConsultantAccessChanged.model_validate_json((await announced.next_msg(timeout=RPC_TIMEOUT)).data)
    second = ConsultantAccessChanged.model_validate_json((await announced.next_msg(timeout=RPC_TIMEOUT)).data)
    assert (first.consultant_id, first.role, first.active) == (olena.consultant_id, "consultant", True)
    assert (second.consultant_id, second.role, second.active) == (olena.consultant_id, "consultant", False)
    await announced.unsubscribe()


@pytest.mark.parametrize("key", [None, b"a-guessed-key-0123456789abcdef"])
async def test_a_forged_admin_cannot_create_an_admin(directory: Directory, key: bytes | None) -> None:
    """Issue 18's reproduction: a `save_consultant` with `role: admin` written in the body by a
    process without the gateway's key is refused, and nobody is created."""
    command = SaveConsultant(actor=ADMIN, alias="Mallory", languages=("en",), role="admin")
    message = command if key is None else as_gateway(command, key)
    with pytest.raises(ActorNotVerified):
        await request(directory.bus, subj.RPC_DIRECTORY_MANAGE_SAVE_CONSULTANT, message, ConsultantSaved,
                      timeout=RPC_TIMEOUT)
    assert [c.alias for c in (await listed(directory)).consultants] == []
