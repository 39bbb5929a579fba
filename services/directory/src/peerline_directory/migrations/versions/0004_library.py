"""self-help library articles

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 22:55:00

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
    op.create_table('directory_article',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('title', sa.String(length=160), nullable=False),
    sa.Column('summary', sa.String(length=400), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('topics', sa.JSON(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('is_example', sa.Boolean(), nullable=False),
    sa.Column('search_text', sa.Text(), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.Column('created_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_directory_article'))
    )
    with op.batch_alter_table('directory_article', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directory_article_lang'), ['lang'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('directory_article', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directory_article_lang'))
    op.drop_table('directory_article')
