"""a reply the channel could not deliver is marked with the reason

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 22:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0009'
down_revision: Union[str, Sequence[str], None] = '0008'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # Plain ALTER TABLE: a SQLite batch would recreate the table (see 0006).
    op.add_column('notifications_message', sa.Column('not_delivered', sa.String(length=200), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_column('notifications_message', 'not_delivered')
