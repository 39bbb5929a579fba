"""The families added in the fifth round (issue 16, the seventh and eighth writers): each rule
on names, numbers and places that are in none of the labelled files, and the meaning words
each must leave alone."""

from __future__ import annotations

import random

import pytest

from peerline_testing.scrub_asserts import assert_kept, assert_removed

SEEDS = range(8)


_removed = assert_removed
_kept = assert_kept


# --- given names from the dictionaries' own list ----------------------------------------------


@pytest.mark.parametrize("name", ["Arslan", "Dzhamal", "Samir", "Kamila", "Ilgiz", "Elman"])
def test_a_dictionary_given_name_in_latin_letters_after_i_am(name: str) -> None:
    _removed(f"hello, i'm {name.lower()}, need help with my papers", name.lower())
    _removed(f"Hi, I am {name}. Where is the clinic?", name)


@pytest.mark.parametrize("name", ["Заур", "Анзор", "Ильгиз", "Тамерлан"])
def test_a_russian_dictionary_name_in_a_ukrainian_message(name: str) -> None:
    _removed(f"ЧОЛОВІК — {name.upper()} АЛІЄВ, ВІН У СІЗО, ДОПОМОЖІТЬ", name.upper())
    _removed(f"Вчора до нас прийшов {name} Алієв, він шукає житло", name)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Via Garibaldi 12, Milano — dove posso fare il test?", ("Milano", "test")),
        ("We moved to Sofia in May, is there OST?", ("Sofia", "OST")),
        ("I'm Ukrainian, from Kherson, I'm Pregnant and scared", ("Ukrainian", "Pregnant")),
        ("I'm Sorry, I'm Scared. Took methadone 80 mg", ("Sorry", "Scared", "methadone")),
        ("my friend said the clinic is closed", ("said", "clinic")),
        ("мій брат вколовся і не дихає", ("брат", "вколовся")),
    ],
)
def test_places_states_and_words_after_name_cues_stay(text: str, words: tuple[str, ...]) -> None:
    _kept(text, *words)


# --- relations, nicknames, introductions --------------------------------------------------------


@pytest.mark.parametrize(
    "text, secret",
    [
        ("my dad is Costache Rusu, he is in hospital", "Costache Rusu"),
        ("my sister is Ilinca, she uses", "Ilinca"),
        ("наш тато — Мирослав, він у СІЗО", "Мирослав"),
        ("my friend bohdan took too much", "bohdan"),
        ("my cousin nurlan is in Almaty", "nurlan"),
    ],
)
def test_a_name_after_a_relation_with_is_a_dash_or_in_lower_case(text: str, secret: str) -> None:
    _removed(text, secret)


@pytest.mark.parametrize(
    "text, secret",
    [
        ("Кличка у него Косой, живет на районе", "Косой"),
        ("позивний у нього був «Грім»", "Грім"),
        ("погоняло у неї Лиса", "Лиса"),
        ("Соседа кличут его Кабан", "Кабан"),
    ],
)
def test_a_nickname_with_words_between_the_cue_and_it(text: str, secret: str) -> None:
    _removed(text, secret)


@pytest.mark.parametrize("name", ["Vasilica", "Ehtibar", "Gheorghiță", "Zhanybek"])
def test_an_unlisted_latin_name_ending_an_introduction(name: str) -> None:
    _removed(f"I'm {name}, from the camp near the border", name)
    _removed(f"hello, this is {name}. Please call back", name)


def test_a_given_name_after_message_from() -> None:
    _removed("A message from Ruslana, she cannot write herself", "Ruslana")
    _kept("Greetings from Lviv and Warsaw", "Lviv", "Warsaw")


# --- surnames by their endings ----------------------------------------------------------------


@pytest.mark.parametrize(
    "pair",
    [
        "ГОЧА ЦИСКАРИШВИЛИ",
        "AIGERIM ZHAKUPBAYEVA",
        "ЕЛЬМАН АХУНДЗАДЕ",
        "Nurbek Tursunbayev",
    ],
)
def test_a_pair_in_capitals_anchored_by_a_surname(pair: str) -> None:
    _removed(f"ВІН У СІЗО: {pair}, ДОПОМОЖІТЬ", pair)


@pytest.mark.parametrize("surname", ["Гогичаишвили", "Мамедзаде", "Турсунбаев", "Ахмедоглу"])
def test_a_cyrillic_surname_the_dictionaries_only_guess_at(surname: str) -> None:
    _removed(f"Вчора дзвонив {surname} і погрожував", surname)


def test_towns_and_ordinary_words_are_no_surnames() -> None:
    _kept("живу в Донецьку, ходжу в Слов'янськ на ЗПТ", "Донецьку", "Слов'янськ", "ЗПТ")
    _kept("ВІЛ СНІД ГЕПАТИТ — ЩО РОБИТИ?", "ВІЛ", "СНІД", "ГЕПАТИТ")


# --- numbers, codes, addresses ----------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_a_code_of_capitals_with_digits_a_hyphen_and_digits(seed: int) -> None:
    rng = random.Random(seed)
    letters = "".join(rng.choice("ABCDEFGHKLMNPRSTXZ") for _ in range(rng.randint(1, 3)))
    code = f"{letters}{rng.randint(1, 99)}-{rng.randint(1000, 99999999)}"
    _removed(f"Die Behörde gab mir die Nummer {code}, was nun?", code)
    _kept("COVID-19 and CD4 450 are fine, H1N1 too", "COVID-19", "CD4 450", "H1N1")


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("separator", [" · ", "•", " * ", " | "])
def test_a_phone_grouped_by_middle_dots_or_bullets(seed: int, separator: str) -> None:
    rng = random.Random(seed)
    digits = f"67{rng.randint(1000000, 9999999)}"  # a Ukrainian mobile without its 0
    text = separator.join(("0" + digits[:2], digits[2:5], digits[5:7], digits[7:]))
    _removed(f"call me: {text}", text)


@pytest.mark.parametrize("seed", SEEDS)
def test_a_number_announced_by_number_nummer_numero(seed: int) -> None:
    rng = random.Random(seed)
    norwegian = f"4{rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(100, 999)}"
    for word in ("my number", "meine Nummer", "mon numéro"):
        _removed(f"{word} {norwegian}, thanks", norwegian)


@pytest.mark.parametrize(
    "text, secret",
    [
        ("we stay at Vodičkova 18, Praha 1, room is small", "Vodičkova 18"),
        ("живемо на Городоцькій 120, Lviv, поруч аптека", "Городоцькій 120"),
        ("address: Nowolipki 7B, Warszawa", "Nowolipki 7B"),
    ],
)
def test_a_house_number_before_a_known_town(text: str, secret: str) -> None:
    _removed(text, secret)


def test_a_number_before_a_town_without_a_place_cue_stays() -> None:
    _kept("Кабінет 204, Київ, прийом з 9:00", "Кабінет 204")
    _kept("took Subutex 8, Praha pharmacy", "Subutex 8")


# --- after the ninth set's first look ---------------------------------------------------------


@pytest.mark.parametrize("tld", ["ру", "ком", "уа", "кз"])
def test_an_e_mail_with_its_domain_said_in_cyrillic(tld: str) -> None:
    _removed(f"пишите: petro.h77 собака gmail точка {tld}", "petro.h77")


@pytest.mark.parametrize("seed", SEEDS)
def test_a_postal_index_before_the_town(seed: int) -> None:
    index = f"{random.Random(seed).randint(1000, 99999):05d}"
    _removed(f"Адреса: {index}, м. Полтава, вул. Соборна 5", index)
    _kept(f"зарплата {index}0, м. Полтава", f"{index}0")


def test_a_username_after_a_messenger_named_with_in() -> None:
    _removed("мій нік у телеграмі — MarkoTernopil", "MarkoTernopil")
    _removed("my nick on insta: dasha.art.kyiv", "dasha.art.kyiv")
    _kept("Пишите в телегу, я там каждый день", "телегу", "каждый день")
