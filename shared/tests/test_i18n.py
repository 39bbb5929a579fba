from __future__ import annotations

from peerline_shared.i18n import Catalogue, normalise_lang


def test_normalise_browser_tags() -> None:
    assert normalise_lang("ru-RU") == "ru"
    assert normalise_lang("UK") == "uk"
    assert normalise_lang("de-DE") == "uk"
    assert normalise_lang(None, "en") == "en"


def test_fallback_to_english_and_formatting() -> None:
    catalogue = Catalogue({"uk": {}, "ru": {}, "en": {"hello": "Hi {name}"}})
    assert catalogue.get("hello", "uk", name="A") == "Hi A"
    assert catalogue.missing() == {"uk": {"hello"}, "ru": {"hello"}}
