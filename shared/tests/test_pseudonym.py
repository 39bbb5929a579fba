from __future__ import annotations

import pytest

from peerline_shared.privacy.pseudonym import client_pseudonym


def test_stable_versioned_and_keyed() -> None:
    first = client_pseudonym(b"key-1", "telegram", "12345")
    assert first == client_pseudonym(b"key-1", "telegram", "12345")
    assert first.startswith("v1:") and "12345" not in first
    assert first != client_pseudonym(b"key-2", "telegram", "12345")
    assert first != client_pseudonym(b"key-1", "web", "12345")


def test_empty_key_is_refused() -> None:
    with pytest.raises(ValueError):
        client_pseudonym(b"", "web", "x")
