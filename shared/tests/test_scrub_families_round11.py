"""The families added in the eleventh round (issue 16): addresses by the postal conventions of
the countries where clients live, titles and honorifics around names, given names by people,
a card's expiry and insurance or vehicle documents. Names, numbers and places are in none of
the labelled files; each family has the meaning words it must leave alone."""

from __future__ import annotations

import pytest

from peerline_shared.privacy.scrub import scrub
from peerline_testing.scrub_asserts import assert_kept, assert_removed

# --- addresses by country ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        # Greek letters, postcode "NNN NN" or "NNNNN"
        ("адрес: Λεωφόρος Κηφισίας 215, 11523 Αθήνα, звоните", "Κηφισίας 215"),
        ("живу Οδός Ερμού 41, 105 63 Αθήνα", "Ερμού 41, 105 63"),
        # Nordic: the type joined to the name, staircase letter and flat, lgh, floor and side
        ("we live at Hämeenkatu 14 B 9, 33100 Tampere", "Hämeenkatu 14 B 9"),
        ("адреса Itäkatu 7 C 41, Helsinki", "Itäkatu 7 C 41"),
        ("бор: Drottninggatan 45 lgh 1203, Stockholm", "lgh 1203"),
        ("мы на Vesterbrogade 112, 2. th, Копенгаген", "112, 2. th"),
        ("I am at Storgata 18, 3. tv now", "18, 3. tv"),
        # Baltic flats after the house
        ("он живет Brīvības iela 142-17, Rīga", "Brīvības iela 142-17"),
        ("мой адрес Savanorių pr. 178-22, Vilnius", "Savanorių pr. 178-22"),
        # Italian, Spanish, Portuguese: "n.", floors and doors
        ("sto in Via Roma n. 12, Napoli", "Via Roma n. 12"),
        ("живу Rua Augusta 274, 2º esq., Lisboa", "2º esq"),
        # Dutch and Belgian: "bus", "hs"
        ("ul. Stevinstraat 45 bus 3, Bruxelles", "bus 3"),
        ("адреса Keizersgracht 221 hs, Amsterdam", "221 hs"),
        # Bulgarian floor, entrance, flat
        ("ул. Витоша 48, ет. 3, ап. 7, София", "ет. 3, ап. 7"),
        # Hungarian floor and door after the house's dot
        ("адрес Kossuth Lajos utca 12. 2. emelet 5. ajtó", "5. ajtó"),
        # Turkish: the quarter, No:, Daire / D:
        ("Atatürk Mah. Gül Sok. No:5 Daire:3 Kadıköy", "Daire:3"),
        ("adresim Bağdat Cad. No: 233 D: 7", "D: 7"),
        # Israeli: the street type first, in any case and in Cyrillic; "dira"
        ("rehov Herzl 45 dira 12, Haifa", "Herzl 45"),
        ("мой адрес рехов Жаботински 17, дира 4", "Жаботински 17"),
        # Central Asian and Caucasian street types and flats
        ("Навои кочаси 12-уй, 34-хонадон", "Навои кочаси 12"),
        ("Абай көшесі 150, 12 пәтер", "Абай көшесі 150"),
        ("адрес: Nizami küçəsi 45, mənzil 12", "Nizami küçəsi 45"),
        ("Chavchavadze ave 37, apt 12, Tbilisi", "Chavchavadze ave 37"),
        ("Чиланзар 5-мавзе, 12-уй, 34-хонадон", "12-уй"),
    ],
)
def test_addresses_by_postal_convention(text: str, address: str) -> None:
    assert_removed(text, address)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        # a named block or micro-district, then house, entrance and flat
        ("в Днепре, Левобережный-3, дом 12, подъезд 4, кв 55 — там притон", "Левобережный-3, дом 12"),
        ("Северная Салтовка-2, дом 6, кв 9", "дом 6, кв 9"),
        # a street of people's names in lower case, with a house and an entrance or flat
        ("живём на салтовке, академика павлова 44, подъезд 2", "академика павлова 44"),
        ("живу на героев сталинграда 12, кв 40", "героев сталинграда 12"),
        # dictated in words
        ("адреса моя вулиця Шевченка двадцять сім квартира дванадцять", "Шевченка двадцять сім"),
        ("адрес проспект Науки сорок пять квартира восемнадцать", "Науки сорок пять"),
    ],
)
def test_blocks_lower_case_streets_and_dictated_addresses(text: str, address: str) -> None:
    assert_removed(text, address)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Caritas gives food at Piazza Garibaldi on Friday", "Piazza Garibaldi"),
        ("лежит в больнице Боткина, а жена в больнице Пирогова", "Пирогова"),
        ("шприцы дают на Лысой Горе по средам", "Лысой Горе"),
        ("at gate 5, flight to Oslo", "gate 5"),
        ("мне 27, подъезд не помню", "27"),
        ("2 таблетки 3 раза в день, 12 дней", "12 дней"),
        ("встретимся на площади Свободы у фонтана", "Свободы"),
    ],
)
def test_places_to_meet_and_numbers_that_are_no_home(text: str, kept: str) -> None:
    assert_kept(text, kept)


def test_a_name_at_a_care_place_is_still_a_person() -> None:
    assert_removed("в больнице Марина сказала, что места нет", "Марина")


# --- names: titles of address, honorifics after the name, given names by people ----------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("лікар в Policlinico дотторе Ferraro сказав чекати", "Ferraro"),
        ("la dottoressa Bianchi ha detto di tornare", "Bianchi"),
        ("avukat Yıldırım dedi ki bekleyin", "Yıldırım"),
        ("Frau Hoffmann vom Jobcenter hat angerufen", "Hoffmann"),
        ("kyria Papadaki at the clinic was kind", "Papadaki"),
        ("свекровь Зарема ханым плохо ходит", "Зарема"),
        ("ищу Косого, он пропал", "Косого"),
        ("Thanks, Eilidh", "Eilidh"),
        ("Mhairi from the drop-in told me to write", "Mhairi"),
        ("Эдие снова в больнице", "Эдие"),
    ],
)
def test_names_of_the_eleventh_round(text: str, name: str) -> None:
    assert_removed(text, name)


def test_the_honorific_stays_beside_the_removed_name() -> None:
    assert_kept("свекровь Зарема ханым плохо ходит", "ханым")


# --- a card's expiry and security code; insurance and vehicle documents -------------------------


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("card 4916 3382 7710 2045 exp 11/28 please", "11/28"),
        ("картка 5375 4112 0398 7764 до 03/29", "03/29"),
        ("OHIP card QWRT 4417 2290 is expired", "4417 2290"),
        ("техпаспорт СХК 418823 на його машину", "418823"),
    ],
)
def test_card_expiry_and_documents_with_a_cue(text: str, secret: str) -> None:
    assert_removed(text, secret)


def test_a_date_without_a_card_stays() -> None:
    assert_kept("приходите 11/28 после обеда", "11/28")
    result = scrub("the clinic is open 24/7, card payments only").text
    assert "24/7" in result, result
