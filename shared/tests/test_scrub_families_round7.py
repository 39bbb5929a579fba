"""The families added in the seventh round (issue 16, after the thirteenth writer's first
look): each with names, numbers and places that are in none of the labelled files, and a
meaning word it must leave alone."""

from __future__ import annotations

import random

import pytest

from peerline_shared.privacy.scrub import scrub
from peerline_shared.privacy.scrub_numbers import normalise_numbers
from peerline_testing.scrub_asserts import assert_kept, assert_removed

SEEDS = range(6)


_removed = assert_removed
_kept = assert_kept


# --- a name after a role word, in its grammatical cases ----------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Суддя Бондарук переніс засідання", "Бондарук"),
        ("Був у прокурора Левицького вчора", "Левицького"),
        ("Водителя Рамиля уволили", "Рамиля"),
        ("Judge Whitfield adjourned it", "Whitfield"),
        ("the driver Kostas will wait at the stop", "Kostas"),
        ("my dealer Zhenia moved away", "Zhenia"),
    ],
)
def test_a_name_after_a_role_word(text: str, name: str) -> None:
    _removed(text, name)


def test_a_role_word_without_a_name_keeps_its_words() -> None:
    _kept("водій автобуса сказав чекати", "водій", "автобуса")
    _kept("the judge in Leeds said no", "judge", "Leeds")


# --- naming verbs, with who is named between --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("на районі всі кличуть його Гвоздь", "Гвоздь"),
        ("Меня во дворе называли Сом", "Сом"),
        ("a guy named Rhys sells there", "Rhys"),
        ("Шпилем его зовут, он с Подола", "Шпилем"),
        ("Mi amigo se llama Gonzalo", "Gonzalo"),
    ],
)
def test_a_nickname_after_or_before_a_naming_verb(text: str, name: str) -> None:
    _removed(text, name)


def test_a_naming_verb_before_an_ordinary_word_keeps_it() -> None:
    _kept("його кличуть на роботу", "роботу")
    _kept("это называют по-разному", "по-разному")
    _kept("Всі кличуть, а ніхто не йде", "Всі")


# --- a nickname as the subject of what a person does ------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Сухарь опять пропал, ищем", "Сухарь"),
        ("Junior got arrested again", "Junior"),
        ("Кнопа сьогодні не прийшла", "Кнопа"),
    ],
)
def test_a_capitalised_subject_before_a_persons_verb(text: str, name: str) -> None:
    _removed(text, name)


@pytest.mark.parametrize(
    "text",
    [
        "Врач сказал, что всё хорошо",
        "Щойно пішла поліція",
        "Скорая говорит ждать",
        "Работодатель просит справку",
    ],
)
def test_generic_subjects_adverbs_and_roles_are_kept(text: str) -> None:
    _kept(text, text.split()[0])


# --- given names of the host countries, and an English possessive -----------------------------


@pytest.mark.parametrize("name", ["Gonzalo", "Tommaso", "Zeynep", "Irakli", "Mihaela", "Yonatan"])
def test_a_host_countrys_given_name(name: str) -> None:
    _removed(f"ask for {name} at the door", name)
    _removed(f"that's {name}'s room", name)


def test_saints_and_institutions_named_after_people_are_kept() -> None:
    _kept("Клініка Святого Пантелеймона приймає", "Пантелеймона")
    _kept("Hep B test at St Patrick's tomorrow", "Patrick")
    _kept("Центр Надія і Життя працює", "Надія")
    _kept("near Victoria station", "Victoria")
    _kept("Jesus, I'm so tired", "Jesus")


def test_a_surname_a_message_comes_from() -> None:
    _removed("Прийшло повідомлення від Ткачука, він злий", "Ткачука")
    _kept("лист від Укрпошти прийшов", "Укрпошти")


def test_capitals_after_a_relation_take_only_the_name() -> None:
    result = scrub("СЕСТРА ОКСАНА ЗНОВУ ПЛАЧЕ").text
    assert "ОКСАНА" not in result and "ПЛАЧЕ" in result, result


# --- plates by country shape, and after plural "номера" ---------------------------------------


def _czech_plate(rng: random.Random) -> str:
    letters = "ABCEHJKLMPSTUZ"
    series = f"{rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters + '0123456789')}"
    return f"{series} {rng.randint(1000, 9999)}"


def _polish_plate(rng: random.Random) -> str:
    region = rng.choice(["WA", "KR", "GD", "PO", "WPR", "DW", "LU"])
    return f"{region} {rng.randint(10, 999)}{rng.choice('ABCEFHKLMNPRSTWXY')}{rng.choice(['', 'K', 'M'])}"


@pytest.mark.parametrize("seed", SEEDS)
def test_czech_and_polish_plates_without_a_cue(seed: int) -> None:
    rng = random.Random(seed)
    czech, polish = _czech_plate(rng), _polish_plate(rng)
    _removed(f"Нас підвіз бус {czech} до вокзалу", czech)
    _removed(f"Стоїть під блоком {polish}, біла", polish)


def test_plates_after_plural_number_words() -> None:
    _removed("ездит на номерах KBA 417, белый", "KBA 417")
    _kept("номера телефонов у меня нет", "телефонов")


@pytest.mark.parametrize("text", ["HIV 300 copies, CD4 250", "3TC 150 мг, ЗПТ 2024", "WHO 2023 report"])
def test_a_word_and_a_number_are_no_plate(text: str) -> None:
    assert "[plate]" not in scrub(text).text


# --- streets of Turkey and Israel; a passport series in two groups ----------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [("Gül Sokak No: 14, Izmir", "Gül Sokak No: 14"), ("Rehov Dizengoff 120, top floor", "Dizengoff 120")],
)
def test_turkish_and_israeli_streets(text: str, address: str) -> None:
    _removed(text, address)


def test_a_turkish_place_without_a_house_number_is_kept() -> None:
    _kept("landed at Atatürk Airport at 6", "Atatürk Airport")


@pytest.mark.parametrize("seed", SEEDS)
def test_a_passport_series_with_its_digits_in_two_groups(seed: int) -> None:
    rng = random.Random(seed)
    number = f"{rng.choice('EFKMT')}{rng.choice('AEHKMT')} {rng.randint(100, 999)} {rng.randint(100, 999)}"
    _removed(f"закордонний {number}, термін до 2030", number)
    _kept("курс 120 000 гривень", "120 000")


# --- dictated numbers -------------------------------------------------------------------------


def test_dictated_groups_joined_by_words_of_dictation() -> None:
    _removed("нуль шістдесят сім, далі 412, потім 33 90", "412", "33 90")
    _kept("Дозу 8 мг, потом 4 мг, потом 2 мг", "8 мг", "4 мг")


def test_a_teen_after_hundreds_is_one_number() -> None:
    normalised = normalise_numbers("девятьсот шестнадцать")
    assert normalised is not None and normalised.text == "916"


def test_the_year_2000_and_after_in_words() -> None:
    _removed("народився третього березня двохтисячного року", "двохтисячного")
    _removed("родилась пятого мая две тысячи третьего года", "две тысячи третьего")
    _kept("первого мая две тысячи двадцать четвертого года был митинг", "первого мая")


# --- street slang for drugs -------------------------------------------------------------------


@pytest.mark.parametrize("text", ["після мефа не спав три дні", "друг после спайса в судорогах"])
def test_drug_slang_is_no_name(text: str) -> None:
    assert "[name]" not in scrub(text).text
