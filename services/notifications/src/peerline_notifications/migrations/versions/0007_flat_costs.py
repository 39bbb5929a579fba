"""flat costs: the SLA loop's next moment per conversation (indexed); the audit checkpoint

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 22:20:00.000000

The SLA tick read every open conversation every 2 seconds; it now reads those whose `due_at`
has come (and those changed since it last scheduled them: `due_at` NULL, which is what every
existing row starts as). The console's audit query verified the whole chain on every call; it
now verifies from the last record it found intact (`notifications_audit_checkpoint`).
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

import peerline_shared.db


# revision identifiers, used by Alembic.
revision: str = '0007'
down_revision: Union[str, Sequence[str], None] = '0006'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('notifications_conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.create_index('ix_notifications_conversation_state_due', ['state', 'due_at'], unique=False)
        batch_op.create_index('ix_notifications_conversation_state_urgency_waiting',
                              ['state', 'urgency', 'waiting_since'], unique=False)
    op.create_table('notifications_audit_checkpoint',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('record_hash', sa.String(length=64), nullable=False),
    sa.Column('verified_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications_audit_checkpoint'))
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table('notifications_audit_checkpoint')
    with op.batch_alter_table('notifications_conversation', schema=None) as batch_op:
        batch_op.drop_index('ix_notifications_conversation_state_urgency_waiting')
        batch_op.drop_index('ix_notifications_conversation_state_due')
        batch_op.drop_column('due_at')
