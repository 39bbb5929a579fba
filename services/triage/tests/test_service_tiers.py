"""What each tier sends: full first aid for a certain emergency, the short safety message for
a possible one, in the client's chosen language when the channel knows it."""

from __future__ import annotations

from peerline_shared.events import ClientMessageReceived
from peerline_shared.i18n import Catalogue
from peerline_triage import service
from peerline_triage.classifier import Classification

TEXTS = Catalogue.load("peerline_triage")


def _result(urgency: str, first_aid: bool, lang: str = "ru") -> Classification:
    return Classification(urgency=urgency, topics=("overdose",), lang=lang, confidence=0.8,  # type: ignore[arg-type]
                          signals=(), emergency_kind="overdose" if urgency == "emergency" else None,
                          first_aid=first_aid)


def _event(lang_hint: str | None = None) -> ClientMessageReceived:
    return ClientMessageReceived(client_id="v1:ABC", channel="web", text="...", lang_hint=lang_hint)  # type: ignore[arg-type]


def test_a_certain_emergency_gets_the_full_first_aid() -> None:
    triaged, reply = service.decide(_event(), _result("emergency", True), (), TEXTS)
    assert reply is not None and reply.text == TEXTS.get("firstaid.overdose", "ru")
    assert (triaged.urgency, triaged.emergency_tier, triaged.first_aid_sent) == ("emergency", "certain", True)


def test_a_possible_emergency_gets_the_safety_message_and_still_jumps_the_queue() -> None:
    triaged, reply = service.decide(_event(), _result("emergency", False), (), TEXTS)
    assert reply is not None and reply.kind == "first_aid"
    assert reply.text == TEXTS.get("safety.possible", "ru")
    assert "103" in reply.text and "112" in reply.text
    assert (triaged.urgency, triaged.emergency_tier) == ("emergency", "possible")
    assert triaged.first_aid_sent is False


def test_the_clients_chosen_language_wins_over_the_detected_one() -> None:
    triaged, reply = service.decide(_event(lang_hint="uk"), _result("emergency", False, lang="ru"), (), TEXTS)
    assert reply is not None and (reply.lang, reply.text) == ("uk", TEXTS.get("safety.possible", "uk"))
    assert triaged.lang == "uk"
    _, reply = service.decide(_event(lang_hint="en"), _result("emergency", True, lang="ru"), (), TEXTS)
    assert reply is not None and reply.text == TEXTS.get("firstaid.overdose", "en")


def test_no_emergency_no_reply_and_no_tier() -> None:
    triaged, reply = service.decide(_event(), _result("high", False), (), TEXTS)
    assert reply is None and triaged.emergency_tier is None


def test_the_safety_message_is_short_in_every_language() -> None:
    for lang in ("uk", "ru", "en"):
        text = TEXTS.get("safety.possible", lang)
        assert "112" in text and len(text) < len(TEXTS.get("firstaid.overdose", lang)) / 2
