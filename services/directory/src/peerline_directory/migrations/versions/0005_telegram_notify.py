"""consultants' Telegram notifications: when DMs come, lookup by Telegram user

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 22:20:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


# Plain ALTER TABLE, no SQLite batch: recreating the consultant table would cascade-delete
# every consultant's shifts.
def upgrade() -> None:
    op.add_column('directory_consultant', sa.Column('telegram_notify', sa.String(length=24), nullable=False,
                                                    server_default='on_shift'))
    op.create_index(op.f('ix_directory_consultant_telegram_user_id'), 'directory_consultant',
                    ['telegram_user_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_directory_consultant_telegram_user_id'), table_name='directory_consultant')
    op.drop_column('directory_consultant', 'telegram_notify')
