"""specialist kinds and specialists

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 22:20:00

"""
from datetime import UTC, datetime
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
import peerline_shared.db


revision: str = '0003'
down_revision: Union[str, Sequence[str], None] = '0002'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

# The kinds every organisation starts with (DEFAULT_SPECIALIST_KINDS); supervisors add more.
DEFAULT_KINDS = (
    ("lawyer", "Lawyer"),
    ("psychologist", "Psychologist"),
    ("doctor", "Doctor (HIV, TB, hepatitis)"),
    ("social_worker", "Social worker"),
)


def upgrade() -> None:
    kinds = op.create_table('directory_specialist_kind',
    sa.Column('key', sa.String(length=32), nullable=False),
    sa.Column('label', sa.String(length=64), nullable=False),
    sa.Column('created_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_directory_specialist_kind'))
    )
    op.create_table('directory_specialist',
    sa.Column('consultant_id', sa.Uuid(), nullable=False),
    sa.Column('kinds', sa.JSON(), nullable=False),
    sa.Column('availability', sa.JSON(), nullable=False),
    sa.Column('updated_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['consultant_id'], ['directory_consultant.id'],
                            name=op.f('fk_directory_specialist_consultant_id_directory_consultant'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('consultant_id', name=op.f('pk_directory_specialist'))
    )
    now = datetime.now(UTC)
    op.bulk_insert(kinds, [{"key": key, "label": label, "created_at": now} for key, label in DEFAULT_KINDS])


def downgrade() -> None:
    op.drop_table('directory_specialist')
    op.drop_table('directory_specialist_kind')
