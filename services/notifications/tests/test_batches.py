"""Triaged messages applied in batches: one transaction for many, the same outcome as one by one
(the batch consumer itself is tested in shared/tests/test_consumers.py)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine

from peerline_notifications.audit.verify import verify_stored_chain
from peerline_notifications.conversations.handlers import on_triaged_batch
from peerline_notifications.deps import Deps
from peerline_notifications.storage.models import Conversation, Message

from .conftest import FakeDirectory, RecordingPublisher, triaged


async def _count(deps: Deps, model: type[object]) -> int:
    async with deps.sessions() as session:
        return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_a_batch_with_repeats_and_one_client_writing_thrice(
    make_deps, any_engine: AsyncEngine, publisher: RecordingPublisher, directory: FakeDirectory
) -> None:  # type: ignore[no-untyped-def]
    deps: Deps = make_deps(any_engine)
    first, second, third = (triaged(f"message {n}", client="same") for n in range(3))
    others = [triaged(client=f"other-{n}") for n in range(5)]
    await on_triaged_batch(deps, [first, *others, second, first, third])
    await on_triaged_batch(deps, [second, *others])  # a redelivered batch changes nothing
    await deps.settle()

    assert await _count(deps, Conversation) == 6
    assert await _count(deps, Message) == 8
    queued = publisher.of_type("conversation.queued")
    assert len(queued) == 6 and len({event.event_id for event in queued}) == 6
    assert len(publisher.of_type("conversation.updated")) == 2
    assert len(publisher.of_type("conversation.offered")) == 6
    assert len(directory.asked) == 1, "one question for six conversations alike"
    async with deps.sessions() as session:
        count, problems = await verify_stored_chain(session)
    assert problems == [] and count == 12  # queued + offered for each conversation
