"""The transactional outbox: every event is written with its change, published after the
commit, and forgotten by the sweep once JetStream has it; what failed is published again."""

from __future__ import annotations

from sqlalchemy import func, select

from peerline_notifications.conversations.handlers import on_triaged_batch
from peerline_notifications.deps import Deps
from peerline_notifications.loops import OUTBOX_GRACE, sweep_outbox
from peerline_notifications.outbox.models import OutboxEvent
from peerline_shared.events import EventBase

from .conftest import FakeClock, RecordingPublisher, triaged


async def _outbox_rows(deps: Deps) -> int:
    async with deps.sessions() as session:
        return int((await session.execute(select(func.count()).select_from(OutboxEvent))).scalar_one())


async def test_published_rows_are_forgotten_by_the_sweep_not_sent_again(
    deps: Deps, publisher: RecordingPublisher, clock: FakeClock
) -> None:
    await on_triaged_batch(deps, [triaged(client=f"client-{n}") for n in range(3)])
    await deps.settle()
    sent = len(publisher.published)
    assert sent >= 3 and await _outbox_rows(deps) == sent, "kept until the sweep: no DELETE per transaction"

    clock.advance(seconds=OUTBOX_GRACE.total_seconds() + 1)
    assert await sweep_outbox(deps) == 0, "nothing published again"
    assert await _outbox_rows(deps) == 0 and len(publisher.published) == sent


class FailingOnce(RecordingPublisher):
    failures_left: int = 1

    async def publish_event(self, event: EventBase, subject: str) -> None:
        if self.failures_left:
            self.failures_left -= 1
            raise ConnectionError("NATS is away")
        await super().publish_event(event, subject)


async def test_an_event_that_failed_to_publish_is_sent_by_the_sweep(
    make_deps, sqlite_engine, clock: FakeClock
) -> None:  # type: ignore[no-untyped-def]
    publisher = FailingOnce()
    deps: Deps = make_deps(sqlite_engine)
    deps.publisher = deps.relay.publisher = publisher
    await on_triaged_batch(deps, [triaged(client="alone")])
    await deps.settle()
    clock.advance(seconds=OUTBOX_GRACE.total_seconds() + 1)

    assert await sweep_outbox(deps) == 1
    assert publisher.of_type("conversation.queued"), "the failed event went out on the sweep"
    assert await sweep_outbox(deps) == 0 and await _outbox_rows(deps) == 0
