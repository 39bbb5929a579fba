"""a conversation keeps the local day it opened on (indexed), for reports

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 06:10:00.000000

Reports group conversations by this day and add days up to weeks and months, rather than
working out each row's period from `created_at`. Existing conversations get the day of their
`created_at` in the report time zone configured now (`PEERLINE_NOTIFICATIONS_REPORT_TIME_ZONE`).
"""
from datetime import datetime, timedelta, timezone
from typing import Sequence, Union
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa

from peerline_notifications.settings import ReportZoneSettings


# revision identifiers, used by Alembic.
revision: str = '0011'
down_revision: Union[str, Sequence[str], None] = '0010'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TABLE = 'notifications_conversation'
STEP = timedelta(minutes=15)  # every UTC offset and change of offset in use falls on a quarter hour
SQLITE_TIME = '%Y-%m-%d %H:%M:%S.%f'  # how SQLAlchemy stores a datetime in SQLite


def upgrade() -> None:
    """Upgrade schema."""
    # Plain ADD COLUMN (see 0008): a SQLite batch would recreate the table and cascade to the
    # messages. SQLite cannot drop the placeholder default afterwards; nothing relies on it
    # (a conversation is opened with its day).
    op.add_column(TABLE, sa.Column('opened_on', sa.Date(), nullable=False, server_default='1970-01-01'))
    zone = ReportZoneSettings().report_zone()
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(sa.text(f"UPDATE {TABLE} SET opened_on = (created_at AT TIME ZONE :zone)::date")
                   .bindparams(zone=zone.key))
        op.alter_column(TABLE, 'opened_on', server_default=None)
    else:
        _backfill_by_offset(zone)
    op.create_index(op.f('ix_notifications_conversation_opened_on'), TABLE, ['opened_on'], unique=False)


def _backfill_by_offset(zone: ZoneInfo) -> None:
    """SQLite knows no time zones: one UPDATE per stretch of time with one UTC offset (a few
    a year), each shifting `created_at` by that offset."""
    bind = op.get_bind()
    first, last = bind.execute(sa.text(f"SELECT min(created_at), max(created_at) FROM {TABLE}")).one()
    if first is None:
        return
    for start, end, offset in _offset_spans(zone, _parsed(first), _parsed(last)):
        bind.execute(
            sa.text(f"UPDATE {TABLE} SET opened_on = date(created_at, :shift) "
                    "WHERE created_at >= :start AND created_at < :end"),
            {"shift": f"{int(offset.total_seconds()):+d} seconds",
             "start": start.strftime(SQLITE_TIME), "end": end.strftime(SQLITE_TIME)},
        )


def _parsed(stored: str) -> datetime:
    return datetime.fromisoformat(stored).replace(tzinfo=None)


def _offset_spans(zone: ZoneInfo, first: datetime, last: datetime) -> list[tuple[datetime, datetime, timedelta]]:
    """[start, end) in naive UTC, each with the one offset `zone` has through it, covering
    first..last."""
    at = first.replace(minute=first.minute - first.minute % 15, second=0, microsecond=0)
    spans: list[tuple[datetime, datetime, timedelta]] = []
    start, offset = at, _offset(zone, at)
    while at <= last:
        at += STEP
        now = _offset(zone, at)
        if now != offset or at > last:
            spans.append((start, at, offset))
            start, offset = at, now
    return spans


def _offset(zone: ZoneInfo, at: datetime) -> timedelta:
    return at.replace(tzinfo=timezone.utc).astimezone(zone).utcoffset() or timedelta(0)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(op.f('ix_notifications_conversation_opened_on'), table_name=TABLE)
    op.drop_column(TABLE, 'opened_on')
