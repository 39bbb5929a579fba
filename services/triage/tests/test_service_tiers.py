"""What each tier sends: full first aid for a certain emergency, the short safety message for
a possible one, in the client's chosen language when the channel knows it."""

from __future__ import annotations

from peerline_shared.events import ClientMessageReceived, ClientPlace
from peerline_shared.i18n import Catalogue
from peerline_triage import service
from peerline_triage.classifier import Classification

TEXTS = Catalogue.load("peerline_triage")


def _result(urgency: str, first_aid: bool, lang: str = "ru") -> Classification:
    return Classification(urgency=urgency, topics=("overdose",), lang=lang, confidence=0.8,  # type: ignore[arg-type]
                          signals=(), emergency_kind="overdose" if urgency == "emergency" else None,
                          first_aid=first_aid)


def _event(lang_hint: str | None = None, place: ClientPlace | None = None) -> ClientMessageReceived:
    return ClientMessageReceived(client_id="v1:ABC", channel="web", text="...", lang_hint=lang_hint,  # type: ignore[arg-type]
                                 place=place)


def said(key: str, lang: str) -> str:
    """The text a client who did not say where they are reads."""
    return service.first_aid_text(TEXTS, key, lang, None)  # type: ignore[arg-type]


def test_a_certain_emergency_gets_the_full_first_aid() -> None:
    triaged, reply = service.decide(_event(), _result("emergency", True), (), TEXTS)
    assert reply is not None and reply.text == said("firstaid.overdose", "ru")
    assert (triaged.urgency, triaged.emergency_tier, triaged.first_aid_sent) == ("emergency", "certain", True)


def test_a_possible_emergency_gets_the_safety_message_and_still_jumps_the_queue() -> None:
    triaged, reply = service.decide(_event(), _result("emergency", False), (), TEXTS)
    assert reply is not None and reply.kind == "first_aid"
    assert reply.text == said("safety.possible", "ru")
    assert "103" in reply.text and "112" in reply.text
    assert (triaged.urgency, triaged.emergency_tier) == ("emergency", "possible")
    assert triaged.first_aid_sent is False


def test_the_clients_chosen_language_wins_over_the_detected_one() -> None:
    triaged, reply = service.decide(_event(lang_hint="uk"), _result("emergency", False, lang="ru"), (), TEXTS)
    assert reply is not None and (reply.lang, reply.text) == ("uk", said("safety.possible", "uk"))
    assert triaged.lang == "uk"
    _, reply = service.decide(_event(lang_hint="en"), _result("emergency", True, lang="ru"), (), TEXTS)
    assert reply is not None and reply.text == said("firstaid.overdose", "en")


def test_no_emergency_no_reply_and_no_tier() -> None:
    triaged, reply = service.decide(_event(), _result("high", False), (), TEXTS)
    assert reply is None and triaged.emergency_tier is None


def test_the_safety_message_is_short_in_every_language() -> None:
    for lang in ("uk", "ru", "en"):
        text = said("safety.possible", lang)
        assert "112" in text and len(text) < len(said("firstaid.overdose", lang)) / 2


def test_a_client_in_poland_who_said_so_gets_polish_numbers_in_first_aid() -> None:
    _, reply = service.decide(_event("uk", ClientPlace(country="PL")), _result("emergency", True), (), TEXTS)
    assert reply is not None
    assert "Викличте швидку: 999 або 112 (Польща)." in reply.text
    assert "103" not in reply.text and "в Україні" not in reply.text


def test_a_client_in_lviv_gets_ukraines_numbers_and_the_crisis_line() -> None:
    lviv = ClientPlace(country="UA", region="UA-46")
    _, reply = service.decide(_event("en", lviv), _result("emergency", True), (), TEXTS)
    assert reply is not None and "Call an ambulance: 103 or 112 (Ukraine)." in reply.text
    suicide = service.first_aid_text(TEXTS, "firstaid.suicide", "en", "UA")
    assert "call 112 (Ukraine) or Lifeline Ukraine: 7333" in suicide


def test_ukraines_crisis_line_is_not_offered_abroad() -> None:
    for lang in ("uk", "ru", "en"):
        text = service.first_aid_text(TEXTS, "firstaid.suicide", lang, "DE")  # type: ignore[arg-type]
        assert "7333" not in text and "112 (" in text
        assert "{" not in text
