"""consultants' Telegram notifications: when DMs come, lookup by Telegram user

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 22:20:00

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
    with op.batch_alter_table('directory_consultant') as batch:
        batch.add_column(sa.Column('telegram_notify', sa.String(length=24), nullable=False,
                                   server_default='on_shift'))
        batch.create_index(batch.f('ix_directory_consultant_telegram_user_id'), ['telegram_user_id'])


def downgrade() -> None:
    with op.batch_alter_table('directory_consultant') as batch:
        batch.drop_index(batch.f('ix_directory_consultant_telegram_user_id'))
        batch.drop_column('telegram_notify')
