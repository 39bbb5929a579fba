"""Pseudonymous client ids: a versioned keyed HMAC of channel and external id.

`v1:` + base32(HMAC-SHA256(key, "channel:external_id")). The same person on the same channel
always gets the same id (so conversations continue), nobody without the key can reverse or
recompute it, and the version prefix allows rotating the key later.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

PSEUDONYM_VERSION = "v1"


def client_pseudonym(key: bytes, channel: str, external_id: str) -> str:
    if not key:
        raise ValueError("pseudonym key must not be empty")
    digest = hmac.new(key, f"{channel}:{external_id}".encode(), hashlib.sha256).digest()
    encoded = base64.b32encode(digest).decode().rstrip("=")
    return f"{PSEUDONYM_VERSION}:{encoded}"
