"""The console's live socket in process, and the frames it carries (made from followed events)."""

from __future__ import annotations

import uuid

import orjson
import pytest
from starlette.websockets import WebSocketDisconnect

from peerline_gateway.console.frames import ConversationFrame, NoticeFrame, console_frame
from peerline_shared.events import (
    ConsultantNotified,
    ConversationClaimed,
    ConversationQueued,
    ConversationUpdated,
    encode,
)

from .conftest import InProcess

CONVERSATION = uuid.uuid4()


def _queued(urgency: str = "emergency") -> ConversationQueued:
    return ConversationQueued(
        conversation_id=CONVERSATION,
        state="queued",
        urgency=urgency,  # type: ignore[arg-type]
        lang="uk",
        channel="web",
        topics=("overdose",),
    )


def test_an_emergency_in_the_queue_is_an_alerting_conversation_frame() -> None:
    frame = console_frame(encode(_queued()))
    assert isinstance(frame, ConversationFrame)
    assert (frame.type, frame.v, frame.change, frame.conversation_id) == (
        "conversation",
        1,
        "queued",
        CONVERSATION,
    )
    assert frame.alert == "overdose"
    normal = console_frame(encode(_queued("normal")))
    assert isinstance(normal, ConversationFrame) and normal.alert is None


def test_a_triage_correction_keeps_its_reason_for_the_supervisor_view() -> None:
    event = ConversationUpdated(
        conversation_id=CONVERSATION,
        state="active",
        urgency="high",
        lang="uk",
        channel="telegram",
        reason="triage_corrected",
    )
    frame = console_frame(encode(event))
    assert isinstance(frame, ConversationFrame) and frame.reason == "triage_corrected" and frame.alert is None
    claimed = console_frame(
        encode(
            ConversationClaimed(
                conversation_id=CONVERSATION, state="active", urgency="high", lang="uk", channel="web"
            )
        )
    )
    assert isinstance(claimed, ConversationFrame) and claimed.reason is None


def test_a_notice_frame_names_nobody_it_was_meant_for() -> None:
    meant_for = uuid.uuid4()
    event = ConsultantNotified(
        consultant_ids=(meant_for,),
        kind="escalation",
        urgency="emergency",
        summary="No one claimed it in 2 minutes",
    )
    frame = console_frame(encode(event))
    assert isinstance(frame, NoticeFrame) and frame.alert == "No one claimed it in 2 minutes"
    assert str(meant_for) not in frame.model_dump_json()
    quiet = console_frame(encode(event.model_copy(update={"kind": "taken"})))
    assert isinstance(quiet, NoticeFrame) and quiet.alert is None


def test_a_client_id_in_a_conversation_event_never_reaches_a_console() -> None:
    payload = orjson.loads(encode(_queued())) | {"client_id": "v1:SECRETCLIENT"}
    frame = console_frame(orjson.dumps(payload))
    assert frame is not None and "SECRETCLIENT" not in frame.model_dump_json()


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"type": "client.message.received"}',
        b'{"type": "conversation.queued", "conversation_id": "nope"}',
    ],
)
def test_what_consoles_do_not_show_makes_no_frame(body: bytes) -> None:
    assert console_frame(body) is None


def test_an_unknown_conversation_event_still_refreshes_consoles() -> None:
    payload = orjson.loads(encode(_queued("normal"))) | {"type": "conversation.snoozed"}
    frame = console_frame(orjson.dumps(payload))
    assert isinstance(frame, ConversationFrame) and frame.change == "snoozed"


@pytest.mark.integration
def test_a_signed_in_console_gets_live_frames_and_its_bad_pings_are_answered(in_process: InProcess) -> None:
    portal = in_process.client.portal
    assert portal is not None
    in_process.login()
    with in_process.client.websocket_connect(
        "/console/ws", headers={"origin": "http://testserver"}
    ) as socket:
        socket.send_text("ping")  # a page from before versions: told it is not a frame
        assert socket.receive_json() == {"type": "error", "v": 1, "code": "bad_frame"}
        socket.send_json({"type": "ping", "v": 1})
        portal.call(in_process.client.app.state.consoles.broadcast_event, encode(_queued()))
        frame = socket.receive_json()  # the ping got no answer: the next frame is the event
        assert (frame["type"], frame["v"], frame["alert"]) == ("conversation", 1, "overdose")


@pytest.mark.integration
def test_the_live_socket_needs_a_session_and_this_origin(in_process: InProcess) -> None:
    with pytest.raises(WebSocketDisconnect) as anonymous, in_process.client.websocket_connect("/console/ws"):
        pass
    assert anonymous.value.code == 4401
    in_process.login()
    headers = {"origin": "https://evil.example"}
    with (
        pytest.raises(WebSocketDisconnect) as cross_site,
        in_process.client.websocket_connect("/console/ws", headers=headers),
    ):
        pass
    assert cross_site.value.code == 4403


class _Socket:
    def __init__(self) -> None:
        self.sent: list[str] = []

    async def send_text(self, text: str) -> None:
        self.sent.append(text)


async def test_a_notice_reaches_only_the_consoles_of_those_it_names() -> None:
    from peerline_gateway.console.hub import ConsoleHub

    hub, meant_for, other = ConsoleHub(), uuid.uuid4(), uuid.uuid4()
    theirs, someone_elses = _Socket(), _Socket()
    hub.add(theirs, meant_for)  # type: ignore[arg-type]
    hub.add(someone_elses, other)  # type: ignore[arg-type]
    notice = ConsultantNotified(consultant_ids=(meant_for,), kind="transferred_to_you", summary="from Marta")
    await hub.broadcast_event(encode(notice))
    assert len(theirs.sent) == 1 and not someone_elses.sent
    await hub.broadcast_event(encode(notice.model_copy(update={"consultant_ids": ()})))
    assert len(theirs.sent) == 1 and not someone_elses.sent  # meant for nobody's console
    await hub.broadcast_event(encode(_queued()))
    assert len(theirs.sent) == 2 and len(someone_elses.sent) == 1  # conversation news: everyone
    for socket in (theirs, someone_elses):
        hub.remove(socket)  # type: ignore[arg-type]
