"""Pure rules: message kinds, event ids, splitting, flood verdicts; texts in every language."""

from __future__ import annotations

import pytest

from peerline_shared.i18n import Catalogue
from peerline_telegram import rules
from peerline_telegram.identity.crypto import ChatIdCipher, UnreadableChatId


@pytest.mark.parametrize(("content_type", "kind"), [
    ("text", rules.Kind.TEXT), ("photo", rules.Kind.MEDIA), ("voice", rules.Kind.MEDIA),
    ("sticker", rules.Kind.MEDIA), ("document", rules.Kind.MEDIA),
    ("location", rules.Kind.LOCATION), ("venue", rules.Kind.LOCATION),
    ("contact", rules.Kind.CONTACT), ("users_shared", rules.Kind.CONTACT),
    ("new_chat_members", rules.Kind.SERVICE),
])
def test_classify(content_type: str, kind: rules.Kind) -> None:
    assert rules.classify(content_type) is kind


def test_event_ids_are_stable_per_message_and_edit() -> None:
    first = rules.inbound_event_id("v1:AAAA", 10)
    assert first == rules.inbound_event_id("v1:AAAA", 10)
    assert first != rules.inbound_event_id("v1:BBBB", 10)
    assert first != rules.inbound_event_id("v1:AAAA", 10, edit_date=1700000000)
    assert rules.part_event_id(first, 0) == first != rules.part_event_id(first, 1)


def test_short_text_is_one_part() -> None:
    assert rules.split_text("hello") == ["hello"]
    assert rules.split_text("") == [""]
    assert rules.split_text("x" * 4096) == ["x" * 4096]


def test_long_text_is_cut_at_word_breaks_within_the_limit() -> None:
    text = " ".join(["слово"] * 3000)
    parts = rules.split_text(text)
    assert all(len(part) <= 4096 for part in parts)
    assert " ".join(parts) == text
    assert all(not part.startswith(" ") and not part.endswith(" ") for part in parts)


def test_splitting_counts_utf16_units_and_never_cuts_an_emoji() -> None:
    text = "🙂" * 3000  # 6000 UTF-16 units
    parts = rules.split_text(text)
    assert [rules.utf16_length(part) for part in parts] == [4096, 1904]
    assert "".join(parts) == text


def test_text_without_breaks_is_cut_hard() -> None:
    parts = rules.split_text("a" * 10_000)
    assert [len(part) for part in parts] == [4096, 4096, 1808]


def test_clean_text_replaces_lone_surrogates() -> None:
    assert rules.clean_text("ok \ud83d x") == "ok ? x"
    assert rules.clean_text("🙂") == "🙂"


def test_flood_verdicts() -> None:
    verdicts = [rules.flood_verdict(count, limit=3) for count in range(1, 7)]
    forward, tell, hold = rules.FloodVerdict
    assert verdicts == [forward, forward, forward, tell, hold, hold]


def test_reply_is_prefixed_then_split() -> None:
    reply = rules.compose_reply("x" * 5000, "Марта: ")
    assert reply.parts[0].startswith("Марта: ") and len(reply.parts) == 2


def test_chat_ids_are_encrypted_and_bound_to_their_row() -> None:
    cipher = ChatIdCipher("a key")
    blob = cipher.encrypt(123456789, "v1:AAAA")
    assert b"123456789" not in blob
    assert cipher.decrypt(blob, "v1:AAAA") == 123456789
    assert cipher.encrypt(123456789, "v1:AAAA") != blob, "a fresh nonce every time"
    with pytest.raises(UnreadableChatId):
        cipher.decrypt(blob, "v1:BBBB")
    with pytest.raises(UnreadableChatId):
        ChatIdCipher("another key").decrypt(blob, "v1:AAAA")


def test_every_text_exists_in_every_language() -> None:
    catalogue = Catalogue.load("peerline_telegram")
    assert catalogue.missing() == {}
    for lang in ("uk", "ru", "en"):
        assert "112" in catalogue.get("start.notice", lang)
        assert catalogue.get("flood.slow_down", lang, seconds=10)
