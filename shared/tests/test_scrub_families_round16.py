"""Round 16 (issue 16, helper round16a): the address, phone and plate families behind the
misses of writers 34-37, and the look-alikes that must stay. Strings are our own, not from the
labelled files (scrub_address_bare, scrub_national_phones, the wider street, flat and plate
patterns of scrub_address, scrub_address_world and scrub_plates)."""

from __future__ import annotations

import pytest

from peerline_shared.privacy.scrub import scrub
from peerline_shared.privacy.scrub_national_phones import named_regions


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # A street without a street word: a cue, a place and a comma, or the house-flat shape.
        ("сестра живе на Vana-Kalamaja 12-4, приїдьте", "Kalamaja"),
        ("мы теперь в Пярну, Ringi 31-7, там тихо", "Ringi"),
        ("адрес Mlynská 18, спросите соседку", "Mlynská"),
        ("ночую у друга на Tammsaare 9, завтра уйду", "Tammsaare"),
        ("Ми в Кошицях, Hlavná 41. Потрібен лікар", "Hlavná"),
        ("I moved to Haifa, Hagefen 17, come by", "Hagefen"),
        ("we stay at Ahad 14-3 until Friday", "Ahad"),
        # Street and flat words of more countries.
        ("живу Valdemāra iela 8 k-3 dz. 14, zvaniet", "dz. 14"),
        ("мама на Kalnciema gatve 120-6, Rīgā", "Kalnciema"),
        ("Vilniuje, Vasario 16-osios g. 7-2, prašau", "Vasario"),
        ("stanujem na Put Supavla 3, stan 9, dođite", "stan 9"),
        ("evim Kartal Yalı Mah. 218. Sk. No:4 D:11, gelin", "D:11"),
        ("Mustafa Kemal Mah. Gül Cd. No:7 D:3", "Gül"),
        ("turamiz ko'chasi Bobur Mirzo 12-uy, yordam bering", "Bobur"),
        ("Mirobod tumani, 4-mavze, 9-uy, 17-xonadon", "Mirobod"),
        ("adres mkr. Kuyluk-2, dom 8, kv. 19 pozvonite", "Kuyluk"),
        ("zhivem 41 mkr, dom 3, kv 27, priezzhayte", "41 mkr"),
        ("na ul. Lesnaya 14 komnata 8 v obshchage", "komnata 8"),
        ("IV mikrorayon, korpusi 6, bina 19, mogit?", "bina 19"),
        ("we are in kutaisi, Tsereteli st 12, apt 4", "Tsereteli"),
        ("She lives at 7 Rehov Ha-Shomer, apt 2", "Ha-Shomer"),
        ("адреса вул. Полтавське шосе 14, кв. 3", "Полтавське"),
        ("send it to Oakfield Lane, Clondalkin, Dublin 22, D22 K7P4, house 9", "Oakfield"),
        # A bare mobile number in a message that names its country or a town of it.
        ("Я з Риги, моя сестра Ольга, 29 481 306", "29 481 306"),
        ("Tallinn, call Marta 5342 8817 tonight", "5342 8817"),
        ("живу в Загребі, дзвоніть 091 336 2217", "336 2217"),
        # Plates of the region in their own formats.
        ("mashina ego 10 A 512 BC, chernaya", "512"),
        ("uvezli na mashine 45 KP 723 v Gyumri", "45 KP 723"),
        ("nomer mashiny K 347 MV 799, seraya", "K 347 MV 799"),
        ("his prison number is B1234XY, transferred", "B1234XY"),
    ],
)
def test_the_round_sixteen_families_go(text: str, gone: str) -> None:
    assert gone not in scrub(text).text, scrub(text).text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("я на Suboxone 8, все нормально", "Suboxone 8"),
        ("перевели на Subutex 2 mg з понеділка", "Subutex 2 mg"),
        ("купила на iPhone 13 захисне скло", "iPhone 13"),
        ("в Ризі, Terminal 2 закритий на ремонт", "Terminal 2"),
        ("in Riga, bus 42 goes to the clinic", "bus 42"),
        ("Article 309 of the code says so", "Article 309"),
        ("мы в Тарту, Lidl 24 часа работает", "Lidl"),
        ("в Таллинне, COVID-19 тест бесплатно", "COVID-19"),
        ("живу в Вильнюсе 2 года, работаю", "2 года"),
        ("в Jelgava 14 декабря будет встреча", "14 декабря"),
        ("in Tallinn, Saturdays 10-14 the centre is open", "Saturdays 10-14"),
        ("at the hospital in Kaunas, Savanoriu 2, they test", "Savanoriu 2"),
        ("в Варшаві, Windows 11 не запускається", "Windows 11"),
        # Amounts in a message that names a country.
        ("в Латвии это стоит 25 000 000 EUR", "25 000 000"),
        ("Estonia: 5590 3342 tablets were seized", "5590 3342"),
        # Plate-like doses and codes.
        ("took 10 MG 500 times", "10 MG 500"),
        ("the form A-12 asks for it", "A-12"),
    ],
)
def test_round_sixteen_look_alikes_stay(text: str, kept: str) -> None:
    assert kept in scrub(text).text, scrub(text).text


def test_a_message_names_its_countries_by_their_names_and_towns() -> None:
    assert named_regions("я зараз у Ризі, потім у Таллінні") == frozenset({"LV", "EE"})
    assert named_regions("hello from Tbilisi") == frozenset({"GE"})
    assert named_regions("нічого не сказано") == frozenset()
