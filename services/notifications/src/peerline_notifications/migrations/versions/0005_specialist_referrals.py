"""a conversation referred to a kind of specialist

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 22:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import peerline_shared.db


# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('notifications_conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('specialist_kind', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('referred_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=True))
        batch_op.create_index(batch_op.f('ix_notifications_conversation_specialist_kind'), ['specialist_kind'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('notifications_conversation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_conversation_specialist_kind'))
        batch_op.drop_column('referred_at')
        batch_op.drop_column('specialist_kind')
