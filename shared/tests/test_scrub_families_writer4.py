"""The families added after the fourth and fifth writers' files: each rule on generated
variants (seeded), not on those files' strings, and the meaning words each must leave alone."""

from __future__ import annotations

import random

import pytest

from peerline_shared.privacy.scrub import scrub
from peerline_testing.scrub_asserts import assert_kept, assert_removed

SEEDS = range(10)


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


_removed = assert_removed
_kept = assert_kept


# --- names standing alone -------------------------------------------------------------------


@pytest.mark.parametrize("name", ["Олена", "Оксана", "Богдан", "Марат", "Тарас", "Людмила"])
@pytest.mark.parametrize("shape", ["end", "caps", "start"])
def test_a_given_name_standing_alone(name: str, shape: str) -> None:
    text = {
        "end": f"Напишіть, будь ласка, куди йти. {name}",
        "caps": f"ЦЕ {name.upper()}, ТЕРМІНОВО ПОТРІБЕН МЕТАДОН",
        "start": f"{name}. Потрібна консультація щодо ПрЕП",
    }[shape]
    _removed(text, name, name.upper())


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Маю ще запас на 10 днів", ["Маю"]),
        ("Из СИЗО выпустили сегодня", ["Из"]),
        ("Хотим подать на УДО. Куда обращаться", ["УДО"]),
        ("кумар начинается, метадон не дали", ["кумар"]),
        ("алло\nє хто??", ["алло"]),
        ("все добре, тьфу-тьфу. Але я хочу навчитися", ["тьфу-тьфу"]),
        ("Надежда есть? Вера в лечение пропала", ["Надежда"]),
        ("мій номер 067, далі 31", ["далі"]),
        ("v grudi davit posle krisa", ["davit"]),
        ("Де купити ліки від ВІЛ у травні?", ["ліки", "травні"]),
    ],
)
def test_ordinary_words_that_read_as_names_stay(text: str, words: list[str]) -> None:
    _kept(text, *words)


@pytest.mark.parametrize("cue", ["звуть мене", "звати мене", "зовут меня", "звать меня"])
def test_naming_word_before_the_pronoun(cue: str) -> None:
    _removed(f"{cue} остап, мені треба допомога", "остап")


@pytest.mark.parametrize("cue", ["позивний", "позывной", "call sign"])
def test_call_signs_are_nicknames(cue: str) -> None:
    _removed(f"Шукаємо людину, {cue} «Буревій», бачили вчора", "Буревій")


@pytest.mark.parametrize("name", ["Shona McLeod", "Aidan O'Brien", "Ewan MacDonald", "ana-maria popescu"])
def test_gaelic_and_hyphenated_latin_names(name: str) -> None:
    _removed(f"My worker {name} said the bus stops by the clinic", name)


def test_on_behalf_of_a_name_is_no_street() -> None:
    _removed("Пишу от имени Зарины, она из Оша", "Зарины")
    _kept("Поверніть на вулицю імені Тараса Шевченка біля ринку", "ринку")


# --- handles, e-mails -----------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_words_joined_by_underscores_are_a_username(seed: int) -> None:
    rng = random.Random(seed)
    words = rng.sample(["vova", "kyiv", "Ваньок", "Рівне", "bez", "ruk", "zp", "life", "тьотя"], 3)
    handle = "_".join(words) + rng.choice(["", _digits(rng, 2)])
    _removed(f"мій нік на форумі — {handle}, там всі знають", handle)


def test_placeholders_with_underscores_are_no_username() -> None:
    assert scrub("[id_number] і [birth_date]").text == "[id_number] і [birth_date]"


@pytest.mark.parametrize("messenger", ["Signal", "Telegram", "Viber"])
def test_username_after_the_word_username(messenger: str) -> None:
    _removed(f"{messenger} username is 'petro.k.91' — message there", "petro.k.91")


def test_spelled_out_email_in_capitals() -> None:
    _removed("MY MAIL: IRA.K1990[AT]UKR[DOT]NET", "IRA.K1990")


# --- phones ---------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_a_number_dictated_in_groups_across_a_sentence(seed: int) -> None:
    rng = random.Random(seed)
    operator = rng.choice(["050", "066", "067", "093", "097"])
    middle, tail = _digits(rng, 3), _digits(rng, 4)
    text = f"мій номер починається на {operator}, потім {middle}, а кінець — {' '.join(tail)}. Дзвоніть"
    _removed(text, operator, middle, " ".join(tail))


def test_digits_glued_to_a_number_word() -> None:
    _removed("пишіть 0шість сім 5 вісім 1 2, дві сім ноль", "0шість")


def test_numbers_of_a_sentence_that_are_no_phone_stay() -> None:
    _kept("номер кабінету 12, прийом з 8 до 12, 2 ампули", "12", "8 до 12")


# --- documents and records ------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_codes_by_shape(seed: int) -> None:
    rng = random.Random(seed)
    letters = "".join(rng.choice("АБВГДЕКМНОПРСТ") for _ in range(rng.randint(1, 3)))
    codes = [
        f"{letters}-{_digits(rng, 4)}",
        f"{_digits(rng, 4)}-{rng.choice('АБВКНП')}",
        "".join(rng.choice("ABCDEFGHKMNPRSTXYZ") + rng.choice("123456789") for _ in range(4)),
    ]
    for code in codes:
        _removed(f"мій код там {code}, якщо треба", code)


@pytest.mark.parametrize(
    "text", ["COVID-19 і H1N1", "CD4 320", "120мг на день", "з 2022-го року", "Кабінет ЗПТ №3", "24/7"]
)
def test_short_codes_units_and_ordinals_stay(text: str) -> None:
    _kept(text, text)


@pytest.mark.parametrize("sign", ["Nr.", "No.", "№", "#"])
def test_a_number_sign_before_four_digits(sign: str) -> None:
    _removed(f"my patient card {sign} 4417 is lost", "4417")


@pytest.mark.parametrize("code", ["II K 412/24", "IV Ka 17/25", "761/1234/24"])
def test_court_signatures(code: str) -> None:
    _removed(f"Sprawa {code} w sądzie", code)


def test_a_seventeen_digit_proceedings_number() -> None:
    _removed("по делу 12024100040001873 вызывают", "12024100040001873")


def test_a_year_in_brackets_after_a_name_is_a_birth_year() -> None:
    _removed("Діти: Соломія (2016) і Назар (2019)", "2016", "2019")


# --- addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "Cejl 48, byt 12",
        "Героев Труда 28, 5 подъезд",
        "Lustdorfska road 140, flat 9",
        "Piotrkowska 104 m. 7",
        "Zeeburgerdijk 21-H",
        "Bloemgracht 12",
    ],
)
def test_a_house_with_a_flat_entrance_or_floor_whatever_the_street_words(address: str) -> None:
    _removed(f"Живу на {address}, приходьте", address)


def test_a_dose_and_a_floor_are_no_address() -> None:
    _kept("Метадон 110 мг, 2 поверх, кабінет 5", "Метадон 110 мг", "2 поверх")


def test_a_year_in_brackets_elsewhere_stays() -> None:
    _kept("Закон України (2015) про ЗПТ ще діє?", "2015")


@pytest.mark.parametrize(
    "text", ["на вулиці мінус 12, ночуємо на вокзалі", "на улице минус 12, спим в подъезде"]
)
def test_the_weather_is_no_address(text: str) -> None:
    _kept(text, "12")


@pytest.mark.parametrize(
    "text",
    [
        "я маю право на адвоката?",
        "я ніколи не кололася",
        "я из Луганской области",
        "Два роки тому мені дали умовний",
    ],
)
def test_ordinary_words_after_i_stay(text: str) -> None:
    _kept(text, text.split()[1])
