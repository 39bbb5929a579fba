"""where the client said they are, on the conversation

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 19:10:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('notifications_conversation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_country', sa.String(length=2), nullable=True))
        batch_op.add_column(sa.Column('client_region', sa.String(length=6), nullable=True))
        batch_op.create_index(batch_op.f('ix_notifications_conversation_client_country'), ['client_country'], unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('notifications_conversation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_conversation_client_country'))
        batch_op.drop_column('client_region')
        batch_op.drop_column('client_country')
