"""figures kept for reports (returning client, first aid sent, seconds to the first reply,
messages by the client and by consultants) and the index reports count transfers with

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 22:20:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0008'
down_revision: Union[str, Sequence[str], None] = '0007'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

conversation = sa.table(
    'notifications_conversation',
    sa.column('id'), sa.column('client_id'), sa.column('created_at'),
    sa.column('returning_client', sa.Boolean), sa.column('first_reply_s', sa.Integer),
    sa.column('client_messages', sa.Integer), sa.column('consultant_messages', sa.Integer),
)
message = sa.table('notifications_message', sa.column('conversation_id'), sa.column('author'), sa.column('at'))


def upgrade() -> None:
    """Upgrade schema."""
    # Plain ADD COLUMN, not a batch: on SQLite a batch recreates the table, and dropping the
    # old one would cascade to every message (foreign keys are on).
    op.add_column('notifications_conversation', sa.Column('returning_client', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('notifications_conversation', sa.Column('first_aid_sent', sa.Boolean(), nullable=False, server_default=sa.false()))
    op.add_column('notifications_conversation', sa.Column('first_reply_s', sa.Integer(), nullable=True))
    op.add_column('notifications_conversation', sa.Column('client_messages', sa.Integer(), nullable=False, server_default='0'))
    op.add_column('notifications_conversation', sa.Column('consultant_messages', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('notifications_audit', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_audit_action_at', ['action', 'at'], unique=False)
    _backfill()


def _backfill() -> None:
    # Conversations from before this revision: returning when the same pseudonym opened an
    # earlier one; seconds to the first consultant reply from the messages still stored.
    # Whether first aid was sent was never recorded here, so it stays false for them.
    earlier = conversation.alias('earlier')
    op.execute(
        conversation.update()
        .where(
            sa.exists().where(
                earlier.c.client_id == conversation.c.client_id,
                earlier.c.created_at < conversation.c.created_at,
            )
        )
        .values(returning_client=sa.true())
    )
    for author, column in (('client', 'client_messages'), ('consultant', 'consultant_messages')):
        written = (
            sa.select(sa.func.count())
            .where(message.c.conversation_id == conversation.c.id, message.c.author == author)
            .scalar_subquery()
        )
        op.execute(conversation.update().values({column: written}))
    bind = op.get_bind()
    first = (
        sa.select(message.c.conversation_id, sa.func.min(message.c.at))
        .where(message.c.author == 'consultant')
        .group_by(message.c.conversation_id)
    )
    opened = dict(bind.execute(sa.select(conversation.c.id, conversation.c.created_at)).all())
    for conversation_id, first_at in bind.execute(first).all():
        created = opened.get(conversation_id)
        if created is None or first_at is None:
            continue
        seconds = _seconds_between(created, first_at)
        bind.execute(
            conversation.update().where(conversation.c.id == conversation_id).values(first_reply_s=seconds)
        )


def _seconds_between(start: object, end: object) -> int:
    from datetime import datetime

    def as_datetime(value: object) -> datetime:
        parsed = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
        return parsed.replace(tzinfo=None) if parsed.tzinfo is None else parsed

    begin, finish = as_datetime(start), as_datetime(end)
    if (begin.tzinfo is None) != (finish.tzinfo is None):
        begin, finish = begin.replace(tzinfo=None), finish.replace(tzinfo=None)
    return max(0, int((finish - begin).total_seconds()))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('notifications_audit', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_audit_action_at')
    # Plain DROP COLUMN (SQLite 3.35+), for the reason given in upgrade().
    for name in ('consultant_messages', 'client_messages', 'first_reply_s', 'first_aid_sent', 'returning_client'):
        op.drop_column('notifications_conversation', name)
