"""AES-GCM for chat ids at rest.

The key is derived from the `map_key` setting with HKDF, so any string length works and the
same setting never doubles as a key elsewhere. The row's client id is the associated data:
a ciphertext copied into another row does not decrypt.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FORMAT_VERSION = b"\x01"
NONCE_BYTES = 12


class UnreadableChatId(ValueError):
    """A stored chat id that does not decrypt with this key (wrong key or tampered row)."""


class ChatIdCipher:
    def __init__(self, secret: str) -> None:
        if not secret:
            raise ValueError("the identity map key must not be empty")
        key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None,
            info=b"peerline-telegram-identity-map-v1",
        ).derive(secret.encode())
        self._aead = AESGCM(key)

    def encrypt(self, chat_id: int, client_id: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, str(chat_id).encode(), client_id.encode())
        return FORMAT_VERSION + nonce + sealed

    def encrypt_text(self, text: str, client_id: str, purpose: str) -> bytes:
        """Another field of the same row: `purpose` joins the associated data, so a field's
        ciphertext never decrypts as another's."""
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, text.encode(), f"{client_id}/{purpose}".encode())
        return FORMAT_VERSION + nonce + sealed

    def decrypt_text(self, blob: bytes, client_id: str, purpose: str) -> str:
        if blob[:1] != FORMAT_VERSION:
            raise UnreadableChatId("unknown format version")
        nonce, sealed = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, sealed, f"{client_id}/{purpose}".encode()).decode()
        except (InvalidTag, UnicodeDecodeError) as exc:
            raise UnreadableChatId(f"{purpose} does not decrypt") from exc

    def decrypt(self, blob: bytes, client_id: str) -> int:
        if blob[:1] != FORMAT_VERSION:
            raise UnreadableChatId("unknown format version")
        nonce, sealed = blob[1 : 1 + NONCE_BYTES], blob[1 + NONCE_BYTES :]
        try:
            return int(self._aead.decrypt(nonce, sealed, client_id.encode()))
        except (InvalidTag, ValueError) as exc:
            raise UnreadableChatId("chat id does not decrypt") from exc
