"""The families added in the thirteenth round (issue 16, after writers 22–25): each with names,
places and numbers that are in none of the labelled files, and the look-alikes it must leave
alone (doses, prices, hours, laws' articles, hotlines)."""

from __future__ import annotations

import pytest

from peerline_testing.scrub_asserts import assert_kept, assert_removed

# --- names: initials, Romanian roles, capitals, Latin-letter cues, described and signed -----


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Підопічна (О.М., 24 роки, Полтава) знову не вийшла на зв'язок.", "О.М."),
        ("Терапевт у Вінниці, Гнатюк О.П., виписав трамадол.", "Гнатюк"),
        ("Врач Мельничук А.С. сказал, что можно.", "А.С."),
        ("AJUTOR, M-A LOVIT SERGENTUL RUSNAC LA POARTA.", "RUSNAC"),
        ("l-a văzut doamna Munteanu ieri la spital", "Munteanu"),
        ("NUMELE LUI E AGENTUL CEBOTARI, DE LA POSTUL 3", "CEBOTARI"),
        ("menya zovut rustam, ya iz Bishkeka", "rustam"),
        ("mene zvaty oksana, ya z Kyieva", "oksana"),
        ("ma numesc ion si am nevoie de ajutor", "ion"),
        ("moy drug farhod v bolnitse uzhe nedelyu", "farhod"),
        ("Рустам, 38 лет, живёт на вокзале.", "Рустам"),
        ("клієнт з Херсона, Роман на прізвисько Сокіл, ВІЛ+", "Роман"),
        ("Віра (52) з Ізюма просить ліки", "Віра"),
        ("Vasile zis 'Vulpea' a dispărut de o săptămână.", "Vulpea"),
        ("client 'Sprinter' sleeps at the bus station", "Sprinter"),
        ("my number +48 512 330 771 dilnoza", "dilnoza"),
        ("we visited the Kovalenkos yesterday, the son uses again", "Kovalenko"),
    ],
)
def test_a_name_of_the_round_goes(text: str, name: str) -> None:
    assert_removed(text, name)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("P.S. the U.S. embassy opens at 9 A.M.", "U.S."),
        ("P.S. the U.S. embassy opens at 9 A.M.", "P.S."),
        ("Київ, 25 років тому було інакше", "Київ"),
        ("menya zovut na rabotu zavtra, ne mogu", "rabotu"),
        ("moy drug skazal chto vse ok", "skazal"),
        ("гаряча лінія 0 800 500 335, цілодобово", "цілодобово"),
        ("the Ukrainians in Cork meet on Fridays", "Ukrainians"),
        ("the client said the methadone was 60 mg", "said"),
        ("Протокол № 55120934 составили ещё 5 марта", "марта"),
        ("Кызым 17 лет, учится в колледже в Оше", "Кызым"),
    ],
)
def test_look_alikes_of_the_round_s_names_stay(text: str, kept: str) -> None:
    assert_kept(text, kept)


# --- ids of the host countries, case references, dates of birth, plates -------------------


@pytest.mark.parametrize(
    ("text", "identifier"),
    [
        ("CNP 1850312 440 027 pentru dosar.", "440 027"),
        ("CNP-ul fratelui 1850312 440 027, vă rog", "1850312"),
        ("BSN 2039.48.117 van mijn cliënt.", "2039.48.117"),
        ("Account 3391 0482 at the bank for the refund.", "3391 0482"),
        ("Kundennummer Jobcenter 741A339102, bitte prüfen", "741A339102"),
        ("ARC у мене 2045517, боюся лікарні", "2045517"),
        ("ФИН 7QX2M4R, нужна помощь", "7QX2M4R"),
        ("закордонний FE 4 7 1 2 0 9, виліт завтра", "4 7 1 2 0 9"),
        ("buletin seria RT nr 552913, pierdut", "552913"),
        ("Az. 4 K 2214/23 beim Verwaltungsgericht.", "2214/23"),
        ("Geschäftszeichen 12 L 903/24.MZ bitte angeben.", "903/24"),
        ("Aktenzeichen Ausländerbehörde: 44.1-UKR-2291/24, bitte", "2291/24"),
        ("the file number is KR 3 Ds 2207.2025, please help", "2207.2025"),
        ("у справі Мельника (2 O 118/24) засідання перенесли", "118/24"),
        ("data nașterii: 12 martie 1987, nume Ion Lungu.", "12 martie 1987"),
        ("geboren am 3. März 1984 in Charkiw.", "1984"),
        ("nato il 7 settembre 1991 a Odessa.", "settembre 1991"),
        ("urodzona 4 lipca 1988 w Chersoniu", "lipca 1988"),
        ("номер машини КА 4 4 1 7 ВТ записала", "4 4 1 7"),
        ("mașina cu numărul CJ 12 XYZ a fugit", "CJ 12 XYZ"),
        (
            "машина збила клієнта біля Центрального ринку в Кишиневі вчора ввечері, "
            "молдавський номер KBV 347, водій втік",
            "KBV 347",
        ),
    ],
)
def test_an_identifier_of_the_round_goes(text: str, identifier: str) -> None:
    assert_removed(text, identifier)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Legea 143/2000 nu pedepsește tratamentul", "143/2000"),
        ("nach § 24 AufenthG hat sie Anspruch", "§ 24 AufenthG"),
        ("Metadon 80 mg seit 3 Jahren, Termin um 10:30", "80 mg"),
        ("la 3 mai 2024 am fost la spital", "3 mai 2024"),
        ("am plătit B 120 RON pentru analize", "120 RON"),
        ("ID 2 тижні тому загубила", "2 тижні"),
        ("Wir sind acht Leute, drei Kinder und zwei Erwachsene, seit 2022 hier.", "drei Kinder"),
        ("Hotline 0800 111 0 111, rund um die Uhr", "0800 111 0 111"),
        ("The form is null and void, opt out with one click", "null and void"),
    ],
)
def test_look_alikes_of_the_round_s_identifiers_stay(text: str, kept: str) -> None:
    assert_kept(text, kept)


# --- contacts: spelled e-mails, phones dictated in the host languages ---------------------


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("mail: ion punct rusu arond yahoo punct com", "rusu"),
        ("пошта oksana.kyiv гав укрнет ком", "oksana.kyiv"),
        ("пишіть на petro77 собака гмейл ком", "petro77"),
        ("scrivimi a marco punto rossi chiocciola libero punto it", "rossi"),
        ("kontakt: jan.nowak małpa wp kropka pl", "jan.nowak"),
        ("Tel. null sechs vier vier, zwei drei eins, acht neun, sieben sieben.", "sechs vier vier"),
        ("sunați la zero șapte doi, unu doi trei, patru cinci șase", "unu doi trei"),
    ],
)
def test_a_contact_of_the_round_goes(text: str, contact: str) -> None:
    assert_removed(text, contact)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("собака гав на мене, потім точка", "гав"),
        ("we met at home, dot com bubble talk", "dot com"),
    ],
)
def test_look_alikes_of_the_round_s_contacts_stay(text: str, kept: str) -> None:
    assert_kept(text, kept)


# --- addresses by postal convention ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Woont op Keizersgracht 12-B, 1015 CS Amsterdam.", "1015 CS"),
        ("Adres: Lange Nieuwstraat 8, 3512 PH Utrecht.", "3512 PH Utrecht"),
        ("domicilié Avenue Louise 87 bte 12, 1050 Ixelles.", "Louise 87"),
        ("My address: Flat 3, 22 Parnell Square, Dublin 1, D01 X2P4.", "D01 X2P4"),
        ("住所 〒160-0022 東京都新宿区新宿3-1-2 サンハイツ201 です", "新宿3-1-2"),
        ("Живу в Белграді, Bulevar kralja Aleksandra 73, stan 14.", "Aleksandra 73"),
        ("живу на Гамбургер штрасе 44, кімната 7", "штрасе 44"),
        ("жила на Пушкинской, 12, комн 4, потом съехала", "12, комн 4"),
    ],
)
def test_an_address_of_the_round_goes(text: str, address: str) -> None:
    assert_removed(text, address)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Eircode of the drop-in is T12 K8AF if you post leaflets", "T12 K8AF"),
        ("Unit 7, Greenogue Industrial Estate, Rathcoole, D24 X2K9 takes donations", "D24 X2K9"),
        ("Rue Haute is closed after 18:00 on Sundays", "18:00"),
    ],
)
def test_look_alikes_of_the_round_s_addresses_stay(text: str, kept: str) -> None:
    assert_kept(text, kept)
