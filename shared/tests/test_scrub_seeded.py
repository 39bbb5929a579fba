"""The three identifiers the whole-system privacy scan seeds: each must leave the text."""

from __future__ import annotations

import pytest

from peerline_shared.privacy.scrub import scrub


@pytest.mark.parametrize(
    ("text", "identifying", "kind", "kept"),
    [
        (
            "мій номер нуль дев'ять сім один два три чотири п'ять шість сім",
            ["нуль", "дев'ять", "чотири п'ять шість сім"],
            "phone",
            "мій номер",
        ),
        ("my name is Oleksandr Kovalenko", ["Oleksandr", "Kovalenko"], "name", "my name is"),
        (
            "I live at Hauptstraße 12, 10115 Berlin",
            ["Hauptstraße", "12", "10115"],
            "address",
            "I live at",
        ),
    ],
)
def test_privacy_scan_seeds_are_removed(text: str, identifying: list[str], kind: str, kept: str) -> None:
    result = scrub(text)
    for part in identifying:
        assert part not in result.text, result.text
    assert result.redactions.get(kind) == 1, result.redactions
    assert result.text.startswith(kept)


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("my number is zero nine seven, one two three, forty five sixty seven", "forty five"),
        ("тел. 097 сто двадцять три 45 67", "сто двадцять три"),
        ("звоните ноль девять семь 123 45 67", "ноль девять семь"),
        ("call +38 О67 l23 45 67", "l23"),
        ("MY NAME IS OLEKSANDR KOVALENKO", "KOVALENKO"),
        ("мене звати олександр коваленко", "коваленко"),
        ("Привіт, я ОЛЕКСАНДР КОВАЛЕНКО з Харкова", "КОВАЛЕНКО"),
        ("Передайте Олександру Коваленку, що я дзвонила", "Коваленку"),
        ("Wir wohnen in der Berliner Str. 5, 10115 Berlin", "Berliner Str. 5"),
        ("J'habite au 12 rue de la Paix, 75002 Paris", "rue de la Paix"),
        ("mieszkam ul. Długa 5/3, 00-950 Warszawa", "Długa 5/3"),
    ],
)
def test_variants_of_the_seeded_kinds_are_removed(text: str, secret: str) -> None:
    assert secret not in scrub(text).text
