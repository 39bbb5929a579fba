"""Each kind as a family: formats the labelled files never showed, and meaning that must stay."""

from __future__ import annotations

import pytest

from peerline_shared.privacy.scrub import scrub


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        # phones: regions of the diaspora, 00/+/national 0, words, look-alikes, split
        ("Handy 0151 2345 6789, bitte", "2345 6789"),
        ("numer +48 601 227 415", "601 227 415"),
        ("tel. 0039 328 771 0342", "771 0342"),
        ("mob. 07700 900372", "900372"),
        ("мой номер +995 555 12 48 90", "555 12 48 90"),
        ("номер вісім нуль нуль п'ятдесят п'ять п'ять п'ять нуль нуль нуль нуль", "п'ятдесят"),
        ("телефон 0 6 8 4 4 1 0 2 9 7", "0 6 8 4"),
        ("call 098.771.20.35 tonight", "771.20.35"),
        ("записуй 067 481\n22 09", "22 09"),
        ("номер 063 118, далі 40 72", "40 72"),
        # e-mails spelled out
        ("пиши oksana.k собака ukr точка net", "oksana.k"),
        ("mail: ivan.p (at) gmail (dot) com", "ivan.p"),
        ("nata_vol [at] yahoo [dot] com", "nata_vol"),
        # handles and profile links
        ("Instagram: olena.kh.ost", "olena.kh.ost"),
        ("пиши в вк vk.com/id48219377", "id48219377"),
        # names: Latin, capitals, lower case, oblique cases, non-Slavic, nicknames, initials
        ("My friend Nurlan is in Almaty", "Nurlan"),
        ("ПІБ: ГРИЦЕНКО ОКСАНА ПЕТРІВНА", "ГРИЦЕНКО"),
        ("передайте оксані гриценко привіт", "гриценко"),
        ("Передайте Тарасові Бойку, що ліки є", "Бойку"),
        ("Я Айгерим, мне 25", "Айгерим"),
        ("на районі його кличка Шаман", "Шаман"),
        ("Name on the bell: O. Petrenko", "Petrenko"),
        ("отримувач Коваль Ірина Степанівна", "Ірина"),
        # addresses of the region's and the diaspora's countries; coordinates
        ("живу ул. Абая 150/230, кв. 12, Алматы", "150/230"),
        ("str. Ştefan cel Mare 64, ap. 12, Chişinău", "64, ap. 12"),
        ("bydlím Koněvova 1457/32, 130 00 Praha 3", "1457/32"),
        ("Wir wohnen Am Markt 7, 04109 Leipzig", "Am Markt 7"),
        ("J'habite 5 avenue Jean Jaurès, 69007 Lyon", "Jean Jaurès"),
        ("Flat 2, 14 Baker Street, London NW1 6XE", "Baker Street"),
        ("ми тут: 50.4501, 30.5234", "30.5234"),
        # documents, national ids, patient and insurance numbers, plates, dates of birth
        ("passport EK 619203, Moldova", "619203"),
        ("PESEL 92041103855", "92041103855"),
        ("СНИЛС 112-233-445 95", "445 95"),
        ("полис ОМС 7755 1234 5678 9012", "5678"),
        ("медична картка № 4512/22", "4512/22"),
        ("машина КА 7732 НВ стоїть", "7732"),
        ("д.н. 03.09.1985", "03.09.1985"),
        ("born 12 May 1961 in Odesa", "1961"),
        ("брат 1990 г.р.", "1990"),
        # cards and IBANs with spaces
        ("карта 5375 4120 8849 1736", "8849"),
        ("IBAN PL85 1020 5558 0000 3129 0475 8231", "3129"),
    ],
)
def test_identifier_is_removed(text: str, secret: str) -> None:
    assert secret not in scrub(text).text


@pytest.mark.parametrize(
    "text",
    [
        "Сайт ЗПТ у Кривому Розі працює з 8:00 до 12:00, доза 80 мг",
        "Is 112 the same as 103 in Ukraine? I called 103 but nobody came.",
        "Frank question: 16 mg of bupe and 3 beers, is that dangerous?",
        "У Кишиневі на вулиці Штефан чел Маре є пункт обміну?",
        "Я зараз в Ізраїлі, а брат у Тель-Авиві",
        "Усть-Каменогорск: выдача ОЗТ с 8:30 до 11:00",
        "The clinic on ul. Nowowiejska asks for a PESEL",
        "Вірусне навантаження 450 000 МО/мл, CD4 310",
        "Стаття 309 ч. 1, штраф 850 грн, 2 роки умовно",
        "Rich people pay for rehab, the hospital on Kulparkivska has 20 beds",
    ],
)
def test_meaning_survives(text: str) -> None:
    result = scrub(text)
    assert result.text == text, result.text
