"""channel posts sent, by the gateway's delivery id

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 22:20:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import peerline_shared.db


revision: str = '0004'
down_revision: Union[str, Sequence[str], None] = '0003'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('telegram_channel_post',
    sa.Column('delivery_id', sa.Uuid(), nullable=False),
    sa.Column('chat_id', sa.String(length=40), nullable=False),
    sa.Column('message_id', sa.BigInteger(), nullable=True),
    sa.Column('started_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('delivery_id', name=op.f('pk_telegram_channel_post'))
    )


def downgrade() -> None:
    op.drop_table('telegram_channel_post')
