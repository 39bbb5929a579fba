"""The families added in the eighth round (issue 16, after the fourteenth writer's held-out
look and the fifteenth writer's first look): each with names, numbers and places that are in
none of the labelled files, and the meaning words it must leave alone."""

from __future__ import annotations

import random

import pytest

from peerline_shared.privacy.scrub import scrub
from peerline_testing.scrub_asserts import assert_kept, assert_removed

SEEDS = range(6)

# --- given names of the host countries, from the international list --------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Our landlord Tapio took the deposit and left", "Tapio"),
        ("ask for Brigitta at the desk, she speaks Russian", "Brigitta"),
        ("my neighbour Kaspars drives to Jelgava on Fridays", "Kaspars"),
        ("the caseworker, Saoirse, said to come back Monday", "Saoirse"),
        ("the Swiss volunteer Reinhard brings food on Sundays", "Reinhard"),
        ("наш бригадир Gintaras платить готівкою", "Gintaras"),
        ("Mein Betreuer heißt Lukas, er kommt am Montag", "Lukas"),
    ],
)
def test_an_unlisted_given_name_of_a_host_country(text: str, name: str) -> None:
    assert_removed(text, name)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Will the clinic open on Monday?", "Will"),
        ("May I bring my partner to the appointment?", "May"),
        ("Mark my words, the rules will hurt people", "Mark"),
        ("Rose water and cream for the abscess?", "Rose"),
        ("Bill came for the room, €450 for March", "Bill"),
        ("Can I take naloxone on the plane?", "Can"),
        ("I'm staying at a friend's place, 14 Ocean Ave, Brooklyn", "Brooklyn"),
        ("black Logan with Moldovan plates follows me", "Logan"),
    ],
)
def test_english_words_and_places_that_are_names_elsewhere_stay(text: str, word: str) -> None:
    assert_kept(text, word)


# --- a Russian-listed name in Ukrainian spelling ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Самарканд, тітка Дільноза чекає", "Дільноза"),
        ("передайте Зульфії, що ліки є", "Зульфії"),
    ],
)
def test_a_listed_name_in_ukrainian_spelling(text: str, name: str) -> None:
    assert_removed(text, name)


# --- a phone after a country's adjective ------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_a_number_after_a_countrys_adjective(seed: int) -> None:
    rng = random.Random(seed)
    number = f"9{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(100, 999)}"
    text = f"мій норвезький {number}, пишіть увечері"
    assert_removed(text, number)
    assert_kept(text, "увечері")


def test_a_countrys_adjective_before_a_sum_is_no_phone() -> None:
    assert_kept("польских 1200 злотых в месяц за комнату", "1200")


# --- plates after "номери", Austria's district letters ------------------------------------------


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("Литовські номери KDR 552 на сірому бусі", "KDR 552"),
        ("машина з австрійськими номерами GR-7735K стоїть біля табору", "GR-7735K"),
    ],
)
def test_plates_after_numbers_in_the_plural(text: str, plate: str) -> None:
    assert_removed(text, plate)


def test_phone_numbers_in_the_plural_are_no_plate() -> None:
    scrubbed = scrub("Ось номери: Олег 067 204 11 90 і Тарас").text
    assert "[plate]" not in scrubbed


# --- a house before a Romance street type -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("room 2, 41 Rua do Carmo, Porto", "41 Rua do Carmo"),
        ("I sleep at 9 Calle Toledo now", "9 Calle Toledo"),
    ],
)
def test_a_house_before_a_romance_street_type(text: str, address: str) -> None:
    assert_removed(text, address)


def test_money_sent_via_a_service_is_no_street() -> None:
    assert_kept("sent 3 via Western Union yesterday", "via Western Union")


def test_an_entrance_as_an_ordinal_word() -> None:
    assert_removed("Одеса, Базарна 117, третій під'їзд, швидко!", "Базарна 117")


# --- nicknames joined to a name, adjective nicknames, the place a person is from -------------


@pytest.mark.parametrize(
    ("text", "nickname"),
    [
        ("Бублик і Сирник знову разом, я боюсь за них", "Бублик"),
        ("Пишет какой-то Жорик, говорит что от Косого", "Косого"),
        ("передай від Рудого, що все буде", "Рудого"),
    ],
)
def test_nicknames_joined_to_names_and_made_of_adjectives(text: str, nickname: str) -> None:
    assert_removed(text, nickname)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Мама і Олег прийшли на сайт", "Мама"),
        ("Київ і Олена — це все, що я маю", "Київ"),
        ("я з Великого Новгорода", "Великого Новгорода"),
        ("їдемо до Білої Церкви від Центрального ринку", "Центрального ринку"),
        ("Салам, я Азамат из Кызылорды, работаю на стройке", "Кызылорды"),
        ("Tymur from Odesa, now in Berlin", "Odesa"),
        ("живу в машині, біла Шкода, стою біля АТБ", "Шкода"),
    ],
)
def test_kin_places_and_cars_beside_names_stay(text: str, word: str) -> None:
    assert_kept(text, word)


def test_with_a_person_is_not_from_a_place() -> None:
    assert "Оксаною" not in scrub("передай Олі з Оксаною, що я прийду").text
