"""Signed actors (`peerline_shared.actors`), pure: what the gateway signs, what a verifier accepts."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from peerline_shared.actors import PROOF_TTL_S, ActorRefused, signed, verify_actor
from peerline_shared.events import Actor, ClaimConversation, ReplyToClient
from peerline_shared.events.base import utc_now

KEY = b"unit-test-actor-key-0123456789"
NOW = utc_now()
OLENA = Actor(consultant_id=uuid.uuid4(), alias="Olena")


def claim() -> ClaimConversation:
    return ClaimConversation(conversation_id=uuid.uuid4(), actor=OLENA)


def refusal(message: object, key: bytes = KEY, at: object = NOW) -> str:
    with pytest.raises(ActorRefused) as refused:
        verify_actor(message, key, at)  # type: ignore[arg-type]
    return refused.value.reason


def test_a_signed_actor_verifies_until_it_expires() -> None:
    message = signed(claim(), KEY, NOW)
    verified = verify_actor(message, KEY, NOW + timedelta(seconds=PROOF_TTL_S - 1))
    assert verified.consultant_id == OLENA.consultant_id
    assert refusal(message, at=NOW + timedelta(seconds=PROOF_TTL_S + 1)) == "expired"


def test_an_unsigned_or_garbled_actor_is_refused() -> None:
    assert refusal(claim()) == "unsigned"
    garbled = claim().model_copy(update={"actor": OLENA.model_copy(update={"proof": "v1.x.y"})})
    assert refusal(garbled) == "malformed"


@pytest.mark.parametrize("change", ["key", "role", "consultant", "alias", "event_id", "type"])
def test_a_proof_binds_the_person_the_role_and_the_command(change: str) -> None:
    message = signed(claim(), KEY, NOW)
    actor = message.actor
    key = KEY
    changed_actor = {"role": {"role": "admin"}, "consultant": {"consultant_id": uuid.uuid4()},
                     "alias": {"alias": "Iryna"}}
    if change == "key":
        key = b"another-key-0123456789abcdef"
    elif change in changed_actor:
        message = message.model_copy(update={"actor": actor.model_copy(update=changed_actor[change])})
    elif change == "event_id":
        message = message.model_copy(update={"event_id": uuid.uuid4()})
    else:
        message = ReplyToClient(event_id=message.event_id, conversation_id=message.conversation_id,  # type: ignore[assignment]
                                actor=actor, text="hi")
    assert refusal(message, key) == "bad_signature"


def test_a_proof_expiring_far_in_the_future_is_refused() -> None:
    message = signed(claim(), KEY, NOW, ttl_s=3600)
    assert refusal(message) == "expiry_too_far"


def test_signing_leaves_messages_without_an_actor_alone() -> None:
    from peerline_shared.events import ListOnShift

    query = ListOnShift()
    assert signed(query, KEY, NOW) is query


def test_a_content_actor_carries_an_editor_and_is_signed_alike() -> None:
    from peerline_shared.events import ContentActor, DeleteArticle

    editor = ContentActor(consultant_id=uuid.uuid4(), alias="Iryna", role="editor")
    message = signed(DeleteArticle(actor=editor, article_id=uuid.uuid4()), KEY, NOW)
    assert verify_actor(message, KEY, NOW).role == "editor"
    promoted = message.model_copy(update={"actor": message.actor.model_copy(update={"role": "admin"})})
    assert refusal(promoted) == "bad_signature"


def test_the_conversation_actor_cannot_say_editor() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="role"):
        Actor(consultant_id=uuid.uuid4(), alias="Iryna", role="editor")  # type: ignore[arg-type]
