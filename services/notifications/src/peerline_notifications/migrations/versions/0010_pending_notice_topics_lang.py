"""a pending notice keeps its conversation's topics, language and waiting time, so the batched
DM says them as an immediate one does

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 06:00:00.000000

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import peerline_shared.db


# revision identifiers, used by Alembic.
revision: str = '0010'
down_revision: Union[str, Sequence[str], None] = '0009'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    # Plain ALTER TABLE (see 0006). Notices already pending keep no topics and no language:
    # their batch goes out within seconds, as before, with kind, urgency and link.
    op.add_column('notifications_pending_notice', sa.Column('topics', sa.JSON(), nullable=False, server_default='[]'))
    op.add_column('notifications_pending_notice', sa.Column('lang', sa.String(length=2), nullable=True))
    op.add_column('notifications_pending_notice', sa.Column('waiting_since', peerline_shared.db.UtcDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    for column in ('waiting_since', 'lang', 'topics'):
        op.drop_column('notifications_pending_notice', column)
