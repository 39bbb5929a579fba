"""The families added in the twelfth round (issue 16, after the twentieth and twenty-first
writers): each with places, names and numbers that are in none of the labelled files, and the
meaning words it must leave alone."""

from __future__ import annotations

import pytest

from peerline_shared.privacy.scrub import scrub
from peerline_testing.scrub_asserts import assert_kept, assert_removed

# --- kept: places and institutions named after people ---------------------------------------


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Мама лежить у лікарні Пирогова, третій поверх", "Пирогова"),
        ("В больнице Боткина сказали ждать до понедельника", "Боткина"),
        ("в больнице Склифосовского лежал две недели", "Склифосовского"),
        ("їдемо до лікарні Ромоданова, там невролог", "Ромоданова"),
        ("я живу біля Ярослава Мудрого, там зупинка", "Ярослава Мудрого"),
        ("Шелтер на вулиці Лесі Українки приймає чоловіків?", "Лесі Українки"),
        ("Ми живемо біля Генерала Наумова, там кабінет ЗПТ", "Генерала Наумова"),
        ("We walk to Carol Davila every Tuesday for the pills", "Carol Davila"),
        ("Тарас Шевченко стоїть у парку, там і зустрінемось", "Тарас Шевченко"),
        ("ми збираємося на Лисій Горі після обіду", "Лисій Горі"),
        ("the van stops at Piazzale Loreto on Mondays", "Piazzale Loreto"),
        ("лежала в 3-Й ГОРЛІКАРНІ після передозу", "ГОРЛІКАРНІ"),
    ],
)
def test_a_place_named_after_a_person_stays(text: str, kept: str) -> None:
    assert_kept(text, kept)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("у лікарні Марина дала мені довідку", "Марина"),
        ("в больнице Оксана сказала, что мест нет", "Оксана"),
        ("мешкаю на вулиці Лесі Українки 14, кв. 9", "Українки 14, кв. 9"),
        ("в школе Петренко сказал, что нельзя", "Петренко"),
        ("мене звати Тарас Шевченко, мені 30", "Шевченко"),
        ("my friend Park is in jail since May", "Park"),
    ],
)
def test_a_person_there_or_a_house_number_still_goes(text: str, name: str) -> None:
    assert_removed(text, name)


# --- kept: towns, districts, organisations, terms, prices ----------------------------------------


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("ya pryikhala z Kharkova tyzhden tomu", "Kharkova"),
        ("ya z Kyieva, pyshu vam z Varshavy", "Kyieva"),
        ("vin poikhav do Mykolaieva", "Mykolaieva"),
        ("Сын у деда, Юнусабад, 4-квартал, там же школа", "Юнусабад"),
        ("мы на Троєщині Закревського 22 кв 5", "Троєщині"),
        ("живу на Оболоні, шукаю аптеку з налоксоном", "Оболоні"),
        ("Anna Freud Centre helped my son", "Anna Freud Centre"),
        ("Simon Community Trust gave us a room", "Simon Community Trust"),
        ("у брата XDR-TB, лечат полгода", "XDR-TB"),
        ("дали направлення в ЦНАП за довідкою", "ЦНАП"),
        ("сижу на кумарах третий день", "кумарах"),
        ("він п'є кратом щодня", "кратом"),
        ("they did my X-rays twice", "X-rays"),
        ("купила на Karlovo náměstí za 500 Kč", "500 Kč"),
    ],
)
def test_towns_districts_organisations_and_terms_stay(text: str, kept: str) -> None:
    assert_kept(text, kept)


# --- identifiers with a cue ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("A318-205-974 is on my card", "A318-205-974"),
        ("my alien registration number is A204551873", "A204551873"),
        ("паспорт грузинский 12AB34567, просрочен", "12AB34567"),
        ("Мой FIN 5RT8K2P, сказали прийти завтра", "5RT8K2P"),
        ("his Medicaid CIN LM73019Q expired", "LM73019Q"),
        ("the clinic card, no 4471/22, is lost", "4471/22"),
        ("she got a medical card from the clinic no 2291/23 last year", "2291/23"),
    ],
)
def test_document_numbers_after_their_name(text: str, number: str) -> None:
    assert_removed(text, number)


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("ŠPZ auta je BA-482EK, biela Fabia", "BA-482EK"),
        ("машина литовская, номер KTR 719", "KTR 719"),
        ("Türk plakası 34 ABC 482, beyaz", "34 ABC 482"),
    ],
)
def test_plates_of_more_countries_after_a_cue(text: str, plate: str) -> None:
    assert_removed(text, plate)


def test_a_plate_cue_takes_no_lower_case_words() -> None:
    result = scrub("Slovak plate KE 193 BT on the van").text
    assert "KE 193" not in result and "on the van" in result, result


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("Нік у сигналі: olya.brn.7, пишіть туди", "olya.brn.7"),
        ("ник в дискорде: kolya.zp.13", "kolya.zp.13"),
    ],
)
def test_a_handle_after_in_a_messenger(text: str, handle: str) -> None:
    assert_removed(text, handle)


def test_a_joined_word_after_a_messengers_name_is_no_handle() -> None:
    assert_kept("the TB clinic took chest X-rays twice", "X-rays")


@pytest.mark.parametrize(
    ("text", "postcode"),
    [
        ("we live in Leeds, LS8 2QR now", "LS8 2QR"),
        ("my postcode is M14 6HT, is there a clinic near", "M14 6HT"),
        ("Ми в Англії, індекс CF24 3AA", "CF24 3AA"),
    ],
)
def test_a_uk_postcode_with_a_town_a_cue_or_the_uk(text: str, postcode: str) -> None:
    assert_removed(text, postcode)


def test_a_postcode_shape_with_no_uk_context_stays() -> None:
    assert_kept("Form W1 2AB was rejected again", "W1 2AB")


# --- an IBAN whose only fault is its check digits ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("скиньте на UA903052992990004149123456780, мама", "UA903052992990004149123456780"),
        ("Konto: DE12 5001 0517 0648 4898 99 für die Miete", "DE12 5001 0517 0648 4898 99"),
        ("transfer to LT11 7300 0101 2345 6780 12 please", "LT11 7300 0101 2345 6780 12"),
        ("my account FR15 2004 1010 0505 0001 3M02 606 today", "FR15 2004 1010 0505 0001 3M02 606"),
    ],
)
def test_an_iban_with_wrong_check_digits_goes_whole(text: str, account: str) -> None:
    """A mistyped digit must not let an account through, nor leave its country and bank showing."""
    assert_removed(text, account)
    scrubbed = scrub(text).text
    assert account[:4] not in scrubbed, scrubbed


@pytest.mark.parametrize(
    "text",
    [
        "трек NP20450917733812, нова пошта",
        "код ab12cdefghijklmno не працює",
        "IBAN, Bank code AB12 and 300 UAH",
    ],
)
def test_a_code_that_is_no_iban_layout_stays(text: str) -> None:
    assert "[iban]" not in scrub(text).text
