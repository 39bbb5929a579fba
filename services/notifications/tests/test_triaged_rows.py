"""The triaged path's conversations as plain rows: set-based statements, the same facts as the
ORM wrote (storage/conversation_rows.py)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, NamedTuple, get_type_hints

from sqlalchemy import event, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from peerline_notifications.conversations.handlers import on_triaged_batch
from peerline_notifications.deps import Deps
from peerline_notifications.storage.conversation_rows import FIELDS, ConversationRow, drift_from_model
from peerline_notifications.storage.models import Conversation

from .conftest import triaged
from .support import receive


def test_a_row_has_every_column_of_the_table_in_its_order() -> None:
    assert tuple(column.name for column in Conversation.__table__.columns) == FIELDS
    assert drift_from_model(ConversationRow, Conversation) == []


def test_a_row_that_lacks_a_column_or_types_one_otherwise_is_told_apart() -> None:
    missing = NamedTuple("Missing", [(name, Any) for name in FIELDS[:-1]])
    retyped = NamedTuple("Retyped", [
        (name, str if name == "version" else hint) for name, hint in get_type_hints(ConversationRow).items()
    ])

    assert drift_from_model(missing, Conversation) == [
        "columns differ: missing ['due_at'], extra [] (or order)"
    ]
    assert drift_from_model(retyped, Conversation) == [
        "version: <class 'str'> in the row, <class 'int'> in the model"
    ]


async def test_a_batch_reads_its_conversations_once_and_updates_them_in_one_statement(
    make_deps,
    any_engine: AsyncEngine,  # type: ignore[no-untyped-def]
) -> None:
    deps: Deps = make_deps(any_engine)
    clients = [f"steady-{n}" for n in range(4)]
    opened = [await receive(deps, triaged(client=client)) for client in clients]
    later = opened[0].updated_at + timedelta(hours=1)
    async with deps.sessions() as session, session.begin():  # scheduled by the SLA loop
        await session.execute(update(Conversation).values(due_at=later))
    statements: list[tuple[str, int]] = []

    def seen(_conn: Any, _cursor: Any, sql: str, params: Any, _context: Any, many: bool) -> None:
        if "notifications_conversation" in sql:
            statements.append((sql.split()[0].upper(), len(params) if many else 1))

    event.listen(any_engine.sync_engine, "before_cursor_execute", seen)
    try:
        await on_triaged_batch(deps, [triaged("ще", client=client) for client in [*clients, clients[0]]])
    finally:
        event.remove(any_engine.sync_engine, "before_cursor_execute", seen)
    await deps.settle()

    assert statements == [("SELECT", 1), ("UPDATE", 4)]
    async with deps.sessions() as session:
        query = select(Conversation).where(Conversation.id.in_([c.id for c in opened]))
        after = {c.id: c for c in (await session.execute(query)).scalars()}
    for before in opened:
        now = after[before.id]
        assert now.client_messages == (3 if before.id == opened[0].id else 2)
        assert now.version == before.version + (2 if before.id == opened[0].id else 1)
        assert now.due_at is None, "changed: the SLA loop schedules it afresh"
        assert (now.state, now.urgency, now.offered_to) == (before.state, before.urgency, before.offered_to)


async def test_a_raised_urgency_and_a_plain_message_in_one_batch(
    make_deps,
    any_engine: AsyncEngine,  # type: ignore[no-untyped-def]
) -> None:
    deps: Deps = make_deps(any_engine)
    calm, worried = [await receive(deps, triaged(client=client)) for client in ("calm", "worried")]
    await on_triaged_batch(
        deps, [triaged("ок", client="calm"), triaged("мені погано", client="worried", urgency="high")]
    )
    await deps.settle()
    async with deps.sessions() as session:
        rows = {c.client_id: c for c in (await session.execute(select(Conversation))).scalars()}
    assert rows[calm.client_id].urgency == "normal" and rows[calm.client_id].client_messages == 2
    assert rows[worried.client_id].urgency == "high" and rows[worried.client_id].client_messages == 2
