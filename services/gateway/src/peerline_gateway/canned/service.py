"""Example canned answers for a new (development) installation, so the console is not empty."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from peerline_gateway.canned.models import CannedAnswer
from peerline_gateway.canned.repository import CannedRepository
from peerline_shared.events import utc_now

EXAMPLES: tuple[tuple[str, str, str], ...] = (
    ("uk", "Привітання", "Вітаю! Я консультант Peerline. Розкажіть, що сталося — я тут, щоб допомогти."),
    (
        "uk",
        "Передозування: що робити",
        "Якщо людина не дихає — телефонуйте 103. Покладіть її на бік, "
        "якщо є налоксон — введіть його. Залишайтеся поруч, доки не приїде швидка.",
    ),
    (
        "ru",
        "Приветствие",
        "Здравствуйте! Я консультант Peerline. Расскажите, что случилось — я здесь, чтобы помочь.",
    ),
    (
        "ru",
        "Передозировка: что делать",
        "Если человек не дышит — звоните 103. Положите его на бок, "
        "если есть налоксон — введите его. Оставайтесь рядом до приезда скорой.",
    ),
    ("en", "Greeting", "Hello! I am a Peerline consultant. Tell me what happened — I am here to help."),
    (
        "en",
        "Overdose: what to do",
        "If the person is not breathing, call the emergency number. Put them on "
        "their side; if you have naloxone, give it. Stay with them until help arrives.",
    ),
)


async def seed_examples(session: AsyncSession, author: uuid.UUID) -> None:
    repository = CannedRepository(session)
    if await repository.list_by_lang(lang=None):
        return
    for lang, title, text in EXAMPLES:
        repository.create(
            answer=CannedAnswer(
                id=uuid.uuid4(), lang=lang, title=title, text=text, updated_by=author, updated_at=utc_now()
            )
        )
