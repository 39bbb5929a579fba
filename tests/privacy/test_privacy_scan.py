"""The privacy scan: scripted conversations carrying seeded personal data (Telegram ids,
usernames, names, phones, e-mails, handles) go through the whole system, by Telegram (the Bot
API emulator) and by web chat, and are answered by a consultant. Then every place the system
keeps anything is read: every message of every NATS stream, every row of every table, every
Redis key, every log line, and the raw bytes of every file in its data folder (SQLite free
pages and WAL, JetStream blocks, Redis append-only file). None of the seeded identifiers may
appear anywhere; the Telegram adapter's map holds the chat ids, encrypted.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from peerline_shared.devstack import DEFAULT_PORTS, DevStack
from peerline_shared.localservers import free_port_map
from peerline_testing.botapi import BotApiEmulator

from ..chaos.evidence import log_records, query, redis_contents, sqlite_tables, stream_messages
from ..chaos.webchat import ResilientChatClient
from ..e2e.support import Console

pytestmark = [pytest.mark.privacy, pytest.mark.e2e, pytest.mark.timeout(600)]


@dataclass(frozen=True)
class TelegramPerson:
    chat_id: int
    first: str
    last: str
    username: str
    phone: str
    text: str

    def identifiers(self) -> list[str]:
        return [str(self.chat_id), self.first, self.last, self.username, *phone_forms(self.phone)]


@dataclass(frozen=True)
class WebPerson:
    name: str
    phone: str
    email: str
    handle: str
    text: str

    def identifiers(self) -> list[str]:
        return [*self.name.split(), *phone_forms(self.phone), self.email, self.handle]


def phone_forms(phone: str) -> list[str]:
    digits = "".join(ch for ch in phone if ch.isdigit())
    return [phone, digits, digits[-10:]]


TELEGRAM = [
    TelegramPerson(
        5550001201,
        "Yarynka",
        "Ковальчук",
        "yarynka_kov_1990",
        "+380501234567",
        "Привіт, мене звати Ярина Ковальчук, метадон закінчується, мій номер +380501234567",
    ),
    TelegramPerson(
        5550001202,
        "Bohdan",
        "Зайченко",
        "bz_kharkiv_77",
        "+380671112233",
        "Меня зовут Богдан Зайченко, нужна помощь с АРВ терапией, звоните 067 111 22 33",
    ),
    TelegramPerson(
        5550001203,
        "Nadiya",
        "Шевчук",
        "nadiya_sh",
        "+380931239876",
        "Hi, I am Nadiya Shevchuk in Warsaw, I need OST, write @nadiya_sh or nadiya.sh@gmail.com",
    ),
]
WEB = [
    WebPerson(
        "Остап Мельничук",
        "+380 66 765 43 21",
        "ostap.melnychuk@ukr.net",
        "@ostap_m_lviv",
        "Мене звати Остап Мельничук, затримала поліція, пишіть ostap.melnychuk@ukr.net або "
        "@ostap_m_lviv, телефон +380 66 765 43 21",
    ),
    WebPerson(
        "Ганна Ткачук",
        "+380 97 555 12 34",
        "hanna.tkachuk@gmail.com",
        "@hanna_tk",
        "Я Ганна Ткачук, потрібен тест на ВІЛ, мій телефон +380 97 555 12 34, пошта hanna.tkachuk@gmail.com",
    ),
]
CONTROL = "метадон закінчується"  # words of a message (not personal data) that are kept
REPLY = "Дякуємо, що написали. Ми поруч: розкажіть, будь ласка, що зараз найважливіше."


def _stack(var_dir: Path, api: BotApiEmulator) -> DevStack:
    return DevStack(
        var_dir,
        free_port_map(DEFAULT_PORTS),
        extra_env=api.adapter_env("123:privacy-scan"),
    )


async def _telegram_clients(api: BotApiEmulator) -> None:
    for person in TELEGRAM:
        user = api.user(person.chat_id, person.first, person.last, person.username, "uk")
        api.send_text(user, "/start")
        await api.wait_for("sendMessage", count=2, chat_id=person.chat_id, within_s=30)
        api.feed(
            {
                "message": api.message(
                    user,
                    contact={
                        "phone_number": person.phone,
                        "first_name": person.first,
                        "last_name": person.last,
                        "user_id": person.chat_id,
                    },
                )
            }
        )
        api.send_text(user, person.text)


async def _web_clients(stack: DevStack) -> list[str]:
    clients = [ResilientChatClient(stack.url("gateway")) for _ in WEB]
    runners = [asyncio.create_task(client.run()) for client in clients]
    for client, person in zip(clients, WEB, strict=True):
        await client.say(person.text)
        client.finish()
    await asyncio.wait_for(asyncio.gather(*runners), 60)
    assert all(len(client.acked) == 1 for client in clients)
    return [str(client.session) for client in clients]


async def _consultant_answers_everyone(stack: DevStack, expected: int) -> None:
    console = Console(stack.url("gateway"))
    try:
        assert (await console.login()).status_code == 303
        deadline = asyncio.get_running_loop().time() + 60
        while len(items := await console.queue()) < expected:
            assert asyncio.get_running_loop().time() < deadline, f"only {len(items)} conversations queued"
            await asyncio.sleep(0.5)
        for item in items:
            assert (await console.act(item["conversation_id"], "claim")).status_code == 200
            assert (await console.act(item["conversation_id"], "reply", {"text": REPLY})).status_code == 200
    finally:
        await console.close()


def _flatten(value: Any) -> bytes:
    """Raw bytes of a stored value (not repr, which would hide UTF-8 behind escapes)."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, dict):
        return b"\n".join(_flatten(k) + b"=" + _flatten(v) for k, v in value.items())
    if isinstance(value, list | tuple | set):
        return b"\n".join(_flatten(item) for item in value)
    return str(value).encode()


async def _everything_stored(stack: DevStack) -> dict[str, bytes]:
    """Each place the system keeps data, by name, as bytes."""
    assert stack.nats is not None and stack.redis is not None
    places: dict[str, bytes] = {}
    for message in await stream_messages(stack.nats.url):
        key = f"nats:{message.stream}:{message.subject}"
        places[key] = places.get(key, b"") + _flatten(message.headers) + b"\n" + message.data + b"\n"
    for key, value in (await redis_contents(stack.redis.url)).items():
        places[f"redis:{key}"] = key.encode() + b"\n" + _flatten(value)
    for database in sorted((stack.var_dir / "db").glob("*.sqlite")):
        for table, rows in sqlite_tables(database).items():
            places[f"sqlite:{database.stem}.{table}"] = _flatten(rows)
    places["logs"] = b"\n".join(log_records(stack.var_dir / "logs"))
    return places


def _raw_files(var_dir: Path) -> dict[str, bytes]:
    return {
        f"file:{path.relative_to(var_dir)}": path.read_bytes()
        for path in sorted(var_dir.rglob("*"))
        if path.is_file()
    }


def _needles(identifiers: list[str]) -> dict[bytes, str]:
    """Each identifier as raw UTF-8 and as it looks inside JSON with ASCII escapes."""
    needles: dict[bytes, str] = {}
    for identifier in identifiers:
        needles[identifier.encode()] = identifier
        needles[json.dumps(identifier)[1:-1].encode()] = identifier
    return needles


def _findings(places: dict[str, bytes], needles: dict[bytes, str]) -> list[str]:
    return sorted(
        {
            f"{needles[needle]!r} in {place}"
            for place, content in places.items()
            for needle in needles
            if needle in content
        }
    )


async def test_no_seeded_identifier_is_kept_anywhere(tmp_path: Path) -> None:
    async with BotApiEmulator() as api:
        stack = _stack(tmp_path / "system", api)
        try:
            await asyncio.to_thread(stack.start)
            sessions = await _converse(api, stack)
            places = await _everything_stored(stack)
        finally:
            await asyncio.to_thread(stack.stop)

    needles = _needles([i for person in [*TELEGRAM, *WEB] for i in person.identifiers()] + sessions)
    assert any(key.startswith("nats:") for key in places) and places["logs"]
    # A control: the scan does see what the system keeps (scrubbed message text, in every store).
    control = {finding.split(" in ")[1].split(":")[0] for finding in _findings(places, _needles([CONTROL]))}
    assert {"nats", "sqlite"} <= control, control
    assert not _findings(places, needles), "seeded identifiers were stored or logged"
    telegram_db = stack.var_dir / "db" / "telegram.sqlite"
    assert len(query(telegram_db, "SELECT chat_ciphertext FROM telegram_identity")) == len(TELEGRAM), (
        "the adapter's map holds one encrypted entry per Telegram client"
    )
    raw = _raw_files(stack.var_dir)
    assert _findings(raw, _needles([CONTROL])), "the raw scan sees the stored text"
    assert not _findings(raw, needles), "seeded identifiers are in the raw data files"


async def _converse(api: BotApiEmulator, stack: DevStack) -> list[str]:
    """Every client writes, the consultant answers each; returns the web session tokens."""
    await _telegram_clients(api)
    sessions = await _web_clients(stack)
    await _consultant_answers_everyone(stack, expected=len(TELEGRAM) + len(WEB))
    for person in TELEGRAM:
        await api.wait_for(
            "sendMessage",
            chat_id=person.chat_id,
            within_s=30,
            where=lambda call: REPLY in call.params["text"],
        )
    return sessions
