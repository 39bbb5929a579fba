"""the queue page in its order from an index; the queue gauges from an index alone

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 13:00:00.000000

The console's queue page sorted every open conversation to list its first 500 (waiting first,
then by urgency and wait): an index on that order (`storage.models.QUEUE_GROUP`,
`QUEUE_URGENCY`, spelled exactly as the query spells them) lets it read its 500 rows only.
The SLA tick's gauges leave out conversations waiting for a specialist (`specialist_kind`);
with that column outside their index, each tick read every waiting conversation's row from
the table (13-24 ms with 5,000 waiting); inside, the aggregate reads the index alone. Plain
CREATE/DROP INDEX, not a batch: SQLite would recreate the table.
"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = '0012'
down_revision: Union[str, Sequence[str], None] = '0011'
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

TABLE = 'notifications_conversation'
OLD_GAUGES = 'ix_notifications_conversation_state_urgency_waiting'
GAUGES = 'ix_notifications_conversation_queue_gauges'
ORDER = 'ix_notifications_conversation_queue_order'
# As of this revision (storage/models.py holds the live spelling; a test checks the plan).
QUEUE_GROUP = "CASE WHEN state IN ('offered', 'queued') THEN 0 WHEN state = 'closed' THEN 2 ELSE 1 END"
QUEUE_URGENCY = ("CASE urgency WHEN 'emergency' THEN 0 WHEN 'high' THEN 1 WHEN 'normal' THEN 2 "
                 "WHEN 'low' THEN 3 ELSE 4 END")


def upgrade() -> None:
    """Upgrade schema."""
    op.create_index(GAUGES, TABLE, ['state', 'specialist_kind', 'urgency', 'waiting_since'], unique=False)
    op.drop_index(OLD_GAUGES, table_name=TABLE)
    op.create_index(ORDER, TABLE, [sa.text(f"({QUEUE_GROUP})"), sa.text(f"({QUEUE_URGENCY})"), 'waiting_since', 'id'],
                    unique=False)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_index(ORDER, table_name=TABLE)
    op.create_index(OLD_GAUGES, TABLE, ['state', 'urgency', 'waiting_since'], unique=False)
    op.drop_index(GAUGES, table_name=TABLE)
