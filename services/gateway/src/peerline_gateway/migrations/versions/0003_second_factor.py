"""second factor

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 17:00:00

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import peerline_shared.db


revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table('gateway_second_factor',
    sa.Column('consultant_id', sa.Uuid(), nullable=False),
    sa.Column('totp_secret', sa.String(length=64), nullable=False),
    sa.Column('recovery_hashes', sa.JSON(), nullable=False),
    sa.Column('enrolled_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consultant_id'], ['gateway_account.consultant_id'], name=op.f('fk_gateway_second_factor_consultant_id_gateway_account'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('consultant_id', name=op.f('pk_gateway_second_factor'))
    )


def downgrade() -> None:
    op.drop_table('gateway_second_factor')
