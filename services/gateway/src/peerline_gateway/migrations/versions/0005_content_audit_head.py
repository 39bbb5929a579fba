"""the content audit is stored as every chain with a head row is: each record names the hash it
follows (previous_hash, unique, instead of the previous sequence), its hash covers its sequence
and alias too, and a head row names the last record; the records already written are chained
again in their order

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 06:00:00

"""
from datetime import UTC, datetime
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
    'gateway_content_audit',
    sa.column('sequence', sa.Integer()),
    sa.column('previous', sa.Integer()),
    sa.column('at', peerline_shared.db.UtcDateTime(timezone=True)),
    sa.column('actor_id', sa.String()),
    sa.column('actor_alias', sa.String()),
    sa.column('action', sa.String()),
    sa.column('post_id', sa.Uuid()),
    sa.column('detail', sa.JSON()),
    sa.column('previous_hash', sa.String()),
    sa.column('record_hash', sa.String()),
)
REHASHED = 'audit.rehashed'
"""The record the upgrade appends when the chain it found was already broken: re-hashing the
records makes an edit before it undetectable, so the chain itself says where it was broken."""
# A record's content in its two forms (frozen here, as a migration must be): 0004's, without
# sequence or alias, linked by the previous sequence; and ContentAuditEntry.content() at 0005.


def _content_0004(row: Any) -> dict[str, Any]:
    return {"at": row.at, "actor_id": row.actor_id, "action": row.action, "post_id": row.post_id,
            "detail": row.detail}


def _content_0005(row: Any) -> dict[str, Any]:
    return {
        "sequence": row.sequence,
        "at": row.at.astimezone(UTC).isoformat(),
        "actor_id": row.actor_id,
        "actor_alias": row.actor_alias,
        "action": row.action,
        "post_id": str(row.post_id) if row.post_id else None,
        "detail": row.detail,
    }


def _first_break_0004(rows: Sequence[Any]) -> int | None:
    """The first record where 0004's chain does not hold (None: intact)."""
    previous_hash = GENESIS_HASH
    for expected, row in enumerate(rows, start=1):
        if row.sequence != expected or record_hash(previous_hash, _content_0004(row)) != row.record_hash:
            return int(row.sequence)
        previous_hash = row.record_hash
    return None


def _rows() -> Sequence[Any]:
    """The columns both revisions have, in sequence order."""
    kept = [column for column in audit.c if column.name not in ('previous', 'previous_hash')]
    return op.get_bind().execute(sa.select(*kept).order_by(audit.c.sequence)).all()


def _mark_broken(rows: Sequence[Any], broken: int) -> None:
    last = rows[-1].sequence
    op.get_bind().execute(audit.insert().values(
        sequence=last + 1, previous=last, at=datetime.now(UTC), actor_id='system', actor_alias='system',
        action=REHASHED, post_id=None, detail={'chain_broken_at': broken}, record_hash='',
    ))


def _chain_0005() -> tuple[int, str]:
    """Each record hashed as 0005 hashes it, after the one before; (last sequence, its hash).
    Sequences are kept: a gap (records deleted before) stays visible as one."""
    previous_hash, last = GENESIS_HASH, 0
    for row in _rows():
        this_hash = record_hash(previous_hash, _content_0005(row))
        op.get_bind().execute(audit.update().where(audit.c.sequence == row.sequence)
                              .values(previous_hash=previous_hash, record_hash=this_hash))
        previous_hash, last = this_hash, row.sequence
    return last, previous_hash


def _chain_0004() -> None:
    previous_hash = GENESIS_HASH
    for row in _rows():
        this_hash = record_hash(previous_hash, _content_0004(row))
        op.get_bind().execute(audit.update().where(audit.c.sequence == row.sequence)
                              .values(previous=row.sequence - 1, record_hash=this_hash))
        previous_hash = this_hash


def upgrade() -> None:
    rows = _rows()
    broken = _first_break_0004(rows)
    if broken is not None:
        _mark_broken(rows, broken)
    with op.batch_alter_table('gateway_content_audit') as batch:
        batch.add_column(sa.Column('previous_hash', sa.String(length=64), nullable=True))
    last, last_hash = _chain_0005()
    with op.batch_alter_table('gateway_content_audit') as batch:
        batch.alter_column('previous_hash', existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint(op.f('uq_gateway_content_audit_previous_hash'), ['previous_hash'])
        batch.drop_constraint(op.f('uq_gateway_content_audit_previous'), type_='unique')
        batch.drop_column('previous')
    head = op.create_table('gateway_content_audit_head',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('record_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_gateway_content_audit_head'))
    )
    op.bulk_insert(head, [{'id': 1, 'sequence': last, 'record_hash': last_hash}])


def downgrade() -> None:
    op.drop_table('gateway_content_audit_head')
    with op.batch_alter_table('gateway_content_audit') as batch:
        batch.add_column(sa.Column('previous', sa.Integer(), nullable=True))
    _chain_0004()
    with op.batch_alter_table('gateway_content_audit') as batch:
        batch.alter_column('previous', existing_type=sa.Integer(), nullable=False)
        batch.create_unique_constraint(op.f('uq_gateway_content_audit_previous'), ['previous'])
        batch.drop_constraint(op.f('uq_gateway_content_audit_previous_hash'), type_='unique')
        batch.drop_column('previous_hash')
