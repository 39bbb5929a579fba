"""bad-batch alerts: subscriptions, alerts, delivery records, their audit; when alerts were offered

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 22:30:00

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
    op.create_table('telegram_alert_subscription',
    sa.Column('client_id', sa.String(length=128), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('region', sa.String(length=8), nullable=True),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('created_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('client_id', name=op.f('pk_telegram_alert_subscription'))
    )
    op.create_table('telegram_alert',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('region', sa.String(length=8), nullable=True),
    sa.Column('texts', sa.JSON(), nullable=False),
    sa.Column('drafted_by', sa.Uuid(), nullable=False),
    sa.Column('drafted_alias', sa.String(length=64), nullable=False),
    sa.Column('drafted_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('approved_by', sa.Uuid(), nullable=True),
    sa.Column('approved_alias', sa.String(length=64), nullable=True),
    sa.Column('approved_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=True),
    sa.Column('cancelled_alias', sa.String(length=64), nullable=True),
    sa.Column('finished_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_telegram_alert'))
    )
    op.create_table('telegram_alert_delivery',
    sa.Column('alert_id', sa.Uuid(), nullable=False),
    sa.Column('client_id', sa.String(length=128), nullable=False),
    sa.Column('lang', sa.String(length=2), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=True),
    sa.Column('message_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', peerline_shared.db.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('alert_id', 'client_id', name=op.f('pk_telegram_alert_delivery'))
    )
    op.create_index('ix_telegram_alert_delivery_status', 'telegram_alert_delivery', ['alert_id', 'status'],
                    unique=False)
    op.create_table('telegram_alert_audit',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('alert_id', sa.Uuid(), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('actor_id', sa.Uuid(), nullable=True),
    sa.Column('actor_alias', sa.String(length=64), nullable=False),
    sa.Column('at', peerline_shared.db.UtcDateTime(timezone=True), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_telegram_alert_audit'))
    )
    with op.batch_alter_table('telegram_identity') as batch:
        batch.add_column(sa.Column('alerts_offered_at', peerline_shared.db.UtcDateTime(timezone=True),
                                   nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('telegram_identity') as batch:
        batch.drop_column('alerts_offered_at')
    op.drop_table('telegram_alert_audit')
    op.drop_index('ix_telegram_alert_delivery_status', table_name='telegram_alert_delivery')
    op.drop_table('telegram_alert_delivery')
    op.drop_table('telegram_alert')
    op.drop_table('telegram_alert_subscription')
