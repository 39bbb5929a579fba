"""The console's side of verified actors and need-to-know reading: every request leaves with
the actor signed by the gateway's key; a refusal becomes a 403 the page answers with its
break-glass dialog; a refused actor is an operator's 403, not a 503."""

from __future__ import annotations

import uuid

from peerline_shared.actors import verify_actor
from peerline_shared.bus import ActorNotVerified
from peerline_shared.events import ConversationShown, GetConversation
from peerline_shared.events import subjects as subj
from peerline_shared.events.base import utc_now

from .conftest import InProcess

SHOW = subj.rpc_notifications("conversation")


def answer_need_to_know(query: GetConversation) -> ConversationShown:
    if query.break_glass_reason is None:
        return ConversationShown(found=True, refused="need_to_know")
    return ConversationShown(found=True)


def test_requests_carry_an_actor_signed_with_the_gateway_key(in_process: InProcess) -> None:
    in_process.bus.answers[SHOW] = lambda query: ConversationShown(found=False)
    in_process.login()
    in_process.client.get(f"/console/api/conversations/{uuid.uuid4()}")
    [(_, query)] = in_process.bus.asked
    key = in_process.gateway.settings.actor_key.get_secret_value().encode()
    assert verify_actor(query, key, utc_now()).alias == "Olena"


def test_a_read_without_need_to_know_is_403_and_break_glass_sends_the_reason(in_process: InProcess) -> None:
    in_process.bus.answers[SHOW] = answer_need_to_know
    csrf = in_process.login()
    conversation_id = uuid.uuid4()
    refused = in_process.client.get(f"/console/api/conversations/{conversation_id}")
    assert (refused.status_code, refused.json()["error"]) == (403, "need_to_know")

    opened = in_process.client.post(
        f"/console/api/conversations/{conversation_id}/break-glass",
        json={"reason": "covering for a colleague"}, headers={"X-CSRF-Token": csrf},
    )
    assert opened.status_code == 200 and opened.json()["found"]
    _, query = in_process.bus.asked[-1]
    assert query.break_glass_reason == "covering for a colleague"  # type: ignore[attr-defined]


def test_break_glass_needs_the_csrf_token(in_process: InProcess) -> None:
    in_process.bus.answers[SHOW] = answer_need_to_know
    in_process.login()
    response = in_process.client.post(f"/console/api/conversations/{uuid.uuid4()}/break-glass",
                                      json={"reason": "covering for a colleague"})
    assert response.status_code == 403 and response.json()["error"] == "csrf"
    assert in_process.bus.asked == []


def test_an_actor_the_service_refuses_is_an_operator_403(in_process: InProcess) -> None:
    def refuse(query: GetConversation) -> ConversationShown:
        raise ActorNotVerified("bad_signature")

    in_process.bus.answers[SHOW] = refuse
    in_process.login()
    response = in_process.client.get(f"/console/api/conversations/{uuid.uuid4()}")
    assert (response.status_code, response.json()["error"]) == (403, "actor_not_verified")
