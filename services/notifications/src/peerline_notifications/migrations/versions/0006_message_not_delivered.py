"""a reply the channel could not deliver is marked with the reason

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 22:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0006'
down_revision: Union[str, Sequence[str], None] = '0005'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('notifications_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('not_delivered', sa.String(length=200), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('notifications_message', schema=None) as batch_op:
        batch_op.drop_column('not_delivered')
