"""Alert delivery through the Bot API emulator: alerts per second and the time for 5,000.

    uv run python bench/alerts_bench.py [SUBSCRIBERS] [--rates 25,1000]

The Telegram adapter runs as its own process (as in production) against a local nats-server,
redis-server, SQLite and the emulator; SUBSCRIBERS (5,000) are seeded with the adapter's own
code, an alert is drafted and approved over signed NATS requests, and the clock runs from the
approval until the adapter reports the alert sent. Once at each alert rate: the default (25/s,
under the bot's 30/s overall so that replies keep room) measures what clients see; a lifted
one (1,000/s, and the overall limit with it) measures the adapter's own ceiling (a SQLite commit
before and after every message). Figures: docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from peerline_devtools.devstack import ServiceProcess, answers_ok
from peerline_devtools.localservers import NatsServer, RedisServer, free_port
from peerline_shared.actors import signed
from peerline_shared.bus import NatsBus, request
from peerline_shared.bus.connection import nats_servers
from peerline_shared.db import create_engine, session_factory, unit_of_work
from peerline_shared.events import (
    Actor,
    AlertSaved,
    AlertsListed,
    AlertTexts,
    ApproveAlert,
    DraftAlert,
    ListAlerts,
    utc_now,
)
from peerline_shared.events import subjects as subj
from peerline_shared.migrations import upgrade_to_head
from peerline_shared.privacy.pseudonym import client_pseudonym
from peerline_telegram.alerts import service as alerts
from peerline_telegram.alerts.domain import Place
from peerline_telegram.cli import MIGRATIONS, VERSION_TABLE
from peerline_telegram.identity import service as identity
from peerline_telegram.identity.crypto import ChatIdCipher
from peerline_telegram.settings import TelegramSettings
from peerline_testing.botapi import BotApiEmulator

KEY = "actor-key-for-the-alerts-bench-0123456789"
ANNA = Actor(consultant_id="00000000-0000-4000-8000-00000000000a", alias="Anna", role="supervisor")  # type: ignore[arg-type]
BORYS = Actor(consultant_id="00000000-0000-4000-8000-00000000000b", alias="Borys", role="supervisor")  # type: ignore[arg-type]


async def seed(database_url: str, count: int) -> None:
    defaults = TelegramSettings()
    cipher, key = (
        ChatIdCipher(defaults.map_key.get_secret_value()),
        defaults.pseudonym_key.get_secret_value().encode(),
    )
    engine = create_engine(database_url)
    async with unit_of_work(session_factory(engine)) as session:
        for chat_id in range(700_000_001, 700_000_001 + count):
            client_id = client_pseudonym(key, "telegram", str(chat_id))
            await identity.remember(session, cipher, client_id=client_id, chat_id=chat_id)
            await alerts.subscribe(session, client_id=client_id, place=Place("UA", "UA-46"), lang="uk")
    await engine.dispose()


async def one_run(
    folder: Path, nats: NatsServer, redis: RedisServer, count: int, rate: float
) -> dict[str, Any]:
    database_url = f"sqlite+aiosqlite:///{folder / f'telegram-{int(rate)}.sqlite'}"
    await asyncio.to_thread(upgrade_to_head, MIGRATIONS, database_url, VERSION_TABLE)
    await seed(database_url, count)
    async with BotApiEmulator() as api:
        port = free_port()
        env = {
            **os.environ,
            "PEERLINE_NATS_URL": nats.url,
            "PEERLINE_REDIS_URL": redis.url,
            "PEERLINE_DATABASE_URL": database_url,
            "PEERLINE_TELEGRAM_PORT": str(port),
            "PEERLINE_TELEGRAM_ENABLED": "true",
            "PEERLINE_TELEGRAM_BOT_TOKEN": "123:bench",
            "PEERLINE_TELEGRAM_API_BASE_URL": api.base_url,
            "PEERLINE_ACTOR_KEY": KEY,
            "PEERLINE_TELEGRAM_ALERT_RATE_PER_S": str(rate),
            "PEERLINE_TELEGRAM_GLOBAL_RATE_PER_S": str(max(rate, 30.0)),
            "PEERLINE_LOG_LEVEL": "WARNING",
        }
        adapter = ServiceProcess("telegram", env, folder / f"telegram-{int(rate)}.log", None)
        adapter.start()
        bus = NatsBus(nats_servers(nats.url), client_name="bench-console")
        try:
            for _ in range(600):  # up to two minutes to start
                if await asyncio.to_thread(answers_ok, f"http://127.0.0.1:{port}/healthz"):
                    break
                await asyncio.sleep(0.2)
            await bus.connect()
            await bus.start()
            return await timed_alert(bus, count, rate)
        finally:
            await bus.stop()
            adapter.stop()


async def ask(bus: NatsBus, subject: str, command: Any, reply: type[Any]) -> Any:
    return await request(bus, subject, signed(command, KEY.encode(), utc_now()), reply, timeout=10)


async def timed_alert(bus: NatsBus, count: int, rate: float) -> dict[str, Any]:
    draft = await ask(
        bus,
        subj.RPC_TELEGRAM_ALERTS_DRAFT,
        DraftAlert(actor=ANNA, country="UA", region="UA-46", texts=AlertTexts(uk="Увага: бенчмарк.")),
        AlertSaved,
    )
    started = time.perf_counter()
    await ask(
        bus,
        subj.RPC_TELEGRAM_ALERTS_APPROVE,
        ApproveAlert(actor=BORYS, alert_id=draft.alert.alert_id),
        AlertSaved,
    )
    while True:
        listed = await ask(bus, subj.RPC_TELEGRAM_ALERTS_LIST, ListAlerts(actor=BORYS), AlertsListed)
        shown = listed.alerts[0]
        if shown.status == "sent":
            break
        await asyncio.sleep(0.25)
    seconds = time.perf_counter() - started
    return {
        "alert_rate_limit": rate,
        "subscribers": count,
        "sent": shown.progress.sent,
        "seconds": round(seconds, 1),
        "per_second": round(shown.progress.sent / seconds, 1),
    }


async def main(count: int, rates: list[float]) -> None:
    with tempfile.TemporaryDirectory(prefix="alerts-bench-") as temp:
        folder = Path(temp)
        nats = NatsServer(port=free_port(), data_dir=folder / "nats")
        redis = RedisServer(port=free_port(), data_dir=folder / "redis")
        nats.start()
        redis.start()
        try:
            for rate in rates:
                print(await one_run(folder, nats, redis, count, rate), flush=True)
        finally:
            redis.stop()
            nats.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("subscribers", type=int, nargs="?", default=5000)
    parser.add_argument("--rates", default="25,1000", help="alert rates to run at, per second")
    arguments = parser.parse_args(sys.argv[1:])
    asyncio.run(main(arguments.subscribers, [float(rate) for rate in arguments.rates.split(",")]))
