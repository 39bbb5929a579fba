"""Queries on the alert tables; nobody else touches them."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from peerline_telegram.alerts.domain import Delivery, Status
from peerline_telegram.alerts.models import Alert, AlertDelivery, AlertSubscription
from peerline_telegram.identity.models import IdentityEntry


class AlertRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    @classmethod
    def from_session(cls, session: AsyncSession) -> AlertRepository:
        return cls(session)

    # subscriptions
    async def get_subscription(self, *, client_id: str) -> AlertSubscription | None:
        return await self.session.get(AlertSubscription, client_id)

    async def save_subscription(self, subscription: AlertSubscription) -> None:
        await self.session.merge(subscription)
        await self.session.flush()

    async def delete_subscription(self, *, client_id: str) -> bool:
        result = await self.session.execute(
            delete(AlertSubscription).where(AlertSubscription.client_id == client_id)
        )
        return bool(getattr(result, "rowcount", 0))

    async def delete_deliveries_of(self, *, client_id: str) -> None:
        await self.session.execute(delete(AlertDelivery).where(AlertDelivery.client_id == client_id))

    async def count_subscribers(self) -> int:
        return int(await self.session.scalar(select(func.count()).select_from(AlertSubscription)) or 0)

    async def list_subscribers(self, *, country: str | None, langs: Sequence[str]) -> list[AlertSubscription]:
        query = select(AlertSubscription).where(AlertSubscription.lang.in_(langs))
        if country is not None:
            query = query.where(AlertSubscription.country == country)
        return list((await self.session.scalars(query)).all())

    # alerts
    async def get(self, *, alert_id: uuid.UUID) -> Alert | None:
        return await self.session.get(Alert, alert_id)

    async def create(self, alert: Alert) -> Alert:
        self.session.add(alert)
        await self.session.flush()
        return alert

    async def start_sending(self, *, alert_id: uuid.UUID) -> bool:
        """Compare-and-set from draft: of two approvals at once, one wins."""
        result = await self.session.execute(
            update(Alert)
            .where(Alert.id == alert_id, Alert.status == Status.DRAFT)
            .values(status=Status.SENDING)
        )
        return getattr(result, "rowcount", 0) == 1

    async def list_recent(self, *, limit: int) -> list[Alert]:
        query = select(Alert).order_by(Alert.drafted_at.desc()).limit(limit)
        return list((await self.session.scalars(query)).all())

    async def list_approved_since(self, *, since: datetime) -> list[Alert]:
        query = (
            select(Alert)
            .where(Alert.approved_at >= since)
            .where(Alert.status.in_((Status.SENDING, Status.SENT)))
            .order_by(Alert.approved_at.desc())
        )
        return list((await self.session.scalars(query)).all())

    async def list_sending_ids(self) -> list[uuid.UUID]:
        query = select(Alert.id).where(Alert.status == Status.SENDING).order_by(Alert.approved_at)
        return list((await self.session.scalars(query)).all())

    # deliveries
    async def add_deliveries(self, rows: Sequence[AlertDelivery]) -> None:
        self.session.add_all(rows)
        await self.session.flush()

    async def delivery_counts(self, *, alert_id: uuid.UUID) -> dict[str, int]:
        query = (
            select(AlertDelivery.status, func.count())
            .where(AlertDelivery.alert_id == alert_id)
            .group_by(AlertDelivery.status)
        )
        return {status: int(count) for status, count in (await self.session.execute(query)).all()}

    async def list_pending(self, *, alert_id: uuid.UUID, limit: int) -> list[tuple[str, str, bytes | None]]:
        """(client id, lang, encrypted chat) of deliveries still to make; no chat: forgotten."""
        query = (
            select(AlertDelivery.client_id, AlertDelivery.lang, IdentityEntry.chat_ciphertext)
            .outerjoin(IdentityEntry, IdentityEntry.client_id == AlertDelivery.client_id)
            .where(AlertDelivery.alert_id == alert_id, AlertDelivery.status == Delivery.PENDING)
            .order_by(AlertDelivery.client_id)
            .limit(limit)
        )
        return [(row[0], row[1], row[2]) for row in (await self.session.execute(query)).all()]

    async def move(
        self,
        *,
        alert_id: uuid.UUID,
        client_id: str,
        from_status: Delivery,
        to_status: Delivery,
        at: datetime,
        reason: str | None = None,
        message_id: int | None = None,
    ) -> bool:
        """Compare-and-set: True only if the delivery was in `from_status` (so two senders can
        never both take one delivery)."""
        result = await self.session.execute(
            update(AlertDelivery)
            .where(
                AlertDelivery.alert_id == alert_id,
                AlertDelivery.client_id == client_id,
                AlertDelivery.status == from_status,
            )
            .values(status=to_status, updated_at=at, reason=reason, message_id=message_id)
        )
        return getattr(result, "rowcount", 0) == 1

    async def mark_interrupted(self, *, at: datetime) -> int:
        """Deliveries left `sending` by a stopped process: maybe sent, never sent again."""
        result = await self.session.execute(
            update(AlertDelivery)
            .where(AlertDelivery.status == Delivery.SENDING)
            .values(status=Delivery.UNCERTAIN, reason="interrupted", updated_at=at)
        )
        return int(getattr(result, "rowcount", 0) or 0)

    async def cancel_pending(self, *, alert_id: uuid.UUID, at: datetime) -> None:
        await self.session.execute(
            update(AlertDelivery)
            .where(AlertDelivery.alert_id == alert_id, AlertDelivery.status == Delivery.PENDING)
            .values(status=Delivery.FAILED, reason="cancelled", updated_at=at)
        )
