"""Assertions the scrubber's family tests share: what must go, and what must stay."""

from __future__ import annotations

from peerline_shared.privacy.scrub import scrub


def assert_removed(text: str, *secrets: str) -> None:
    result = scrub(text).text
    for secret in secrets:
        assert secret not in result, (text, result)


def assert_kept(text: str, *words: str) -> None:
    result = scrub(text).text
    for word in words:
        assert word in result, (text, result)
