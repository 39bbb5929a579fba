"""The bus entry point: notices for consultants (`helpline.consultant.notified`) as Telegram
DMs (the bot's `/link` and `/unlink` are in bot/handlers/consultants.py)."""

from __future__ import annotations

from peerline_shared.bus import BusRouter
from peerline_shared.events import ConsultantNotified
from peerline_shared.events import subjects as subj
from peerline_telegram.consultants.service import ConsultantDesk

DURABLE = "telegram-consultant-notices"
router = BusRouter()


@router.consume(subject=subj.CONSULTANT_NOTIFIED, durable=DURABLE, model=ConsultantNotified, max_workers=4)
async def on_notice(notice: ConsultantNotified, consultants: ConsultantDesk) -> None:
    await consultants.notify(notice)
