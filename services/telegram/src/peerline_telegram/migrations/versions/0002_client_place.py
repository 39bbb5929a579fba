"""where the client said they are, encrypted beside the chat id; when they were asked

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 22:30:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import peerline_shared.db


# revision identifiers, used by Alembic.
revision: str = '0002'
down_revision: Union[str, Sequence[str], None] = '0001'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table('telegram_identity', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place_ciphertext', sa.LargeBinary(length=64), nullable=True))
        batch_op.add_column(sa.Column('place_offered_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table('telegram_identity', schema=None) as batch_op:
        batch_op.drop_column('place_offered_at')
        batch_op.drop_column('place_ciphertext')
