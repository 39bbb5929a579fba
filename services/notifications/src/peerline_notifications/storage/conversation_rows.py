"""The triaged path's conversations as plain rows: read with one Core SELECT, changed as
immutable values, written with one Core UPDATE (executemany) a batch.

A triaged batch used to load ORM `Conversation`s (their construction about a fifth of the
batch's CPU) and let the unit of work's flush write them (another fifth). Here the batch
reads its clients' latest conversations as `ConversationRow`s, the service returns a changed
copy of a row (`_replace`), and `write` sends one UPDATE per set of changed
columns (nearly always one) with only what changed, as the flush did, and `due_at` reset, as
`_reschedule_on_change` does for the ORM. A new conversation is one INSERT … ON CONFLICT DO
NOTHING (another replica's first message of the client may have opened it first).

Nothing else in the transaction reads these conversations through the ORM; the locks are the
same (`write_locks`: this batch's clients, so no other writer changes their rows meanwhile).
"""

from __future__ import annotations

import typing
import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import bindparam, func, select, update

from peerline_notifications.db import Core, dialect_of
from peerline_notifications.storage.models import OPEN_ROW, Conversation
from peerline_notifications.storage.repository import per_dialect


class ConversationRow(NamedTuple):
    """Every column of `notifications_conversation` with its model's type, in the table's order:
    `drift_from_model` checks that when this module is imported, so a column added to (or
    changed in) `Conversation` and not here stops the service and every test at once.

    A named tuple, not a frozen dataclass: as immutable, and built from a result row and
    copied with changes (`_replace`) about four to ten times faster (36 fields). Declared, not
    built from the table at import: the type checker reads each field's type only from here."""

    id: uuid.UUID
    client_id: str | None
    channel: str
    lang: str
    state: str
    urgency: str
    topics: list[str]
    signals: list[dict[str, Any]]
    consultant_id: uuid.UUID | None
    consultant_alias: str | None
    outcomes: list[str]
    version: int
    created_at: datetime
    opened_on: date
    waiting_since: datetime
    updated_at: datetime
    closed_at: datetime | None
    escalation_level: int
    offered_to: list[str]
    last_offered_at: datetime | None
    route_attempted_at: datetime | None
    queue_notice_sent_at: datetime | None
    after_hours_sent_at: datetime | None
    reply_due_since: datetime | None
    sla_breached: bool
    triage_corrected_at: datetime | None
    client_country: str | None
    client_region: str | None
    returning_client: bool
    first_aid_sent: bool
    first_reply_s: int | None
    client_messages: int
    consultant_messages: int
    specialist_kind: str | None
    referred_at: datetime | None
    due_at: datetime | None


def drift_from_model(row_type: type[tuple[Any, ...]], model: type[Any]) -> list[str]:
    """How `row_type` differs from `model`'s columns (names, order, Python types); [] if not."""
    columns = [column.name for column in model.__table__.columns]
    fields: tuple[str, ...] = getattr(row_type, "_fields", ())
    if tuple(columns) != fields:
        missing, extra = set(columns) - set(fields), set(fields) - set(columns)
        return [f"columns differ: missing {sorted(missing)}, extra {sorted(extra)} (or order)"]
    mapped, declared = typing.get_type_hints(model), typing.get_type_hints(row_type)
    return [
        f"{name}: {declared[name]} in the row, {typing.get_args(mapped[name])[0]} in the model"
        for name in fields
        if typing.get_args(mapped[name])[0] != declared[name]
    ]


if drifted := drift_from_model(ConversationRow, Conversation):
    raise TypeError(f"ConversationRow no longer matches Conversation: {'; '.join(drifted)}")

_TABLE = Conversation.__table__
FIELDS = ConversationRow._fields
_SELECTED = tuple(_TABLE.c[name] for name in FIELDS)
# Statements built once: SQLAlchemy then computes each one's cache key once, not per batch.
_NEWEST = (
    select(_TABLE.c.client_id, func.max(_TABLE.c.updated_at).label("at"))
    .where(_TABLE.c.client_id.in_(bindparam("clients", expanding=True)))
    .group_by(_TABLE.c.client_id)
    .subquery()
)
_LATEST_OF_CLIENTS = select(*_SELECTED).select_from(
    _TABLE.join(_NEWEST, (_TABLE.c.client_id == _NEWEST.c.client_id) & (_TABLE.c.updated_at == _NEWEST.c.at))
)
_OPEN = per_dialect(
    lambda insert_: (
        insert_(_TABLE)
        .on_conflict_do_nothing(index_elements=[_TABLE.c.client_id], index_where=OPEN_ROW)
        .returning(_TABLE.c.id)
    )
)
# No `.values()`: the SET clause is the parameters' keys (one compiled form per set of columns).
_UPDATE_BY_ID = update(_TABLE).where(_TABLE.c.id == bindparam("row_id"))


class ConversationRows:
    """One transaction's conversations of the triaged path: read, staged, written."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self._latest: dict[str, ConversationRow | None] = {}
        """Each client's latest conversation as this transaction now has it (None: none yet)."""
        self._written: dict[uuid.UUID, ConversationRow] = {}
        """Each row as the database has it (read, or inserted), to write only what changed."""
        self._staged: dict[uuid.UUID, ConversationRow] = {}

    async def preload_latest_for_clients(self, client_ids: Sequence[str]) -> None:
        """One query for a batch of messages instead of one per message."""
        wanted = [client_id for client_id in dict.fromkeys(client_ids) if client_id not in self._latest]
        if not wanted:
            return
        self._latest.update(dict.fromkeys(wanted))
        for row in await self._read(_LATEST_OF_CLIENTS, {"clients": wanted}):
            self._latest[str(row.client_id)] = row

    async def latest_for_client(self, client_id: str) -> ConversationRow | None:
        if client_id not in self._latest:
            query = select(*_SELECTED).where(_TABLE.c.client_id == client_id)
            found = await self._read(query.order_by(_TABLE.c.updated_at.desc()).limit(1))
            self._latest[client_id] = found[0] if found else None
        return self._latest[client_id]

    async def open_for_client(self, client_id: str) -> ConversationRow | None:
        """The client's open conversation (at most one: the partial unique index)."""
        found = await self._read(select(*_SELECTED).where(_TABLE.c.client_id == client_id, OPEN_ROW))
        if found:
            self._latest[client_id] = found[0]
        return found[0] if found else None

    async def open(self, row: ConversationRow) -> bool:
        """Insert a new conversation, unless its client has an open one already (another
        replica opened it first: the partial unique index refuses a second). True if inserted."""
        statement = _OPEN[dialect_of(self.core)]
        if (await self.core.execute(statement, row._asdict())).scalar_one_or_none() is None:
            return False
        self._written[row.id] = row
        self._note_latest(row)
        return True

    def stage(self, row: ConversationRow) -> None:
        """The row as it now is; written by `write`, read by this transaction from now on."""
        self._staged[row.id] = row
        self._note_latest(row)

    async def write(self) -> None:
        """The staged rows' changed columns: one UPDATE, executemany, per set of columns."""
        batches: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row_id, row in self._staged.items():
            before = self._written[row_id]
            changed = {name: new for name, new, old in zip(FIELDS, row, before, strict=True) if new != old}
            if not changed:
                continue
            changed["due_at"] = None  # the SLA loop schedules it afresh (`_reschedule_on_change`)
            batches.setdefault(tuple(changed), []).append({"row_id": row_id, **changed})
            self._written[row_id] = row._replace(due_at=None)
        self._staged.clear()
        for rows in batches.values():
            await self.core.execute(_UPDATE_BY_ID, rows)

    def _note_latest(self, row: ConversationRow) -> None:
        if row.client_id is not None and row.client_id in self._latest:
            self._latest[row.client_id] = row

    async def _read(self, query: Any, params: dict[str, Any] | None = None) -> list[ConversationRow]:
        rows = [ConversationRow._make(values) for values in await self.core.execute(query, params)]
        for row in rows:
            self._written.setdefault(row.id, row)
        # A row this transaction changed is read as it changed it (the UPDATE waits for `write`).
        return [self._staged.get(row.id, row) for row in rows]
