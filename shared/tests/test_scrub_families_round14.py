"""Round 14: the parts of an address or a name left beside its placeholder after a first pass
(scrub_address_parts, scrub_name_parts), and the look-alikes that must stay. Strings are our
own, not from the labelled files."""

from __future__ import annotations

import pytest

from peerline_shared.privacy.scrub import scrub


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # A flat, entrance, floor or wing after the street and house.
        ("Живу на вул. Лесі Українки 14, кв 31, приїдьте", "31"),
        ("адрес: ул. Садовая 8, кв. 12, 3 подъезд, домофон 12К", "12К"),
        ("мы на ул. Ленина 40, 5 этаж, лифт сломан", "5 этаж"),
        ("Wir wohnen in der Sonnenstraße 12, Hinterhaus 3. OG rechts, bitte klingeln", "Hinterhaus"),
        ("I'm at 27 Baker Road, Flat 6, please hurry", "Flat 6"),
        ("mi dirección es Calle Mayor 22, pta 5, gracias", "pta 5"),
        # A postcode and a village (a known town stays).
        ("Adresse: Hauptstraße 7, 6911 Lochau, bitte schnell", "6911 Lochau"),
        ("Adresse: Hauptstraße 7, 4020 Linz, bitte schnell", "4020"),
        ("send it to 51 Maple St, Apt 2, Oakville, ON L6J 3K9 please", "L6J 3K9"),
        # An Austrian door after the slash.
        ("ich wohne Gudrunstraße 140/3/22, 1100 Wien", "22"),
        # A microdistrict or room before the address.
        ("живу в Актау, 12 мкр, дом 5, кв 40, помогите", "12 мкр"),
        ("я в гуртожитку: кімната 318, корпус 2, вул. Січових Стрільців 9", "318"),
        # A surname or nickname after a known given name.
        ("вчера был Юра Матрос с Троещины, опять под солью", "Матрос"),
        ("сьогодні дзвонив Толя Пожарник, просив налоксон", "Пожарник"),
    ],
)
def test_the_part_beside_a_placeholder_goes_too(text: str, gone: str) -> None:
    assert gone not in scrub(text).text, scrub(text).text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("приймаю метадон 2 рази на день, кв. 2 рази на тиждень аналізи", "2 рази"),
        ("Klinik im 2 поверх, відкрито з 9 до 18", "2 поверх"),
        ("мы на ул. Ленина 40, скорая едет, 15 минут уже", "15 минут"),
        ("Adresse: Hauptstraße 7, 4020 Linz, bitte schnell", "Linz"),
        ("Adresse: Hauptstraße 7, 2 Tabletten genommen, er atmet kaum", "2 Tabletten"),
        ("Wohnung in der Gudrunstraße 140/3, seit 2019 dort", "2019"),
        ("це Гриша з нашої групи, Кривий Ріг він любить", "Кривий Ріг"),
        ("Адреса: вул. Шевченка 5, Київ. Там видають налоксон", "Київ"),
        ("Оксана сказала, что Метадон не дают без прописки", "Метадон"),
    ],
)
def test_look_alikes_beside_a_placeholder_stay(text: str, kept: str) -> None:
    assert kept in scrub(text).text, scrub(text).text


def test_a_widened_placeholder_is_counted_once() -> None:
    result = scrub("адрес: ул. Садовая 8, кв. 12, 3 подъезд")
    assert result.text.count("[address]") == 1, result.text
    assert result.redactions == {"address": 1}


def test_widening_is_idempotent() -> None:
    once = scrub("Wir wohnen in der Sonnenstraße 12, Hinterhaus 3. OG rechts, 13055 Berlin").text
    assert scrub(once).text == once
