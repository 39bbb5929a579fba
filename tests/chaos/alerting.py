"""An alerting Telegram adapter as a process, against the Bot API emulator, with subscribers
seeded through the adapter's own code (identity map and subscription, as /alerts leaves them)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from peerline_devtools.devstack import ServiceProcess, answers_ok
from peerline_devtools.localservers import free_port_map
from peerline_shared.db import create_engine, session_factory, unit_of_work
from peerline_shared.events import Actor
from peerline_shared.privacy.pseudonym import client_pseudonym
from peerline_telegram.alerts import service as alerts
from peerline_telegram.alerts.domain import Place
from peerline_telegram.identity import service as identity
from peerline_telegram.identity.crypto import ChatIdCipher
from peerline_telegram.settings import TelegramSettings

ACTOR_KEY = "actor-key-for-alert-faults-0123456789abcdef"
ANNA = Actor(consultant_id=uuid.uuid4(), alias="Anna", role="supervisor")
BORYS = Actor(consultant_id=uuid.uuid4(), alias="Borys", role="supervisor")


@dataclass(frozen=True)
class Subscriber:
    chat_id: int
    place: Place
    lang: str


async def seed(database_url: str, subscribers: list[Subscriber]) -> None:
    defaults = TelegramSettings()
    cipher = ChatIdCipher(defaults.map_key.get_secret_value())
    key = defaults.pseudonym_key.get_secret_value().encode()
    engine = create_engine(database_url)
    sessions: async_sessionmaker[AsyncSession] = session_factory(engine)
    try:
        async with unit_of_work(sessions) as session:
            for each in subscribers:
                client_id = client_pseudonym(key, "telegram", str(each.chat_id))
                await identity.remember(session, cipher, client_id=client_id, chat_id=each.chat_id)
                await alerts.subscribe(session, client_id=client_id, place=each.place, lang=each.lang)
    finally:
        await engine.dispose()


@dataclass
class AlertingAdapter:
    """`python -m peerline_telegram`, enabled, polling the emulator; restartable."""

    env: dict[str, str]
    log_dir: Path
    port: int
    process: ServiceProcess | None = None

    @classmethod
    def configure(
        cls,
        *,
        nats_url: str,
        redis_url: str,
        database_url: str,
        api_base_url: str,
        log_dir: Path,
        rate_per_s: float,
    ) -> AlertingAdapter:
        port = free_port_map(["telegram"])["telegram"]
        env = {
            **os.environ,
            "PEERLINE_NATS_URL": nats_url,
            "PEERLINE_REDIS_URL": redis_url,
            "PEERLINE_DATABASE_URL": database_url,
            "PEERLINE_TELEGRAM_PORT": str(port),
            "PEERLINE_TELEGRAM_ENABLED": "true",
            "PEERLINE_TELEGRAM_BOT_TOKEN": "123:alert-token",
            "PEERLINE_TELEGRAM_API_BASE_URL": api_base_url,
            "PEERLINE_TELEGRAM_POLLING_TIMEOUT_S": "1",
            "PEERLINE_ACTOR_KEY": ACTOR_KEY,
            "PYTHONUNBUFFERED": "1",
            "PEERLINE_TELEGRAM_ALERT_RATE_PER_S": str(rate_per_s),
            "PEERLINE_TELEGRAM_GLOBAL_RATE_PER_S": str(max(rate_per_s, 30.0)),
        }
        log_dir.mkdir(parents=True, exist_ok=True)
        return cls(env, log_dir, port)

    async def start(self, within_s: float = 120.0) -> None:
        self.process = ServiceProcess("telegram", self.env, self.log_dir / "telegram.log", None)
        self.process.start()
        deadline = asyncio.get_running_loop().time() + within_s
        while not await asyncio.to_thread(answers_ok, f"http://127.0.0.1:{self.port}/healthz"):
            if asyncio.get_running_loop().time() > deadline:
                raise RuntimeError(f"the telegram adapter did not start; see {self.log_dir}")
            await asyncio.sleep(0.2)

    def kill9(self) -> None:
        assert self.process is not None and self.process.process is not None
        self.process.process.kill()  # SIGKILL: no shutdown, no flush, mid-send
        self.process.process.wait()

    def stop(self) -> None:
        if self.process is not None:
            self.process.stop()


def received(calls: list[tuple[int, str]], marker: str) -> Counter[int]:
    """How many messages containing `marker` each chat got."""
    return Counter(chat for chat, text in calls if marker in text)
