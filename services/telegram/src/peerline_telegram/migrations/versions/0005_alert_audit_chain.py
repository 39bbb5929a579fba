"""the alerts' audit becomes a hash chain: previous and record hash on each record, a head row;
the records already written are chained in the order they were written

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 02:50:00

"""
from datetime import UTC
from typing import Any, Sequence, Union

from alembic import op
import sqlalchemy as sa
import peerline_shared.db
from peerline_shared.audit_chain import GENESIS_HASH, record_hash


revision: str = '0005'
down_revision: Union[str, Sequence[str], None] = '0004'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

audit = sa.table(
    'telegram_alert_audit',
    sa.column('id', sa.Integer()),
    sa.column('alert_id', sa.Uuid()),
    sa.column('action', sa.String()),
    sa.column('actor_id', sa.Uuid()),
    sa.column('actor_alias', sa.String()),
    sa.column('at', peerline_shared.db.UtcDateTime(timezone=True)),
    sa.column('detail', sa.JSON()),
    sa.column('previous_hash', sa.String()),
    sa.column('record_hash', sa.String()),
)


def _content(row: Any) -> dict[str, Any]:
    """What AlertAuditEntry.content() hashed at this revision (kept here: a migration is frozen)."""
    return {
        "sequence": row.id,
        "alert_id": str(row.alert_id),
        "action": row.action,
        "actor_id": str(row.actor_id) if row.actor_id else None,
        "actor_alias": row.actor_alias,
        "at": row.at.astimezone(UTC).isoformat(),
        "detail": row.detail,
    }


def _chain_existing() -> tuple[int, str]:
    """Hash the records in the order they were written; renumber them 1, 2, … (ids may have gaps)."""
    connection = op.get_bind()
    rows = connection.execute(sa.select(audit).order_by(audit.c.id)).all()
    previous_hash = GENESIS_HASH
    for sequence, row in enumerate(rows, start=1):
        content = {**_content(row), "sequence": sequence}
        this_hash = record_hash(previous_hash, content)
        connection.execute(
            audit.update().where(audit.c.id == row.id)
            .values(id=sequence, previous_hash=previous_hash, record_hash=this_hash)
        )
        previous_hash = this_hash
    return len(rows), previous_hash


def upgrade() -> None:
    with op.batch_alter_table('telegram_alert_audit') as batch:
        batch.add_column(sa.Column('previous_hash', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('record_hash', sa.String(length=64), nullable=True))
    sequence, last_hash = _chain_existing()
    with op.batch_alter_table('telegram_alert_audit') as batch:
        batch.alter_column('previous_hash', existing_type=sa.String(length=64), nullable=False)
        batch.alter_column('record_hash', existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint(op.f('uq_telegram_alert_audit_previous_hash'), ['previous_hash'])
    head = op.create_table('telegram_alert_audit_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('record_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_telegram_alert_audit_head'))
    )
    op.bulk_insert(head, [{'id': 1, 'sequence': sequence, 'record_hash': last_hash}])


def downgrade() -> None:
    op.drop_table('telegram_alert_audit_head')
    with op.batch_alter_table('telegram_alert_audit') as batch:
        batch.drop_constraint(op.f('uq_telegram_alert_audit_previous_hash'), type_='unique')
        batch.drop_column('record_hash')
        batch.drop_column('previous_hash')
