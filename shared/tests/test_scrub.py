"""Unit tests for the personal-data scrubber, one group per kind, in uk, ru and en."""

from __future__ import annotations

from collections.abc import MutableMapping
from dataclasses import FrozenInstanceError
from typing import cast

import pytest

from peerline_shared.privacy.scrub import ScrubResult, scrub


def assert_removed(text: str, secret: str, kind: str) -> ScrubResult:
    result = scrub(text)
    assert secret not in result.text, result.text
    assert f"[{kind}]" in result.text, result.text
    assert result.redactions.get(kind, 0) >= 1
    return result


def assert_untouched(text: str) -> None:
    result = scrub(text)
    assert result.text == text
    assert dict(result.redactions) == {}


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Мій номер 067 123 45 67, дзвоніть", "067 123 45 67"),
        ("Телефон: +380(67)1234567", "+380(67)1234567"),
        ("Звоните 8 (701) 123-45-67 после обеда", "8 (701) 123-45-67"),
        ("call +48 512 345 678 please", "+48 512 345 678"),
        ("мой номер +7 916 123-45-67", "+7 916 123-45-67"),
        ("номер 0501234567", "0501234567"),
        ("Handy 0151 23456789", "0151 23456789"),
        ("Viber: 00380 97 123 45 67", "00380 97 123 45 67"),
        ("тел. (044) 234-56-78", "(044) 234-56-78"),
        ("міський 234-56-78", "234-56-78"),
        ("+995 599 12 34 56 — Тбілісі", "+995 599 12 34 56"),
        ("Кишинёв, +373 69 123 456", "+373 69 123 456"),
        ("мінск +375 29 123-45-67", "+375 29 123-45-67"),
    ],
)
def test_phone_numbers(text: str, phone: str) -> None:
    assert_removed(text, phone, "phone")


@pytest.mark.parametrize(
    ("text", "email"),
    [
        ("пишіть на olena.k+help@gmail.com.", "olena.k+help@gmail.com"),
        ("почта: vasya_1990@mail.ru", "vasya_1990@mail.ru"),
        ("Email me (john.doe@outlook.co.uk)", "john.doe@outlook.co.uk"),
    ],
)
def test_emails(text: str, email: str) -> None:
    assert_removed(text, email, "email")


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("мій тг @olena_kh", "@olena_kh"),
        ("Telegram: @Ivan_Petrov88, write me", "@Ivan_Petrov88"),
        ("пиши сюда t.me/some_user", "t.me/some_user"),
        ("канал https://t.me/+AbCdEf123 закрытый", "https://t.me/+AbCdEf123"),
        ("insta instagram.com/my.page.name.", "instagram.com/my.page.name"),
    ],
)
def test_handles(text: str, handle: str) -> None:
    assert_removed(text, handle, "handle")


def test_email_is_not_a_handle() -> None:
    result = scrub("mail: anna@ukr.net")
    assert result.text == "mail: [email]"


@pytest.mark.parametrize(
    ("text", "card"),
    [
        ("Картка 4405 8873 5929 6038, дякую", "4405 8873 5929 6038"),
        ("карта 5168-7429-1747-6867", "5168-7429-1747-6867"),
        ("card 4111111111111111", "4111111111111111"),
        ("Amex 378282246310005 ok", "378282246310005"),
    ],
)
def test_cards(text: str, card: str) -> None:
    assert_removed(text, card, "card")


def test_luhn_invalid_long_number_is_not_a_card() -> None:
    assert "[card]" not in scrub("номер заявки 4405 8873 5929 6039").text


@pytest.mark.parametrize(
    ("text", "iban"),
    [
        ("IBAN UA21 3223 1300 0002 6007 2335 6600 1", "UA21 3223 1300 0002 6007 2335 6600 1"),
        ("рахунок UA213223130000026007233566001.", "UA213223130000026007233566001"),
        ("Konto DE89 3704 0044 0532 0130 00 bitte", "DE89 3704 0044 0532 0130 00"),
        ("konto PL61109010140000071219812874", "PL61109010140000071219812874"),
    ],
)
def test_ibans(text: str, iban: str) -> None:
    result = assert_removed(text, iban, "iban")
    assert result.text.endswith(text[text.index(iban) + len(iban) :])


def test_an_iban_with_wrong_check_digits_still_goes() -> None:
    """Its country's layout and length identify an account whatever its check digits say (the
    twelfth round; before, a mistyped IBAN was left, or cut into pieces with its bank showing)."""
    assert scrub("UA22 3223 1300 0002 6007 2335 6600 1").text == "[iban]"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Мій РНОКПП 3351937196", "3351937196"),
        ("ИНН физлица 500100732259", "500100732259"),
        ("ИНН 7707083893", "7707083893"),
        ("PESEL 44051401359 mam", "44051401359"),
        ("Steuer-ID 36574261809", "36574261809"),
        ("IDNP 2002001234567 Молдова", "2002001234567"),
        ("ІПН: 1234567890 (може з помилкою)", "1234567890"),
        ("ИИН 880316300261", "880316300261"),
    ],
)
def test_tax_ids(text: str, number: str) -> None:
    assert_removed(text, number, "tax_id")


@pytest.mark.parametrize(
    ("text", "number", "kind"),
    [
        ("паспорт МК 123456 забрали", "МК 123456", "passport"),
        ("паспорт серії ТТ №511964", "ТТ №511964", "passport"),
        ("загранпаспорт FX123456", "FX123456", "passport"),
        ("паспорт РФ 45 08 123456", "45 08 123456", "passport"),
        ("passport N12345678 (Kazakhstan)", "N12345678", "passport"),
        ("УНЗР 19900101-01234", "19900101-01234", "id_number"),
        ("ID-картка 001234567", "001234567", "id_number"),
        ("номер документа 123456789", "123456789", "id_number"),
    ],
)
def test_documents(text: str, number: str, kind: str) -> None:
    assert_removed(text, number, kind)


def test_unzr_needs_a_real_date() -> None:
    assert "[id_number]" not in scrub("код 19901301-01234").text


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("живу: вул. Шевченка, 12, кв. 5, Київ", "вул. Шевченка, 12, кв. 5"),
        ("ул. Ленина 5-17", "ул. Ленина 5-17"),
        ("Wohnung Hauptstraße 12, Berlin", "Hauptstraße 12"),
        ("проспект Перемоги 44", "проспект Перемоги 44"),
        ("на вулиці Героїв Майдану, буд. 3а, кв. 7", "вулиці Героїв Майдану, буд. 3а, кв. 7"),
        ("улица 8 Марта, дом 14, квартира 9", "улица 8 Марта, дом 14, квартира 9"),
        ("пров. Тихий 3/1", "пров. Тихий 3/1"),
        ("We are at 14 Green Street, apartment 3.", "14 Green Street, apartment 3"),
        ("flat 2, 221 Baker Street", "flat 2, 221 Baker Street"),
        ("ul. Marszałkowska 12/5, Warszawa", "ul. Marszałkowska 12/5"),
        ("Berliner Straße 5 im Hof", "Berliner Straße 5"),
        ("дом 5, кв. 12 — третий этаж", "дом 5, кв. 12"),
    ],
)
def test_addresses(text: str, address: str) -> None:
    assert_removed(text, address, "address")


def test_street_without_number_is_kept() -> None:
    assert_untouched("Аптека на вулиці Шевченка працює до 20:00.")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Мене звати Олена Коваленко, допоможіть", "Олена Коваленко"),
        ("Меня зовут Игорь, мне 30", "Игорь"),
        ("Я Роман Кравець, аутріч", "Роман Кравець"),
        ("отримувач Наталія Бойко.", "Наталія Бойко"),
        ("Сын, Артем Мельниченко, 19 лет", "Артем Мельниченко"),
        ("Передайте: Лариса Ткачук ждет звонка", "Лариса Ткачук"),
        ("Ко мне приходил Петров вчера", "Петров"),
        ("Мій друг Тарас у лікарні", "Тарас"),
        ("Подруга Наташа не отвечает", "Наташа"),
        ("Нарколог Петренко не відповідає", "Петренко"),
        ("Олександр Іванович Петренко прийде", "Олександр Іванович Петренко"),
        ("Шевченко Тарас Григорович, 1980 р.н.", "Шевченко Тарас Григорович"),
        ("Hi, my name is Kateryna Shevchenko.", "Kateryna Shevchenko"),
        ("I'm Liudmyla Zhuk, displaced", "Liudmyla Zhuk"),
        ("My friend Sasha is not breathing", "Sasha"),
        ("Dr. Smith changed my dose", "Smith"),
        ("Ask Olena about it", "Olena"),
        ("holder Oksana Melnyk.", "Oksana Melnyk"),
        ("Я Владимир Осипенко, бездомный", "Владимир Осипенко"),
        ("Спасибо, Анна-Мария Коваль-Петренко", "Анна-Мария Коваль-Петренко"),
    ],
)
def test_names(text: str, name: str) -> None:
    assert_removed(text, name, "name")


@pytest.mark.parametrize(
    "text",
    [
        "Мороз сильний, а я без житла.",
        "Надежда умирает последней.",
        "Сайт ЗПТ у Кривому Розі працює з 8:00.",
        "ТБ-диспансер в Кривом Роге требует справку.",
        "Приїхав з Бучі, Ірпеня, Обухова, Василькова.",
        "Я з Харкова, зараз у Варшаві, потім Berlin або Kraków.",
        "I moved from Kyiv to Dublin, then Vilnius.",
        "Червоний Хрест видає їжу, Нова Пошта відділення 5.",
        "Will you help? Mark my words.",
        "Police stopped me near the station.",
        "Привіт! Доброго дня. Дякую.",
    ],
)
def test_not_names(text: str) -> None:
    assert "[name]" not in scrub(text).text


@pytest.mark.parametrize(
    "text",
    [
        "Я на метадоні 80 мг, з 12.03 дають тільки на 5 днів.",
        "I take 90mg of methadone daily, 8 mg buprenorphine.",
        "Сайт працює з 9:00 до 13:00, 8:30-13:00 Mon-Fri.",
        "Тест коштує 350 грн, а в лабораторії 1200 грн, 200 PLN у Польщі.",
        "Мне 38 лет, на метадоне с 2016 года, CD4 зараз 310.",
        "Поставили на учет в 2019, сейчас 2024; 2019-2024; 01.05.2024.",
        "Вірусне навантаження 450 000 МО/мл, 15,000 copies.",
        "Бупренорфін, АРТ, ЗПТ, ВІЛ, PrEP, OST, налоксон 0,4 мг.",
        "Викликали 103, стаття 309, кімната 212.",
        "В Києві, Харкові, Одесі, Дніпрі та Львові є сайти.",
    ],
)
def test_everyday_text_is_untouched(text: str) -> None:
    assert_untouched(text)


def test_result_counts_by_kind() -> None:
    result = scrub("Олена Коваленко, 067 123 45 67, 050 765 43 21, olena@ukr.net")
    assert dict(result.redactions) == {"name": 1, "phone": 2, "email": 1}
    assert result.text == "[name], [phone], [phone], [email]"


def test_result_is_frozen() -> None:
    result = scrub("text")
    with pytest.raises(FrozenInstanceError):
        setattr(result, "text", "other")  # noqa: B010
    with pytest.raises(TypeError):
        cast(MutableMapping[str, int], result.redactions)["phone"] = 1


def test_empty_and_whitespace() -> None:
    assert scrub("").text == ""
    assert scrub(" \n\t").text == " \n\t"


@pytest.mark.parametrize(
    ("text", "secret", "kind"),
    [
        ("пишіть ivan.petrenko(at)ukr.net", "ivan.petrenko(at)ukr.net", "email"),
        ("olena [at] gmail [dot] com", "olena [at] gmail [dot] com", "email"),
        ("тг: olena_kh88, дякую", "olena_kh88", "handle"),
        ("telegram ivan_petrov", "ivan_petrov", "handle"),
        ("We live at Zelena Street 12, apt 4 in Lviv", "Zelena Street 12, apt 4", "address"),
        ("Address: vul. Shevchenka 12, Kyiv", "vul. Shevchenka 12", "address"),
        ("Живу на Шевченка 12, кв 5.", "Шевченка 12, кв 5", "address"),
        ("Myroslava Hnatiuk wrote to us", "Myroslava Hnatiuk", "name"),
        ("Зоряна Гнатюк написала", "Зоряна Гнатюк", "name"),
        ("Мій номер +38 (067) 123-45-67", "+38 (067) 123-45-67", "phone"),
        ("або 8-050-123-45-67", "8-050-123-45-67", "phone"),
        ("Call +49 (0)151 23456789", "+49 (0)151 23456789", "phone"),
    ],
)
def test_other_formats(text: str, secret: str, kind: str) -> None:
    assert_removed(text, secret, kind)


def test_messenger_word_alone_is_not_a_handle() -> None:
    assert_untouched("Пишіть у телеграм або viber, як зручніше.")
