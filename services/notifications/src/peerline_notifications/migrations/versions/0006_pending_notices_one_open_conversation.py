"""pending consultant notices in a table; one open conversation per client

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 22:10:00.000000

Replicas share nothing in memory: the notices waiting for their batch move to a table (the
leader batches them). A partial unique index lets only one open conversation per client
exist, whichever replica handles the client's first message. Should an older database hold
two open conversations of one client, the older ones are closed first (the newest stays).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import peerline_shared.db


# revision identifiers, used by Alembic.
revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

OPEN_ROW = sa.text("state <> 'closed'")


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('notifications_pending_notice',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('consultant_ids', sa.JSON(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('conversation_id', sa.Uuid(), nullable=True),
    sa.Column('urgency', sa.String(length=16), nullable=True),
    sa.Column('created_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications_pending_notice'))
    )
    _close_duplicate_open_conversations()
    op.create_index('uq_notifications_conversation_open_client', 'notifications_conversation', ['client_id'],
                    unique=True, sqlite_where=OPEN_ROW, postgresql_where=OPEN_ROW)


def _close_duplicate_open_conversations() -> None:
    op.execute(
        "UPDATE notifications_conversation SET state = 'closed', closed_at = updated_at "
        "WHERE state <> 'closed' AND client_id IS NOT NULL AND EXISTS ("
        "SELECT 1 FROM notifications_conversation newer WHERE newer.client_id = "
        "notifications_conversation.client_id AND newer.state <> 'closed' AND "
        "(newer.updated_at > notifications_conversation.updated_at OR (newer.updated_at = "
        "notifications_conversation.updated_at AND newer.id > notifications_conversation.id)))"
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index('uq_notifications_conversation_open_client', table_name='notifications_conversation')
    op.drop_table('notifications_pending_notice')
