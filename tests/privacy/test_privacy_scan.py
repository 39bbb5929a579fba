"""The privacy scan: scripted conversations carrying seeded personal data go through the whole
system, by Telegram (the Bot API emulator) and by web chat, and are answered by a consultant;
then one web client asks to be forgotten. After the conversation, and again after "forget
me", every place the system keeps anything is read: every message of every NATS stream, every
row of every table, every Redis key, every log line, and the raw bytes of every file in its
data folder (SQLite free pages and WAL, JetStream blocks, Redis append-only file).

- No seeded identifier (Telegram ids, usernames, names, phones, e-mails, handles) is anywhere.
- No client address is anywhere: web clients connect from 127.0.0.2 and, through the trusted
  proxy header, as 198.51.100.23.
- After "forget me" the client's text and the replies to it are in no table, no Redis key,
  no SQLite file (WAL included) and not in Redis's append-only file; JetStream still holds them
  until its retention ends (docs/privacy.md says so, and the test checks that too).
- The text seeds (a phone in words, a Latin-script name, a German address, and a username,
  a code, a Czech address and a bare given name) are nowhere: that one depends on the
  scrubber's rules.

The system runs once for the module; each test checks one claim on what it kept.
"""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest
import websockets

from peerline_devtools.devstack import DEFAULT_PORTS, DevStack
from peerline_devtools.localservers import free_port_map
from peerline_testing.botapi import BotApiEmulator

from ..chaos.evidence import query
from ..chaos.webchat import ResilientChatClient
from ..e2e.support import Console
from .scan import Places, everything_stored, findings, kinds_of, needles, raw_files

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


# Web clients whose address is what is seeded. One connects from its own loopback address;
# the other through the proxy header the gateway trusts from 127.0.0.1 (as behind the
# production proxy), so the address it is known by is one no local socket has.
ADDRESS_DIRECT = "127.0.0.2"
ADDRESS_BEHIND_PROXY = "198.51.100.23"
TEXT_SEEDS = (
    "мій номер нуль дев'ять сім один два три чотири п'ять шість сім",
    "my name is Oleksandr Kovalenko",
    "I live at Hauptstraße 12, 10115 Berlin",
    # Families of the scrubber's fourth round: a username with underscores, a code by its
    # shape, a house with a flat but no street word, a name standing alone as a signature.
    "мій нік Ваньок_Рівне, код клієнта ОШ-7712, живу на Cejl 48, byt 12. Ярина",
)
TEXT_SEED_PARTS = [
    "0971234567",
    "нуль дев'ять сім один два три чотири п'ять шість сім",
    "Oleksandr",
    "Kovalenko",
    "Hauptstraße 12",
    "10115",
    "Ваньок_Рівне",
    "ОШ-7712",
    "Cejl 48",
    "Ярина",
]
# The forgetting client's words and the consultant's answer to them: plain words no scrubber
# touches, so only the erasure can remove them.
FORGOTTEN_TEXT = "бурштиновий ліхтар біля старої криниці, порадьте щодо метадону"
FORGOTTEN_REPLY = "Дякуємо. Про бурштиновий ліхтар ми памятаємо: ось адреса пункту видачі."


@dataclass
class Kept:
    """What the system held after the conversation, and after "forget me"."""

    conversation: Places
    conversation_files: Places
    forgotten: Places
    forgotten_files: Places
    sessions: list[str]
    telegram_map: list[bytes]
    """The Telegram adapter's map (encrypted chat ids) after the conversation."""
    telegram_map_erased: list[bytes]
    """Its entries "forget me" removed."""


def _stack(var_dir: Path, api: BotApiEmulator) -> DevStack:
    return DevStack(
        var_dir,
        free_port_map(DEFAULT_PORTS),
        extra_env=api.adapter_env("123:privacy-scan"),
    )


@pytest.fixture(scope="module")
def kept(tmp_path_factory: pytest.TempPathFactory) -> Kept:
    return asyncio.run(_run_the_system(tmp_path_factory.mktemp("privacy") / "system"))


async def _run_the_system(var_dir: Path) -> Kept:
    async with BotApiEmulator() as api:
        stack = _stack(var_dir, api)
        try:
            await asyncio.to_thread(stack.start)
            behind_proxy = {"additional_headers": {"X-Forwarded-For": ADDRESS_BEHIND_PROXY}}
            forgetting = await _chat_socket(stack, behind_proxy)
            await _say(forgetting, FORGOTTEN_TEXT)
            direct = await _chat_socket(stack, {"local_addr": (ADDRESS_DIRECT, 0)})
            for seed in TEXT_SEEDS:
                await _say(direct, seed)
            await direct.close()
            sessions = await _converse(api, stack, expected=len(TELEGRAM) + len(WEB) + 2)
            await _frame(forgetting, lambda frame: FORGOTTEN_REPLY in str(frame.get("text")))
            conversation = await everything_stored(stack)
            conversation_files = raw_files(var_dir)
            telegram_map = _telegram_map(var_dir)
            await forgetting.send(orjson.dumps({"type": "forget"}).decode())
            await _frame(forgetting, lambda frame: frame.get("type") == "forgotten")
            await forgetting.close()
            await _telegram_forget(api, TELEGRAM[-1])
            await _erasure_done(stack)
            forgotten = await everything_stored(stack)
            # While the services run: on closing, SQLite checkpoints and removes the WAL itself.
            forgotten_files = raw_files(var_dir)
        finally:
            await asyncio.to_thread(stack.stop)
    erased = sorted(set(telegram_map) - set(_telegram_map(var_dir)))
    return Kept(
        conversation, conversation_files, forgotten, forgotten_files, sessions, telegram_map, erased
    )


def _telegram_map(var_dir: Path) -> list[bytes]:
    rows = query(var_dir / "db" / "telegram.sqlite", "SELECT chat_ciphertext FROM telegram_identity")
    return [bytes(ciphertext) for (ciphertext,) in rows]


async def _telegram_forget(api: BotApiEmulator, person: TelegramPerson) -> None:
    """/forget, until the adapter answers (it has erased its map entry by then)."""
    answered = len(api.calls_of("sendMessage", chat_id=person.chat_id))
    user = api.user(person.chat_id, person.first, person.last, person.username, "uk")
    api.send_text(user, "/forget")
    await api.wait_for("sendMessage", count=answered + 1, chat_id=person.chat_id, within_s=30)


async def _chat_socket(stack: DevStack, connect: dict[str, Any]) -> Any:
    url = stack.url("gateway").replace("http", "ws", 1) + "/ws/chat"
    socket = await websockets.connect(url, open_timeout=10, **connect)
    await socket.send(orjson.dumps({"type": "hello", "lang": "uk"}).decode())
    await _frame(socket, lambda frame: frame.get("type") == "welcome")
    return socket


async def _say(socket: Any, text: str) -> None:
    message_id = uuid.uuid4().hex
    await socket.send(orjson.dumps({"type": "message", "id": message_id, "text": text}).decode())
    frame = await _frame(socket, lambda frame: frame.get("id") == message_id)
    assert frame["type"] == "ack", frame


async def _frame(socket: Any, wanted: Any, within_s: float = 60) -> dict[str, Any]:
    async with asyncio.timeout(within_s):
        while True:
            frame: dict[str, Any] = orjson.loads(await socket.recv())
            if wanted(frame):
                return frame


async def _erasure_done(stack: DevStack, within_s: float = 60) -> None:
    """Until the erasure has reached the database and Redis has rewritten its file (the test
    then asserts on what is left, so waiting for the outcome itself cannot hide a failure
    past the deadline)."""
    probes = needles([FORGOTTEN_TEXT, FORGOTTEN_REPLY])
    deadline = asyncio.get_running_loop().time() + within_s
    while asyncio.get_running_loop().time() < deadline:
        files = {name: data for name, data in raw_files(stack.var_dir).items() if "file:nats/" not in name}
        if not findings(files, probes):
            return
        await asyncio.sleep(0.5)


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
            reply = FORGOTTEN_REPLY if FORGOTTEN_TEXT[:20] in item["preview"] else REPLY
            assert (await console.act(item["conversation_id"], "claim")).status_code == 200
            assert (await console.act(item["conversation_id"], "reply", {"text": reply})).status_code == 200
    finally:
        await console.close()


async def _converse(api: BotApiEmulator, stack: DevStack, expected: int) -> list[str]:
    """Every client writes, the consultant answers each; returns the web session tokens."""
    await _telegram_clients(api)
    sessions = await _web_clients(stack)
    await _consultant_answers_everyone(stack, expected)
    for person in TELEGRAM:
        await api.wait_for(
            "sendMessage",
            chat_id=person.chat_id,
            within_s=30,
            where=lambda call: REPLY in call.params["text"],
        )
    return sessions


def _both(kept: Kept) -> dict[str, Places]:
    return {
        "after the conversation": {**kept.conversation, **kept.conversation_files},
        "after forget me": {**kept.forgotten, **kept.forgotten_files},
    }


def test_no_seeded_identifier_is_kept_anywhere(kept: Kept) -> None:
    identifiers = [i for person in [*TELEGRAM, *WEB] for i in person.identifiers()] + kept.sessions
    assert any(key.startswith("nats:") for key in kept.conversation) and kept.conversation["logs"]
    # A control: the scan does see what the system keeps (scrubbed message text, in every store).
    assert {"nats", "sqlite"} <= kinds_of(findings(kept.conversation, needles([CONTROL])))
    assert findings(kept.conversation_files, needles([CONTROL])), "the raw scan sees the stored text"
    for moment, places in _both(kept).items():
        assert not findings(places, needles(identifiers)), f"seeded identifiers kept, {moment}"
    assert len(kept.telegram_map) == len(TELEGRAM), "the adapter's map holds one encrypted entry per client"


def test_no_client_address_is_kept_anywhere(kept: Kept) -> None:
    # A control: the gateway did log the web chat (its lines are among those scanned).
    assert b"chat.message_accepted" in kept.conversation["logs"]
    for moment, places in _both(kept).items():
        found = findings(places, needles([ADDRESS_DIRECT, ADDRESS_BEHIND_PROXY]))
        assert not found, f"client addresses kept, {moment}: {found}"


def test_forget_me_leaves_no_text_in_tables_redis_or_their_files(kept: Kept) -> None:
    probes = needles([FORGOTTEN_TEXT, FORGOTTEN_REPLY])
    before = findings({**kept.conversation, **kept.conversation_files}, probes)
    # Controls: before "forget me" the scan finds the text where the system keeps it.
    assert {"nats", "sqlite", "redis"} <= kinds_of(before), before
    assert any(" in file:db/" in line for line in before), before
    assert any(" in file:redis/" in line for line in before), before
    after = findings({**kept.forgotten, **kept.forgotten_files}, probes)
    assert not [line for line in after if "in nats:" not in line and "in file:nats/" not in line], after
    # JetStream keeps events until the stream's max age (PEERLINE_STREAM_MAX_AGE_HOURS): stated
    # in docs/privacy.md, and true here.
    assert kinds_of(after) == {"nats", "file"}, after
    assert not findings({"logs": kept.forgotten["logs"]}, probes), "message text in a log line"


def test_forget_me_on_telegram_leaves_no_map_entry_in_the_adapters_files(kept: Kept) -> None:
    assert len(kept.telegram_map_erased) == 1
    entry = {kept.telegram_map_erased[0]: "the forgotten client's encrypted chat id"}
    assert any("file:db/telegram" in line for line in findings(kept.conversation_files, entry))  # control
    assert not findings(kept.forgotten_files, entry), "the erased map entry survives in a file"


def test_text_seeds_are_kept_nowhere(kept: Kept) -> None:
    """A phone number in words, a Latin-script name and a German address: they depend on the
    scrubber's rules (kept in peerline_shared.privacy), checked like every other identifier."""
    for moment, places in _both(kept).items():
        found = findings(places, needles(TEXT_SEED_PARTS))
        assert not found, f"text seeds kept, {moment}: {found}"
