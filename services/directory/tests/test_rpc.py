"""The directory over real NATS + Redis: candidates, presence, load from events, on-shift list."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from peerline_shared.bus import BadRequest, publish_event, request
from peerline_shared.bus.rpc import ERROR_HEADER
from peerline_shared.events import (
    Actor,
    CandidatesFound,
    CommandResult,
    ConversationClaimed,
    ConversationClosed,
    ConversationRequeued,
    ConversationTransferred,
    FindCandidates,
    ListOnShift,
    ManageTelegramLink,
    OnShiftListed,
    ReportPresence,
    TelegramLinkShown,
)
from peerline_shared.events import subjects as subj
from peerline_testing.actors import as_gateway

from .conftest import TEST_ACTOR_KEY, Directory, eventually

pytestmark = pytest.mark.integration
KYIV = ZoneInfo("Europe/Kyiv")
RPC_TIMEOUT = 10.0  # generous: the suite shares two cores with everything else
ALWAYS = [{"weekday": day, "starts": "00:00", "ends": "00:00"} for day in range(7)]


async def add_consultant(directory: Directory, alias: str, slots: list[dict[str, Any]],
                         **fields: Any) -> uuid.UUID:
    body = {"alias": alias, "languages": ["uk"], **fields}
    response = await directory.http.post("/admin/consultants", json=body)
    assert response.status_code == 201, response.text
    consultant_id = uuid.UUID(response.json()["id"])
    for slot in slots:
        added = await directory.http.post(f"/admin/consultants/{consultant_id}/shifts/slots", json=slot)
        assert added.status_code == 201, added.text
    return consultant_id


async def heartbeat(directory: Directory, consultant_id: uuid.UUID,
                    status: str = "available") -> CommandResult:
    report = ReportPresence.model_validate({"consultant_id": consultant_id, "status": status})
    return await request(directory.bus, subj.RPC_DIRECTORY_PRESENCE, report, CommandResult,
                         timeout=RPC_TIMEOUT)


async def candidates(directory: Directory, **query: Any) -> CandidatesFound:
    return await request(directory.bus, subj.RPC_DIRECTORY_CANDIDATES,
                         FindCandidates(**{"lang": "uk", **query}), CandidatesFound,
                         timeout=RPC_TIMEOUT)


def aliases(found: CandidatesFound) -> set[str]:
    return {c.alias for c in found.candidates}


async def test_three_shifts_on_the_october_dst_night(directory: Directory) -> None:
    """Done means: the right people at 23:30 and 07:00 Kyiv time on the night clocks go back."""
    night = await add_consultant(directory, "Night", [{"weekday": "sat", "starts": "22:00", "ends": "07:30"}])
    day = await add_consultant(directory, "Day", [{"weekday": "sun", "starts": "06:30", "ends": "14:30"}])
    late = await add_consultant(directory, "Late", [{"weekday": "sun", "starts": "07:30", "ends": "15:30"},
                                                    {"weekday": "sat", "starts": "14:00", "ends": "23:00"}])
    for consultant_id in (night, day, late):
        assert (await heartbeat(directory, consultant_id)).ok

    evening = datetime(2025, 10, 25, 23, 30, tzinfo=KYIV)  # Saturday, EEST (+3)
    morning = datetime(2025, 10, 26, 7, 0, tzinfo=KYIV)    # Sunday, EET (+2) after fall-back
    # Real time between them is one hour longer than the clocks show (7:30).
    assert morning.astimezone(UTC) - evening.astimezone(UTC) == timedelta(hours=8, minutes=30)

    at_evening = await candidates(directory, at=evening)
    assert aliases(at_evening) == {"Night"}
    assert at_evening.on_shift_count == 1
    at_morning = await candidates(directory, at=morning)
    # Night runs to 07:30 EET; Late starts at 07:30 EET: a fixed +3 offset would get both wrong.
    assert aliases(at_morning) == {"Night", "Day"}
    assert at_morning.on_shift_count == 2


async def test_three_shifts_on_the_march_dst_night(directory: Directory) -> None:
    await add_consultant(directory, "Night", [{"weekday": "sat", "starts": "22:00", "ends": "06:00"}])
    await add_consultant(directory, "Early", [{"weekday": "sun", "starts": "05:00", "ends": "13:00"}])
    await add_consultant(directory, "Evening", [{"weekday": "sat", "starts": "16:00", "ends": "23:45"}])
    found = await request(directory.bus, subj.RPC_DIRECTORY_ON_SHIFT,
                          ListOnShift(at=datetime(2025, 3, 29, 23, 30, tzinfo=KYIV)), OnShiftListed)
    assert {c.alias for c in found.consultants} == {"Night", "Evening"}
    found = await request(directory.bus, subj.RPC_DIRECTORY_ON_SHIFT,
                          ListOnShift(at=datetime(2025, 3, 30, 5, 30, tzinfo=KYIV)), OnShiftListed)
    assert {c.alias for c in found.consultants} == {"Night", "Early"}  # 05:30 EEST = 02:30 UTC


async def test_presence_decides_and_expires(directory: Directory) -> None:
    olena = await add_consultant(directory, "Olena", ALWAYS)
    assert aliases(await candidates(directory)) == set()
    assert (await heartbeat(directory, olena)).ok
    assert aliases(await candidates(directory)) == {"Olena"}
    assert (await heartbeat(directory, olena, "away")).ok
    assert aliases(await candidates(directory)) == set()
    assert (await heartbeat(directory, olena)).ok
    await directory.redis.expire(f"directory:presence:{olena}", 1)  # as if heartbeats stopped
    await asyncio.sleep(1.1)
    found = await candidates(directory)
    assert aliases(found) == set() and found.on_shift_count == 1


async def test_unknown_or_deactivated_consultant_cannot_report_presence(directory: Directory) -> None:
    assert (await heartbeat(directory, uuid.uuid4())).error == "unknown_consultant"
    olena = await add_consultant(directory, "Olena", ALWAYS)
    assert (await directory.http.post(f"/admin/consultants/{olena}/deactivate")).status_code == 200
    assert (await heartbeat(directory, olena)).error == "unknown_consultant"


async def test_language_and_capacity_and_ranking(directory: Directory) -> None:
    ru = await add_consultant(directory, "Russian", ALWAYS, languages=["ru"])
    ost = await add_consultant(directory, "OST", ALWAYS, topics=["ost"], capacity=1)
    plain = await add_consultant(directory, "Plain", ALWAYS, telegram_user_id="12345")
    boss = await add_consultant(directory, "Boss", ALWAYS, role="supervisor", languages=["ru"])
    for consultant_id in (ru, ost, plain):
        await heartbeat(directory, consultant_id)
    found = await candidates(directory, topics=("ost",))
    assert [c.alias for c in found.candidates] == ["OST", "Plain"]
    assert found.candidates[0].topic_match and not found.candidates[1].topic_match
    assert found.candidates[1].telegram_notify
    assert [s.alias for s in found.supervisors] == ["Boss"]  # not present, other language: listed
    assert found.on_shift_count == 4

    claim = ConversationClaimed(conversation_id=uuid.uuid4(), state="active", urgency="normal",
                                lang="uk", channel="web", consultant_id=ost)
    await publish_event(directory.bus, claim, subj.conversation("claimed"))

    async def ost_is_full() -> bool:
        return [c.alias for c in (await candidates(directory, topics=("ost",))).candidates] == ["Plain"]

    await eventually(ost_is_full)
    assert boss  # the supervisor is never a candidate here: Russian only


async def test_load_follows_conversation_events(directory: Directory) -> None:
    a = await add_consultant(directory, "A", ALWAYS, capacity=2)
    b = await add_consultant(directory, "B", ALWAYS, capacity=2)
    await heartbeat(directory, a)
    await heartbeat(directory, b)
    first, second = uuid.uuid4(), uuid.uuid4()
    common: dict[str, Any] = {"urgency": "normal", "lang": "uk", "channel": "web"}
    t0 = datetime.now(UTC)

    async def loads() -> dict[str, int]:
        return {c.alias: c.load for c in (await candidates(directory)).candidates}

    async def loads_are(expected: dict[str, int]) -> None:
        async def check() -> bool:
            return await loads() == expected
        await eventually(check)

    events = [
        (ConversationClaimed(conversation_id=first, state="active", consultant_id=a,
                             occurred_at=t0, **common), "claimed"),
        (ConversationClaimed(conversation_id=second, state="active", consultant_id=a,
                             occurred_at=t0 + timedelta(seconds=1), **common), "claimed"),
    ]
    for event, name in events:
        await publish_event(directory.bus, event, subj.conversation(name))
    await loads_are({"B": 0})  # A is full: 2 of 2

    moved = ConversationTransferred(conversation_id=first, state="active", consultant_id=b,
                                    previous_consultant_id=a, occurred_at=t0 + timedelta(seconds=2), **common)
    await publish_event(directory.bus, moved, subj.conversation("transferred"))
    await loads_are({"A": 1, "B": 1})

    back = ConversationRequeued(conversation_id=second, state="queued", previous_consultant_id=a,
                                occurred_at=t0 + timedelta(seconds=3), **common)
    await publish_event(directory.bus, back, subj.conversation("requeued"))
    await loads_are({"A": 0, "B": 1})

    # A claim older than the transfer, delivered late, changes nothing.
    stale = ConversationClaimed(conversation_id=first, state="active", consultant_id=a,
                                occurred_at=t0 + timedelta(milliseconds=500), **common)
    await publish_event(directory.bus, stale, subj.conversation("claimed"))
    closed = ConversationClosed(conversation_id=first, state="closed", consultant_id=b,
                                occurred_at=t0 + timedelta(seconds=4), **common)
    await publish_event(directory.bus, closed, subj.conversation("closed"))
    await loads_are({"A": 0, "B": 0})
    # A was given a conversation more recently than B: B has been idle longer and goes first.
    assert [c.alias for c in (await candidates(directory)).candidates] == ["B", "A"]


async def test_load_mirror_is_rebuilt_when_redis_loses_it(directory: Directory) -> None:
    a = await add_consultant(directory, "A", ALWAYS, capacity=1)
    await heartbeat(directory, a)
    claim = ConversationClaimed(conversation_id=uuid.uuid4(), state="active", urgency="normal",
                                lang="uk", channel="web", consultant_id=a)
    await publish_event(directory.bus, claim, subj.conversation("claimed"))

    async def a_is_full() -> bool:
        return not (await candidates(directory)).candidates

    await eventually(a_is_full)
    await directory.redis.delete("directory:load", "directory:idle")
    assert (await candidates(directory)).candidates == ()  # rebuilt from the table, still full


async def test_malformed_request_gets_a_clear_error(directory: Directory) -> None:
    not_a_query = ListOnShift()  # a well-formed message of the wrong kind for this subject
    with pytest.raises(BadRequest, match="FindCandidates"):
        await request(directory.bus, subj.RPC_DIRECTORY_CANDIDATES, not_a_query, CandidatesFound, timeout=3)
    connection = directory.bus.current_connection()
    assert connection is not None
    response = await connection.request(subj.RPC_DIRECTORY_CANDIDATES, b'{"type": "query.find_candidates"}',
                                        timeout=3)
    assert (response.headers or {}).get(ERROR_HEADER) == "bad_request" and response.data


async def test_the_clients_country_ranks_those_who_serve_it_first(directory: Directory) -> None:
    # Four who serve only Ukraine: without the country, Krakow would come first one time in five.
    in_ukraine = [await add_consultant(directory, f"Kyiv{n}", ALWAYS, countries=["UA"]) for n in range(4)]
    krakow = await add_consultant(directory, "Krakow", ALWAYS, countries=["PL", "UA"])
    for consultant_id in (*in_ukraine, krakow):
        assert (await heartbeat(directory, consultant_id)).ok
    in_poland = await candidates(directory, country="PL")
    assert in_poland.candidates[0].alias == "Krakow"
    assert aliases(in_poland) == {"Kyiv0", "Kyiv1", "Kyiv2", "Kyiv3", "Krakow"}, "the others still can"


async def test_an_emergency_names_who_is_on_call_off_shift(directory: Directory) -> None:
    """Linked, "emergencies at any time", off shift, speaking the language: DMed about every
    such emergency, so notifications is told they have the need to know it."""
    people = {}
    for alias, slots, mode, languages in (("Night", [], "emergencies_any_time", ["uk"]),
                                          ("Day", ALWAYS, "emergencies_any_time", ["uk"]),
                                          ("Asleep", [], "on_shift", ["uk"]),
                                          ("Russian", [], "emergencies_any_time", ["ru"])):
        people[alias] = await add_consultant(directory, alias, slots, languages=languages,
                                             telegram_user_id=str(1000 + len(people)))
        choice = ManageTelegramLink(actor=Actor(consultant_id=people[alias], alias=alias), action="set_mode",
                                    notify_mode=mode)  # type: ignore[arg-type]
        shown = await request(directory.bus, subj.RPC_DIRECTORY_TELEGRAM_MANAGE,
                              as_gateway(choice, TEST_ACTOR_KEY), TelegramLinkShown, timeout=RPC_TIMEOUT)
        assert shown.ok, shown
    unlinked = await add_consultant(directory, "Unlinked", [], languages=["uk"])
    assert unlinked not in (await candidates(directory, urgency="emergency")).on_call
    assert (await candidates(directory, urgency="emergency")).on_call == (people["Night"],)
    assert (await candidates(directory, urgency="high")).on_call == ()
    assert (await candidates(directory, lang="ru", urgency="emergency")).on_call == (people["Russian"],)
