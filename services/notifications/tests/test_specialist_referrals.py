"""Referral to specialists through the service, with a fake directory and a clock the test
moves: keep or release, the hand-over to a specialist, the kind's queue left out of routing
and escalation, and what the client is told in their language."""

from __future__ import annotations

import uuid
from datetime import timedelta

from peerline_notifications.conversations import commands
from peerline_notifications.conversations.handlers import command, on_claim, on_refer
from peerline_notifications.deps import Deps
from peerline_notifications.sla.service import tick
from peerline_shared.events import (
    ClaimConversation,
    CloseConversation,
    ReferToSpecialist,
    SpecialistKindView,
    SpecialistsListed,
    SpecialistView,
)

from .conftest import FakeClock, FakeDirectory, RecordingPublisher, triaged
from .support import actor, audit_actions, claim, receive, reload

LEV = SpecialistView(consultant_id=uuid.uuid4(), alias="Lev", kinds=("lawyer",))
KINDS = (SpecialistKindView(key="lawyer", label="Lawyer"), SpecialistKindView(key="doctor", label="Doctor"))


def with_lawyer(directory: FakeDirectory, deps: Deps, *, in_hours: float | None) -> None:
    soon = deps.clock() + timedelta(hours=in_hours) if in_hours is not None else None
    lev = LEV.model_copy(update={"next_available_at": soon})
    directory.specialists_listed = SpecialistsListed(kinds=KINDS, specialists=(lev,))


async def test_released_it_waits_for_lawyers_unrouted_and_unescalated(
    deps: Deps, directory: FakeDirectory, publisher: RecordingPublisher, clock: FakeClock
) -> None:
    olena = directory.candidates[0]
    with_lawyer(directory, deps, in_hours=30)
    conversation = await receive(deps, triaged("мене затримала поліція", lang="uk", topics=("legal",)))
    assert (await claim(deps, conversation.id, olena)).ok

    refer = ReferToSpecialist(conversation_id=conversation.id, actor=actor(olena), kind="lawyer")
    result = await on_refer(deps, refer)
    assert result.ok and "days 2" in result.detail
    row = await reload(deps, conversation.id)
    assert (row.state, row.consultant_id, row.specialist_kind) == ("queued", None, "lawyer")
    told = publisher.of_type("outbound.message.requested")[-1]
    assert told.kind == "specialist_referral" and "юриста" in told.text and "2 дн." in told.text  # type: ignore[attr-defined]
    notice = publisher.of_type("consultant.notified")[-1]
    assert notice.kind == "specialist_referral" and notice.consultant_ids == (LEV.consultant_id,)  # type: ignore[attr-defined]

    offers_before = len(publisher.of_type("conversation.offered"))
    clock.advance(hours=3)  # long past every SLA of a normal conversation
    await tick(deps)
    await deps.settle()
    assert len(publisher.of_type("conversation.offered")) == offers_before
    assert publisher.of_type("conversation.escalated") == []
    assert "escalated" not in await audit_actions(deps, conversation.id)


async def test_kept_it_stays_with_the_peer_until_a_lawyer_takes_it_over(
    deps: Deps, directory: FakeDirectory, publisher: RecordingPublisher
) -> None:
    olena, taras = directory.candidates
    with_lawyer(directory, deps, in_hours=0)
    conversation = await receive(deps, triaged("потрібен юрист", lang="ru", topics=("legal",)))
    await claim(deps, conversation.id, olena)
    keep = ReferToSpecialist(conversation_id=conversation.id, actor=actor(olena), kind="lawyer", keep=True)
    assert (await on_refer(deps, keep)).ok
    assert (await on_refer(deps, keep)).ok  # a repeat changes nothing
    row = await reload(deps, conversation.id)
    assert (row.state, row.consultant_alias, row.specialist_kind) == ("active", "Olena", "lawyer")
    assert "сейчас на связи" in publisher.of_type("outbound.message.requested")[-1].text  # type: ignore[attr-defined]

    not_lawyer = await on_claim(deps, ClaimConversation(conversation_id=conversation.id, actor=actor(taras)))
    assert not_lawyer.error == "not_specialist"
    lev = actor(LEV)  # type: ignore[arg-type]
    taken = await on_claim(deps, ClaimConversation(conversation_id=conversation.id, actor=lev))
    assert taken.ok and taken.holder_alias == "Lev"
    row = await reload(deps, conversation.id)
    assert (row.state, row.consultant_alias, row.specialist_kind) == ("active", "Lev", None)
    handed = publisher.of_type("consultant.notified")[-1]
    assert handed.kind == "taken" and handed.consultant_ids == (olena.consultant_id,)  # type: ignore[attr-defined]
    assert (await audit_actions(deps, conversation.id)).count("referred") == 1


async def test_refusals(deps: Deps, directory: FakeDirectory) -> None:
    olena, taras = directory.candidates
    with_lawyer(directory, deps, in_hours=None)
    conversation = await receive(deps, triaged())
    unclaimed = ReferToSpecialist(conversation_id=conversation.id, actor=actor(olena), kind="lawyer")
    assert (await on_refer(deps, unclaimed)).error == "not_claimed"
    await claim(deps, conversation.id, olena)
    by_other = ReferToSpecialist(conversation_id=conversation.id, actor=actor(taras), kind="lawyer")
    assert (await on_refer(deps, by_other)).error == "not_yours"
    unknown = ReferToSpecialist(conversation_id=conversation.id, actor=actor(olena), kind="astrologer")
    assert (await on_refer(deps, unknown)).error == "unknown_kind"
    nobody = ReferToSpecialist(conversation_id=conversation.id, actor=actor(olena), kind="doctor")
    result = await on_refer(deps, nobody)
    assert result.ok and "no specialist of this kind" in result.detail
    directory.silent = True
    assert (await on_refer(deps, unclaimed)).error == "directory_unavailable"


async def test_closing_ends_the_referral(deps: Deps, directory: FakeDirectory) -> None:
    olena = directory.candidates[0]
    with_lawyer(directory, deps, in_hours=2)
    conversation = await receive(deps, triaged(client="closing"))
    await claim(deps, conversation.id, olena)
    keep = ReferToSpecialist(conversation_id=conversation.id, actor=actor(olena), kind="lawyer", keep=True)
    assert (await on_refer(deps, keep)).ok
    close = CloseConversation(conversation_id=conversation.id, actor=actor(olena), outcomes=("resolved",))
    assert (await command(deps, lambda tx: commands.close(tx, close))).ok
    reopened = await receive(deps, triaged("ще питання", client="closing"))
    assert reopened.id == conversation.id and reopened.specialist_kind is None
