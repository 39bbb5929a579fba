"""The web chat's WebSocket in process: frames in and out, limits, origin, replay, "forget me"."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from peerline_gateway.chat.frames import ChatMessage, status_frame
from peerline_gateway.chat.inbox import ChatInbox
from peerline_gateway.chat.service import web_client_id
from peerline_shared.events import ClientErasureRequested, ClientMessageReceived, ClientPlace
from peerline_shared.events import subjects as subj

from .conftest import InProcess

pytestmark = [pytest.mark.integration]


def say_hello(socket: WebSocketTestSession, **hello: Any) -> dict[str, Any]:
    socket.send_json({"type": "hello", "v": 1, **hello})
    welcome: dict[str, Any] = socket.receive_json()
    assert welcome["type"] == "welcome" and welcome["v"] == 1
    return welcome


def test_a_message_is_acked_once_published_scrubbed_with_an_id_from_the_clients_own(
    in_process: InProcess,
) -> None:
    with in_process.client.websocket_connect("/ws/chat") as socket:
        say_hello(socket, lang="uk")
        for _ in range(2):  # sent again after a reconnect: the same event, stored once by JetStream
            socket.send_json({"type": "message", "v": 1, "id": "m1", "text": "мій номер +380 67 123 45 67"})
            assert socket.receive_json() == {"type": "ack", "v": 1, "id": "m1"}

    [(subject, event), (_, again)] = in_process.bus.published
    assert subject == subj.inbound("web") and isinstance(event, ClientMessageReceived)
    assert "123 45 67" not in event.text and event.lang_hint == "uk" and event.client_message_id == "m1"
    assert again.event_id == event.event_id


def test_a_page_from_before_versions_is_served_as_version_1(in_process: InProcess) -> None:
    with in_process.client.websocket_connect("/ws/chat") as socket:
        socket.send_json({"type": "hello"})
        assert socket.receive_json()["type"] == "welcome"
        socket.send_json({"type": "message", "id": "old-page", "text": "Привіт"})
        assert socket.receive_json() == {"type": "ack", "v": 1, "id": "old-page"}


def test_a_bad_frame_is_answered_and_the_socket_goes_on(in_process: InProcess) -> None:
    with in_process.client.websocket_connect("/ws/chat") as socket:
        say_hello(socket)
        socket.send_text("{not json")
        assert socket.receive_json() == {"type": "error", "v": 1, "code": "bad_frame", "id": None}
        socket.send_json(
            {"type": "message", "v": 2, "id": "m2", "text": "a version this server does not know"}
        )
        assert socket.receive_json()["code"] == "bad_frame"
        socket.send_json({"type": "message", "v": 1, "id": "m3", "text": "x" * 4001})
        assert socket.receive_json() == {"type": "error", "v": 1, "code": "too_long", "id": "m3"}
        socket.send_json({"type": "message", "v": 1, "id": "m4", "text": "still here"})
        assert socket.receive_json()["type"] == "ack"


def test_a_socket_that_does_not_start_with_hello_is_closed(in_process: InProcess) -> None:
    with in_process.client.websocket_connect("/ws/chat") as socket:
        socket.send_json({"type": "message", "v": 1, "id": "m1", "text": "no hello first"})
        with pytest.raises(WebSocketDisconnect) as closed:
            socket.receive_json()
    assert closed.value.code == 4400


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [
        ("http://testserver", True),
        ("https://partner.example", True),
        ("https://evil.example", False),
    ],
)
def test_only_the_gateways_pages_and_partners_may_open_the_socket(
    in_process: InProcess, origin: str, allowed: bool
) -> None:
    connecting = in_process.client.websocket_connect("/ws/chat", headers={"origin": origin})
    if allowed:
        with connecting as socket:
            say_hello(socket)
        return
    with pytest.raises(WebSocketDisconnect) as refused, connecting:
        pass
    assert refused.value.code == 4403


def test_past_the_clients_limit_the_page_is_told_to_slow_down(in_process: InProcess) -> None:
    with in_process.client.websocket_connect("/ws/chat") as socket:
        say_hello(socket)
        answers = []
        for number in range(4):  # the limit in these settings is 3 a minute
            socket.send_json({"type": "message", "v": 1, "id": f"m{number}", "text": "ще одне"})
            answers.append(socket.receive_json())
    assert [answer["type"] for answer in answers] == ["ack", "ack", "ack", "error"]
    assert answers[-1] == {"type": "error", "v": 1, "code": "slow_down", "id": "m3"}
    assert len(in_process.bus.published) == 3


def test_when_nats_refuses_the_page_is_told_to_try_again(in_process: InProcess) -> None:
    in_process.bus.refuse_publish = True
    with in_process.client.websocket_connect("/ws/chat") as socket:
        say_hello(socket)
        socket.send_json({"type": "message", "v": 1, "id": "m1", "text": "Привіт"})
        assert socket.receive_json() == {"type": "error", "v": 1, "code": "try_again", "id": "m1"}


def _inbox(in_process: InProcess) -> ChatInbox:
    settings = in_process.gateway.settings
    return ChatInbox(in_process.gateway.runtime.redis, settings.chat_history_hours * 3600)


def _client_id(in_process: InProcess, session: str) -> str:
    return web_client_id(in_process.gateway.settings.pseudonym_key.get_secret_value().encode(), session)


def _reply(text: str) -> ChatMessage:
    return ChatMessage(
        id=str(uuid.uuid4()),
        sender="consultant",
        kind="consultant_reply",
        alias="Olena",
        text=text,
        at=datetime.now(UTC),
    )


def test_what_was_missed_is_replayed_after_a_reconnect_and_new_replies_are_pushed(
    in_process: InProcess,
) -> None:
    portal, client = in_process.client.portal, in_process.client
    assert portal is not None
    with client.websocket_connect("/ws/chat") as socket:
        session = say_hello(socket)["session"]
    inbox, client_id = _inbox(in_process), _client_id(in_process, session)
    portal.call(inbox.append, client_id, status_frame("joined", alias="Olena", conversation_id="c1"))
    portal.call(inbox.append, client_id, _reply("Я тут, розкажіть"))

    with client.websocket_connect("/ws/chat") as socket:
        say_hello(socket, session=session)
        status, message = socket.receive_json(), socket.receive_json()
        assert (status["type"], status["v"], status["state"], status["alias"]) == (
            "status",
            1,
            "joined",
            "Olena",
        )
        assert (message["type"], message["from"], message["text"]) == (
            "message",
            "consultant",
            "Я тут, розкажіть",
        )
        portal.call(inbox.append, client_id, _reply("Ви ще тут?"))  # while connected: pushed
        pushed = socket.receive_json()
        assert pushed["text"] == "Ви ще тут?" and pushed["seq"] != message["seq"]

    with client.websocket_connect("/ws/chat") as socket:
        say_hello(socket, session=session, last_seen=pushed["seq"])
        socket.send_json({"type": "message", "v": 1, "id": "after", "text": "так"})
        assert socket.receive_json()["type"] == "ack"  # nothing replayed before it


def test_forget_me_asks_for_erasure_and_empties_the_inbox(in_process: InProcess) -> None:
    portal = in_process.client.portal
    assert portal is not None
    with in_process.client.websocket_connect("/ws/chat") as socket:
        session = say_hello(socket)["session"]
        client_id = _client_id(in_process, session)
        portal.call(_inbox(in_process).append, client_id, _reply("Я тут"))
        assert socket.receive_json()["type"] == "message"
        socket.send_json({"type": "forget", "v": 1})
        assert socket.receive_json() == {"type": "forgotten", "v": 1}

    [(subject, erasure)] = in_process.bus.published
    assert subject == subj.CLIENT_ERASURE_REQUESTED
    assert isinstance(erasure, ClientErasureRequested) and erasure.client_id == client_id
    assert portal.call(_inbox(in_process).since, client_id, None) == []


def test_the_place_the_client_gave_travels_with_their_message_and_a_made_up_one_is_dropped(
    in_process: InProcess,
) -> None:
    places = [
        {"country": "PL", "region": None},
        {"country": "UA", "region": "UA-46"},
        {"country": "XX"},
        {"country": "pl"},
        {"country": "UA", "region": "PL-01"},
        None,
    ]
    for index, place in enumerate(places):
        with in_process.client.websocket_connect("/ws/chat") as socket:  # a client: 3 messages a minute
            say_hello(socket, lang="uk")
            socket.send_json({"type": "message", "v": 1, "id": f"p{index}", "text": "привіт", "place": place})
            assert socket.receive_json() == {"type": "ack", "v": 1, "id": f"p{index}"}, (
                "never lost for a place"
            )
    given = [event.place for _, event in in_process.bus.published]  # type: ignore[attr-defined]
    assert given == [
        ClientPlace(country="PL"),
        ClientPlace(country="UA", region="UA-46"),
        None,
        None,
        None,
        None,
    ]


def test_the_page_offers_every_country_with_its_numbers(in_process: InProcess) -> None:
    page = in_process.client.get("/", headers={"accept-language": "uk"}).text
    assert 'id="peerline-places"' in page and '"code": "PL"' in page and '"ambulance": "999"' in page
    assert 'id="place-country"' in page and "<script>" not in page, "data only: the CSP forbids inline script"
