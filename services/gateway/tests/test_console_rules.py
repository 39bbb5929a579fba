"""Pure rules of the console and the chat: no I/O, fast."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from peerline_gateway.chat.router import origin_allowed
from peerline_gateway.chat.status import announcement_needed, status_frame
from peerline_gateway.console.domain import has_role, order_queue, referral_text, valid_outcomes
from peerline_gateway.console.lockout import lockout_seconds
from peerline_gateway.security import security_headers
from peerline_gateway.settings import GatewaySettings
from peerline_gateway.web import catalogue
from peerline_shared.events import HelpServiceItem, QueueItem

NOW = datetime(2026, 1, 1, 3, 0, tzinfo=UTC)


def _item(urgency: str, waited_minutes: int, state: str = "queued") -> QueueItem:
    return QueueItem(
        conversation_id=uuid.uuid4(),
        state=state,
        urgency=urgency,
        lang="uk",  # type: ignore[arg-type]
        channel="web",
        waiting_since=NOW - timedelta(minutes=waited_minutes),
    )


def test_queue_puts_waiting_before_active_then_urgency_then_longest_wait() -> None:
    items = [_item("normal", 50), _item("emergency", 1), _item("emergency", 9), _item("high", 99, "active")]
    ordered = order_queue(items)
    assert [(i.urgency, i.state) for i in ordered] == [
        ("emergency", "queued"),
        ("emergency", "queued"),
        ("normal", "queued"),
        ("high", "active"),
    ]
    assert ordered[0].waiting_since < ordered[1].waiting_since


def test_each_lockout_doubles_up_to_the_cap() -> None:
    assert [lockout_seconds(n, 30, 200) for n in (1, 2, 3, 4)] == [30, 60, 120, 200]


def test_roles_are_ranked() -> None:
    assert has_role("admin", "supervisor") and has_role("supervisor", "supervisor")
    assert not has_role("consultant", "supervisor") and not has_role("unknown", "consultant")


def test_only_known_outcome_tags_are_kept_in_a_stable_order() -> None:
    assert valid_outcomes(["referred", "<script>", "resolved"]) == ("resolved", "referred")


def test_referral_text_has_what_a_client_needs_to_go_there() -> None:
    service = HelpServiceItem(
        service_id=uuid.uuid4(),
        name="Світло надії",
        kinds=("ost",),
        country="UA",
        city="Полтава",
        address="вул. Соборності 1",
        opening_hours="Пн–Пт 9–17",
    )
    assert referral_text(service) == "Світло надії — Полтава, вул. Соборності 1 — Пн–Пт 9–17"


def test_csp_forbids_inline_script_and_framing_except_the_embed() -> None:
    chat = security_headers("/", "gw:8200", ["https://partner.org"], https=False)
    assert "script-src 'self'" in chat["Content-Security-Policy"]
    assert "frame-ancestors 'self';" not in chat["Content-Security-Policy"]  # last directive, no ';'
    assert chat["Content-Security-Policy"].endswith("frame-ancestors 'self'")
    embed = security_headers("/embed", "gw:8200", ["https://partner.org"], https=True)
    assert embed["Content-Security-Policy"].endswith("frame-ancestors 'self' https://partner.org")
    console = security_headers("/console", "gw:8200", ["https://partner.org"], https=True)
    assert console["X-Frame-Options"] == "DENY" and console["Cache-Control"] == "no-store"
    assert chat["Referrer-Policy"] == "no-referrer" and chat["X-Content-Type-Options"] == "nosniff"


def test_chat_socket_accepts_own_pages_and_allowlisted_partners_only() -> None:
    allowed = ["https://partner.org"]
    assert origin_allowed("https://help.example", "help.example", "https://help.example", allowed)
    assert origin_allowed("https://partner.org", "help.example", "https://help.example", allowed)
    assert not origin_allowed("https://evil.example", "help.example", "https://help.example", allowed)


def test_allowed_origins_setting_reads_a_comma_separated_list(monkeypatch: object) -> None:
    import os

    os.environ["PEERLINE_GATEWAY_ALLOWED_ORIGINS"] = "https://a.org/, https://b.org"
    try:
        assert GatewaySettings().allowed_origins == ["https://a.org", "https://b.org"]
    finally:
        del os.environ["PEERLINE_GATEWAY_ALLOWED_ORIGINS"]


def test_a_consultant_joining_is_announced_once() -> None:
    assert announcement_needed("joined", "Olena", None)
    assert not announcement_needed("joined", "Olena", "joined:Olena")
    assert announcement_needed("joined", "Taras", "joined:Olena")
    assert status_frame("joined", alias="Olena", conversation_id="c1").id == "status-c1-joined-Olena"


def test_every_ui_text_exists_in_uk_ru_and_en() -> None:
    assert catalogue.missing() == {}
