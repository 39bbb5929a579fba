"""Verified actors: the gateway signs the person acting in each console command, the services
that act on it (notifications, directory) check the signature before acting.

Per-service NATS identities already stop other processes from publishing console commands;
this is the second layer: a process that can publish (a compromised gateway replica's
neighbour, a leaked NATS password) still cannot claim to be a given consultant or a supervisor
without the key that only the gateway and the verifiers hold.

The proof is `v1.<expires unix seconds>.<hex HMAC-SHA256>` over the command's type and
event_id, the actor's consultant id, alias and role, and the expiry: it cannot be moved to
another command, another person or another role, and it expires after `PROOF_TTL_S`. Both
kinds of actor (`Actor`, and `ContentActor` whose role may be `editor`) are signed alike.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Any, TypeVar

from peerline_shared.events.commands import SignedActor

PROOF_TTL_S = 60
PROOF_VERSION = "v1"
M = TypeVar("M")


class ActorRefused(Exception):
    """The actor of a command could not be verified; the command is not acted upon."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _digest(key: bytes, message_type: str, event_id: str, actor: SignedActor, expires: int) -> str:
    fields = (PROOF_VERSION, message_type, event_id, str(actor.consultant_id), actor.alias, actor.role)
    signed = "|".join((*fields, str(expires)))
    return hmac.new(key, signed.encode(), hashlib.sha256).hexdigest()


def actor_proof(key: bytes, *, message_type: str, event_id: str, actor: SignedActor, expires: int) -> str:
    """The proof for `actor` acting in the command `message_type`/`event_id` until `expires`."""
    return f"{PROOF_VERSION}.{expires}.{_digest(key, message_type, event_id, actor, expires)}"


def signed(message: M, key: bytes, now: datetime, ttl_s: int = PROOF_TTL_S) -> M:
    """`message` (a command or query with an `actor`) with its actor's proof; others unchanged."""
    actor = getattr(message, "actor", None)
    if not isinstance(actor, SignedActor):
        return message
    expires = int(now.timestamp()) + ttl_s
    proof = actor_proof(
        key, message_type=getattr(message, "type"), event_id=str(getattr(message, "event_id")),  # noqa: B009
        actor=actor, expires=expires,
    )
    copy: Any = getattr(message, "model_copy")  # noqa: B009
    result: M = copy(update={"actor": actor.model_copy(update={"proof": proof})})
    return result


def verify_actor(message: object, key: bytes, now: datetime) -> SignedActor:
    """The message's actor when its proof holds; `ActorRefused` (with why) otherwise."""
    actor = getattr(message, "actor", None)
    if not isinstance(actor, SignedActor):
        raise ActorRefused("no_actor")
    if not actor.proof:
        raise ActorRefused("unsigned")
    version, _, rest = actor.proof.partition(".")
    expires_text, _, digest = rest.partition(".")
    if version != PROOF_VERSION or not expires_text.isdigit() or not digest:
        raise ActorRefused("malformed")
    expires = int(expires_text)
    expected = _digest(key, str(getattr(message, "type", "")), str(getattr(message, "event_id", "")),
                       actor, expires)
    if not hmac.compare_digest(expected, digest):
        raise ActorRefused("bad_signature")
    if now.timestamp() > expires:
        raise ActorRefused("expired")
    if expires - now.timestamp() > 2 * PROOF_TTL_S:
        raise ActorRefused("expiry_too_far")
    return actor
