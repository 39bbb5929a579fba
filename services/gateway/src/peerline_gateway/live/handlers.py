"""Events the gateway follows: replies for web clients, and conversation news for consoles."""

from __future__ import annotations

import orjson
from faststream.nats import DeliverPolicy, JStream, NatsMessage

from peerline_gateway.chat.inbox import ChatInbox
from peerline_gateway.console.hub import ConsoleHub
from peerline_gateway.settings import GatewaySettings
from peerline_shared.broker import consume
from peerline_shared.events import OutboundMessageRequested
from peerline_shared.events import subjects as subj
from peerline_shared.logging import get_logger
from peerline_shared.runtime import Runtime

log = get_logger()
CONSOLE_SUBJECTS = (subj.CONVERSATION_ALL, subj.CONSULTANT_NOTIFIED)


def chat_frame(event: OutboundMessageRequested) -> dict[str, object]:
    return {
        "type": "message",
        "id": str(event.event_id),
        "from": "consultant" if event.kind == "consultant_reply" else "system",
        "kind": event.kind,
        "alias": event.sender_alias,
        "text": event.text,
        "at": event.occurred_at.isoformat(),
    }


def register(runtime: Runtime, settings: GatewaySettings, consoles: ConsoleHub) -> None:
    # Shared by every gateway process: each reply is stored once in the client's inbox, and
    # the Redis push tells whichever process holds the client's socket.
    @consume(runtime.broker, subject=subj.outbound("web"), durable="gateway-outbound-web",
             model=OutboundMessageRequested, max_workers=4)
    async def on_outbound(event: OutboundMessageRequested) -> None:
        inbox = ChatInbox(runtime.redis, settings.chat_history_hours * 3600)
        await inbox.append(event.client_id, chat_frame(event))
        log.info("chat.reply_stored", conversation_id=str(event.conversation_id), kind=event.kind)

    # Every process needs every console event: an ephemeral consumer per process, new only.
    for subject in CONSOLE_SUBJECTS:
        subscriber = runtime.broker.subscriber(
            subject, stream=JStream(subj.STREAM_EVENTS, declare=False),
            deliver_policy=DeliverPolicy.NEW,
        )

        async def on_console_event(message: NatsMessage) -> None:
            try:
                payload = orjson.loads(message.body)
            except orjson.JSONDecodeError:
                return
            payload.pop("client_id", None)
            await consoles.broadcast({"type": "event", "event": payload})

        subscriber(on_console_event)
