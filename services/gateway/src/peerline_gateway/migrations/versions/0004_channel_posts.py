"""channel posts: channels, posts, deliveries, content audit

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 22:45:00

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
    op.create_table('gateway_channel',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('chat_id', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('added_by', sa.Uuid(), nullable=False),
    sa.Column('added_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gateway_channel')),
    sa.UniqueConstraint('chat_id', name=op.f('uq_gateway_channel_chat_id'))
    )
    op.create_table('gateway_post',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('publish_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_by', sa.Uuid(), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=False),
    sa.Column('updated_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gateway_post'))
    )
    op.create_index(op.f('ix_gateway_post_state'), 'gateway_post', ['state'], unique=False)
    op.create_table('gateway_post_delivery',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('post_id', sa.Uuid(), nullable=False),
    sa.Column('channel_id', sa.Uuid(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('due_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('claimed_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.BigInteger(), nullable=True),
    sa.Column('error', sa.String(length=32), nullable=True),
    sa.Column('sent_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['channel_id'], ['gateway_channel.id'],
                            name=op.f('fk_gateway_post_delivery_channel_id_gateway_channel')),
    sa.ForeignKeyConstraint(['post_id'], ['gateway_post.id'],
                            name=op.f('fk_gateway_post_delivery_post_id_gateway_post')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gateway_post_delivery')),
    sa.UniqueConstraint('post_id', 'channel_id', name=op.f('uq_gateway_post_delivery_post_id'))
    )
    op.create_index(op.f('ix_gateway_post_delivery_due_at'), 'gateway_post_delivery', ['due_at'], unique=False)
    op.create_index(op.f('ix_gateway_post_delivery_post_id'), 'gateway_post_delivery', ['post_id'], unique=False)
    op.create_index(op.f('ix_gateway_post_delivery_state'), 'gateway_post_delivery', ['state'], unique=False)
    op.create_table('gateway_content_audit',
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('previous', sa.Integer(), nullable=False),
    sa.Column('at', peerline_shared.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.String(length=64), nullable=False),
    sa.Column('actor_alias', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('post_id', sa.Uuid(), nullable=True),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('record_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('sequence', name=op.f('pk_gateway_content_audit')),
    sa.UniqueConstraint('previous', name=op.f('uq_gateway_content_audit_previous'))
    )
    op.create_index(op.f('ix_gateway_content_audit_action'), 'gateway_content_audit', ['action'], unique=False)
    op.create_index(op.f('ix_gateway_content_audit_post_id'), 'gateway_content_audit', ['post_id'], unique=False)


def downgrade() -> None:
    op.drop_table('gateway_content_audit')
    op.drop_table('gateway_post_delivery')
    op.drop_table('gateway_post')
    op.drop_table('gateway_channel')
