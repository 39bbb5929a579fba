"""triage corrections

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 13:10:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import peerline_shared.db


# revision identifiers, used by Alembic.
revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table('notifications_triage_correction',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('conversation_id', sa.Uuid(), nullable=False),
    sa.Column('corrected_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('consultant_id', sa.String(length=64), nullable=False),
    sa.Column('consultant_alias', sa.String(length=64), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('triaged_urgency', sa.String(length=16), nullable=False),
    sa.Column('triaged_topics', sa.JSON(), nullable=False),
    sa.Column('urgency', sa.String(length=16), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('texts', sa.JSON(none_as_null=True), nullable=True),
    sa.ForeignKeyConstraint(['conversation_id'], ['notifications_conversation.id'], name=op.f('fk_notifications_triage_correction_conversation_id_notifications_conversation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications_triage_correction'))
    )
    with op.batch_alter_table('notifications_triage_correction', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notifications_triage_correction_conversation_id'), ['conversation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_triage_correction_corrected_at'), ['corrected_at'], unique=False)

    with op.batch_alter_table('notifications_conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('triage_corrected_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_notifications_conversation_created_at'), ['created_at'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('notifications_conversation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_conversation_created_at'))
        batch_op.drop_column('triage_corrected_at')

    with op.batch_alter_table('notifications_triage_correction', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_triage_correction_corrected_at'))
        batch_op.drop_index(batch_op.f('ix_notifications_triage_correction_conversation_id'))
    op.drop_table('notifications_triage_correction')
