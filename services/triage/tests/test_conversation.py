from __future__ import annotations

import pytest

from peerline_triage.classifier import conversation_urgency


@pytest.mark.parametrize(
    ("current", "recent", "expected"),
    [
        ("emergency", [], "emergency"),
        ("normal", ["emergency"], "high"),
        ("low", ["emergency", "normal"], "high"),
        ("high", ["emergency"], "high"),
        ("normal", ["high", "low"], "high"),
        ("low", ["normal"], "normal"),
        ("low", [], "low"),
        ("emergency", ["low"], "emergency"),
    ],
)
def test_conversation_urgency(current: str, recent: list[str], expected: str) -> None:
    assert conversation_urgency(current, recent) == expected  # type: ignore[arg-type]
