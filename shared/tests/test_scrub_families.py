"""The families added after the third writer's file: each rule on generated variants (seeded),
not on that file's strings, and the meaning words each must leave alone."""

from __future__ import annotations

import random

import pytest
from stdnum import luhn

from peerline_shared.privacy.scrub import KINDS, scrub
from peerline_shared.privacy.scrub_translit import cyrillic_keys, latin_key
from peerline_testing.scrub_asserts import assert_kept, assert_removed

SEEDS = range(12)


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


_removed = assert_removed
_kept = assert_kept


# --- phones ---------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_phone_grouped_by_any_dash(seed: int) -> None:
    rng = random.Random(seed)
    dash = rng.choice([" — ", " – ", "—", "–", " ‒ ", " − ", "-"])
    operator = rng.choice(["50", "66", "67", "68", "93", "96", "97", "98"])
    groups = [f"0{operator}", _digits(rng, 3), _digits(rng, 2), _digits(rng, 2)]
    prefix = rng.choice(["+38 ", "", "+38"])
    number = prefix + dash.join(groups)
    _removed(f"Мій номер {number}. Дякую", dash.join(groups[1:]))


@pytest.mark.parametrize(
    "line", ["0 800 500 451", "0-800-509-001", "8 800 080 8800", "0800 123 4567", "1-800-273-8255"]
)
def test_free_phone_lines_are_kept(line: str) -> None:
    _kept(f"Гаряча лінія {line} не відповідає", line)


@pytest.mark.parametrize("seed", SEEDS)
def test_dictated_digits_with_lone_look_alikes(seed: int) -> None:
    rng = random.Random(seed)
    digits = list("07" + _digits(rng, 9))
    spoken = [
        rng.choice("OО") if d == "0" and rng.random() < 0.6 else rng.choice("Il") if d == "1" else d
        for d in digits
    ]
    text = " ".join(spoken[:5]) + " - " + " ".join(spoken[5:8]) + " - " + " ".join(spoken[8:])
    _removed(f"my number again: {text} (uk mobile)", " ".join(spoken[5:8]))


def test_a_lone_look_alike_among_few_digits_stays() -> None:
    _kept("Can I 5 times a day? Room O 12", "I 5", "O 12")


@pytest.mark.parametrize("seed", SEEDS)
def test_hyphenated_tens_in_a_dictated_number(seed: int) -> None:
    rng = random.Random(seed)
    tens = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
    units = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
    operator = rng.choice(["sixty-seven", "ninety-three", "sixty-eight", "ninety-five", "fifty"])
    pairs = [f"{rng.choice(tens)}-{rng.choice(units)}" for _ in range(2)]
    # +380, the operator, three digits one by one, then two pairs: nine digits after +380
    text = f"plus three eight zero, {operator}, two two one, {pairs[0]}, {pairs[1]}."
    _removed(f"number: {text} It's me", operator, pairs[0], pairs[1])


# --- cards, personal codes, records -----------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_card_shaped_numbers_go_even_with_a_wrong_check_digit(seed: int) -> None:
    rng = random.Random(seed)
    number = rng.choice("45") + _digits(rng, 15)
    if luhn.is_valid(number):
        number = number[:-1] + str((int(number[-1]) + 1) % 10)
    grouped = " ".join(number[i : i + 4] for i in range(0, 16, 4))
    _removed(f"картка {grouped}, отримувач", grouped)
    _removed(f"переказ на картку {number}?", number)


def test_amounts_and_years_in_groups_stay() -> None:
    _kept("у 2023 2024 роках, 1 500 000 грн", "2023 2024", "1 500 000")


@pytest.mark.parametrize("seed", SEEDS)
def test_personal_codes_by_national_shape(seed: int) -> None:
    rng = random.Random(seed)
    letters = "ABCDEFGHJKLMNPRSTVWXYZ"
    codes = [
        f"{_digits(rng, 6)}-{_digits(rng, 3)}{rng.choice(letters)}",  # Finland
        f"{_digits(rng, 7)}{rng.choice('ABCDEFGHJKLMNPRSTVW')}{rng.choice(['', 'A', 'W'])}",  # Ireland
        "".join(rng.choice(letters) for _ in range(6))  # Italy, codice fiscale
        + _digits(rng, 2)
        + rng.choice("ABCDEHLMPRST")
        + _digits(rng, 2)
        + rng.choice(letters)
        + _digits(rng, 3)
        + rng.choice(letters),
        f"{_digits(rng, 8)}{rng.choice(letters)}",  # Spain, DNI
        f"{rng.choice('XYZ')}{_digits(rng, 7)}{rng.choice(letters)}",  # Spain, NIE
        f"{_digits(rng, 6)}-{_digits(rng, 4)}",  # Sweden, Denmark
    ]
    for code in codes:
        _removed(f"Мій код {code}, лікар просить довідку", code)


@pytest.mark.parametrize("seed", SEEDS)
def test_codes_after_their_name_hold_letters(seed: int) -> None:
    rng = random.Random(seed)
    code = _digits(rng, 2) + rng.choice(["AB", "KX", "ZT"]) + _digits(rng, 5)
    keyword = rng.choice(
        ["Georgian passport", "PPS number is", "isikukood", "henkilötunnus", "my personal code is"]
    )
    _removed(f"Please note: {keyword} {code}, currently in Gothenburg", code)


@pytest.mark.parametrize("seed", SEEDS)
def test_prisoner_numbers_and_record_numbers_after_a_sign(seed: int) -> None:
    rng = random.Random(seed)
    prisoner = rng.choice("ABCK") + _digits(rng, 4) + rng.choice(["DC", "XK", "AB"])
    _removed(f"He is in Norwich prison. Prisoner number {prisoner}. Can you check?", prisoner)
    record = _digits(rng, rng.randint(3, 6))
    word = rng.choice(["карта", "медкарта", "справа", "case", "картка"])
    _removed(f"Пацієнт, {word} №{record}, просить", record)


def test_a_code_after_where_it_is_kept() -> None:
    _removed("Patient ID in their system is PL-OST-55821.", "PL-OST-55821")
    _removed("Номер клієнта в базі центру — KV-0412-77.", "KV-0412-77")
    _kept("Дело по 309 статье, суд 14 ноября", "309 статье")
    _kept("медкарта №4417/23 в наркодиспансері", "наркодиспансері")


# --- addresses, coordinates, dates, plates ---------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_streets_with_the_type_after_the_name(seed: int) -> None:
    rng = random.Random(seed)
    name = rng.choice(["Tallinna", "Pärnu", "Brīvības", "Gedimino", "Vilniaus", "Hämeen", "Váci"])
    kind = rng.choice(["mnt", "tn", "pst", "iela", "pr.", "g.", "tie", "út"])
    house = f"{rng.randint(1, 200)}-{rng.randint(1, 90)}"
    _removed(f"живу {name} {kind} {house}, Narva", house)


@pytest.mark.parametrize("seed", SEEDS)
def test_coordinates_in_degrees_minutes_seconds(seed: int) -> None:
    rng = random.Random(seed)
    lat = f"{rng.randint(44, 52)}°{rng.randint(0, 59):02d}'{rng.randint(0, 59):02d}\"N"
    lon = f"{rng.randint(22, 40)}°{rng.randint(0, 59):02d}'{rng.randint(0, 59):02d}\"E"
    _removed(f"Я тут: {lat} {lon}, за вокзалом", lat, lon)


@pytest.mark.parametrize("seed", SEEDS)
def test_dates_of_birth_with_roman_months_or_short_years(seed: int) -> None:
    rng = random.Random(seed)
    roman = rng.choice(["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"])
    date = f"{rng.randint(1, 28)}{rng.choice('/.')}{roman}{rng.choice('/.')}{rng.randint(1950, 2005)}"
    _removed(f"дата рождения {date}, ФИО", date)
    month = rng.choice(["травня", "березня", "июня", "March", "квітня"])
    short = f"{rng.randint(1, 28)} {month} {rng.randint(60, 99)}-го"
    _removed(f"народився {short}. Чи можна", short)


def test_a_chapter_number_and_a_plain_date_stay() -> None:
    _kept("Глава IV, стаття 12; прийом 3 травня 10 осіб", "IV", "3 травня 10")


@pytest.mark.parametrize("seed", SEEDS)
def test_plates_of_the_diaspora_countries(seed: int) -> None:
    rng = random.Random(seed)
    upper = "ABCDEFGHJKLMNPRSTVWXYZ"
    plates = [
        f"{rng.choice(upper)}{rng.choice(upper)}{_digits(rng, 2)} {''.join(rng.sample(upper, 3))}",  # UK
        f"{rng.choice(['M', 'B', 'HH', 'K'])}-{rng.choice(upper)}{rng.choice(upper)} {rng.randint(1, 9999)}",
        f"{rng.choice(upper)}{rng.choice(upper)}-{_digits(rng, 3)}-{rng.choice(upper)}{rng.choice(upper)}",
    ]
    for plate in plates:
        _removed(f"Машину зупинили, номер {plate}, що робити?", plate)
    near_car = f"{rng.choice(upper)}{rng.choice(upper)} {_digits(rng, 4)}{rng.choice(upper)}"
    _removed(f"Моє авто зареєстроване в Польщі — {near_car}, мене зупинили", near_car)


def test_a_word_and_a_number_near_a_car_stay() -> None:
    _kept("моя машина стоїть біля ЗПТ 2024 року, car with HIV 300 pills", "ЗПТ 2024", "HIV 300")


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cue", "nickname"),
    [
        ("Мене всі знають як", "Шуруп"),
        ("Он знает меня как", "Рыжий"),
        ("we call him", "Dzhin"),
        ("на районі його всі звемо його", "Гвинт"),
        ("она известна как", "Лиса"),
    ],
)
def test_nicknames_after_known_as_words(cue: str, nickname: str) -> None:
    _removed(f"{cue} {nickname} з Виноградаря, роздаю шприци", nickname)


def test_known_as_before_an_ordinary_word_takes_nothing() -> None:
    _kept("всі знають як це робити, а я не знаю", "як це робити")


def _pseudo_name(rng: random.Random) -> str:
    syllables = ["жа", "ныл", "гу", "ль", "айп", "ери", "мээ", "рим", "дил", "ноз", "бер", "мет"]
    return "".join(rng.choice(syllables) for _ in range(2)).capitalize()


@pytest.mark.parametrize("seed", SEEDS)
def test_a_rare_name_after_i_am(seed: int) -> None:
    name = _pseudo_name(random.Random(seed))  # in no dictionary, whatever its ending suggests
    _removed(f"Привет, я {name}, мой номер потом", name)


@pytest.mark.parametrize(
    ("cyrillic", "spellings"),
    [
        ("юлія", ["Yuliia", "Julia", "JULIIA", "Yulia", "Juliya"]),
        ("шохрух", ["Shokhrukh", "Shohruh", "SHOKHRUKH"]),
        ("олександр", ["Oleksandr", "Olexandr", "OLEKSANDR"]),
    ],
)
def test_latin_spellings_share_a_key_with_the_cyrillic_name(cyrillic: str, spellings: list[str]) -> None:
    keys = cyrillic_keys(cyrillic)
    for spelling in spellings:
        assert latin_key(spelling) in keys, (spelling, keys)


@pytest.mark.parametrize("given", ["JULIIA", "YULIYA", "SHOKHRUKH", "OLEXANDR"])
def test_a_capitals_pair_with_a_transliterated_given_name(given: str) -> None:
    _removed(f"в паспорті {given} HORVAT, номер потім", given, "HORVAT")


@pytest.mark.parametrize("name", ["Паша", "Віка", "Саша", "Oksana"])
def test_a_given_name_from_a_place_inside_a_list_of_places(name: str) -> None:
    _removed(f"Хостел у Познані, {name} з Житомира, передознувся", name)


def test_lower_case_central_asian_name_pairs() -> None:
    _removed("пишу за брата. абдуллаев шохрух, сейчас в Ташкенте", "шохрух")
    _removed("сестра каримова дилноза в Самарканде", "дилноза")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Тест положительный. Софосбувир+велпатасвир 12 недель", "Софосбувир"),
        ("Лікар. Долутегравир і тенофовир видають?", "Долутегравир"),
        ("Please write down: Ana Lomidze, Georgian passport, currently", "Georgian"),
        ("She is Armenian, her partner is Moldovan.", "Armenian"),
        ("Мы в Брюсселе, у жены ВИЧ, нужна клиника", "ВИЧ"),
        ("Маю NHS number, як записатися", "NHS"),
        ("Справа в суді, Печерський районний суд", "Печерський"),
    ],
)
def test_medicines_nationalities_acronyms_and_institutions_stay(text: str, word: str) -> None:
    _kept(text, word)


def test_placeholder_words_never_read_as_names() -> None:
    # A placeholder breaks a run of names; none of its words may itself start one.
    for kind in KINDS:
        text = f"Олена Петренко [{kind}] знову"
        once = scrub(text).text
        assert scrub(once).text == once
        assert f"[{kind}]" in once
