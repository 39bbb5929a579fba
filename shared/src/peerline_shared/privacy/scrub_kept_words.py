"""Words a found name may hold that are no person's: medicines by their stems, the words the
helpline lives by (substances, programmes, banks, cars, the ids clients report, services and
feasts), and institutions named after a place, a person or a saint.
"""

from __future__ import annotations

import re

# Medicines by the stems of their international names (antivirals, opioids and their
# antagonists, benzodiazepines, antibiotics…): "Софосбувир", "Naloxone" are no surnames.
MEDICINE = re.compile(
    r"(?:вир|vir|орфин|орфін|orphine|адон|adone|оксон|oxone|трексон|trexone|зепам|zepam|золам|zolam"
    r"|барбитал|барбітал|barbital|мицин|міцин|mycin|циклин|циклін|cycline|сартан|sartan|прил|pril"
    r"|олол|olol|азол|azole|тидин|tidine|фентанил|фентаніл|fentanyl|трамадол|tramadol)$"
)
# Words the helpline lives by, never a person, which triage after the scrubber needs ("пью
# прегабалин", "у мужа ПТСР"): substances and medicines with their case endings, health
# programmes as clients abbreviate them, and the banks and shops aid comes through. Applied to
# what the rules and the tagger found, not inside them, so the tagger's training is unchanged.
NEEDED_WORD = re.compile(
    r"(?:прегабал|габапент|тропикам|тропікам|мефедр|меф|амфетам|метамфетам|кодеин|кодеїн|героин"
    r"|героїн|гердос|ханк|кокаин|кокаїн|кокс|экстаз|екстаз|кетамин|кетамін|фенибут|фенібут"
    r"|феназепам|реланиум|реланіум|тарен|трамал|кристал|спайс|лирик|лірик|субутекс|суботекс"
    r"|субоксон|метадон|налоксон|бупренорф|pregabal|gabapent|tropicam|mephedr|amphetam"
    r"|methamphet|codein|heroin|ketamin|phenibut|lyric|crystal|spice|suboxon|subutex"
    # Slang and the words of who a client is: "на кумарах", "купує кратом", "Я ТРАНС ДЕВУШКА".
    r"|кумар|кратом|kratom|трансгендер|трансжін|трансженщин|транс|trans|квір|queer)\w{0,3}"
    r"|опий|опій|опиум|опіум|соль|солі|соли|солью|сіль|альфа|альфу|альфы|альфі|альфой|альфою"
    r"|арвт|арв|преп|prep|пеп|pep|птср|ptsd|віл|вил|вич|hiv|снід|спід|спид|aids|зпт|озт|ost"
    r"|моно|монобанк|приватбанк|ощадбанк|сільпо|сильпо|атб"
    # The cars the region drives, in the cases of a sentence about one ("біла Шкода", "на
    # Тойоті"; not "Лада", a woman's name too).
    r"|(?:шкод|škod|skod|жигул|таври|таврі|тойот|toyot|фольксваген|volkswagen|опел|opel|форд"
    r"|рено|renault|логан|logan|хонд|hond|мазд|mazd|ніссан|ниссан|nissan|хюндай|хундай|hyundai"
    r"|мерседес|mercedes|ауді|ауди|audi|пежо|peugeot|сітроен|ситроен|citro[eë]n|фіат|фиат|fiat"
    r"|дачі|дачи|dacia|шевроле|chevrolet|ланос|lanos|лачетті|лачетти|lacetti|нексі|нексия|nexia"
    r"|матиз|matiz|газел|газел|москвич|запорожц|запорожець|daewoo|деу)\w{0,3}"
)
# The names of the numbers a client reports ("Мій РНОКПП …", "PESEL маю"), and the stems of
# the services they use (аутріч, drop-in) and of the fasts and feasts their doses are timed
# around ("після ифтара"; not Курбан, Ураза, Рождество: surnames and names begin so): looked up
# after NEEDED_WORD fails, as a set and by `startswith`.
REPORTED_IDS = frozenset(
    ("рнокпп", "іпн", "ипн", "инн", "иин", "пинфл", "снилс", "pesel", "nie", "dni", "bsn", "nir", "iban",
     "nhs", "pps", "ssn", "id")
)  # fmt: skip
SERVICE_AND_FEAST_STEMS = (
    "аутрич", "аутріч", "аутреч", "outreach", "дропин", "дроп-ин", "дропін", "дроп-ін", "ифтар", "іфтар",
    "iftar", "рамадан", "ramadan", "сухур", "suhoor", "пасх", "великодн", "великдн", "різдв", "песах",
    "шабат", "ханук",
)  # fmt: skip
_WORD = re.compile(r"\w+")


def only_needed_words(text: str) -> bool:
    """True when every word of a found name is one of the helpline's own (NEEDED_WORD, the ids'
    names, the services' and feasts' stems) or a car."""
    words = _WORD.findall(text.lower())
    return bool(words) and all(_needed(word) for word in words)


def _needed(word: str) -> bool:
    return (
        bool(NEEDED_WORD.fullmatch(word)) or word in REPORTED_IDS or word.startswith(SERVICE_AND_FEAST_STEMS)
    )


# An institution named after a place or a person: the capitalised word before it is neither.
INSTITUTION_AFTER = re.compile(
    r"[ \t]+(?:районн\w*|міськ\w*|обласн\w*|городск\w*|областн\w*|окружн\w*|апеляційн\w*"
    r"|апелляционн\w*|суд|суду|суді|суда|суде|судом|відділ\w*|отдел\w*|лікарн\w*|больниц\w*"
    r"|диспансер\w*|університет\w*|университет\w*|ринок|ринку|рынок|рынке|вокзал\w*|district"
    r"|court|hospital|clinic|university|station|market)(?!\w)"
)
# A saint's name or an organisation's name after its kind is neither a client nor a worker:
# "Клініка Святого Миколая", "St Mary's", "Центр Віра і Надія", "фонд «Відродження»".
INSTITUTION_WORDS = frozenset(
    (
        "святого", "святої", "святий", "свята", "святой", "святая", "святую", "святителя", "st", "st.",
        "saint", "san", "santa", "santo", "sankt", "são", "центр", "центру", "центрі", "центре", "центром",
        "клініка", "клініки", "клініці", "клініку", "клиника", "клиники", "клинике", "клинику", "фонд",
        "фонду", "фонді", "фонде", "організація", "організації", "організацію", "организация", "организации",
        "организацию", "church", "centre", "center", "foundation", "charity", "clinic", "hospital",
    )
)  # fmt: skip
_CONNECTORS = frozenset(("і", "и", "й", "та", "and", "&"))
_QUOTES = '«"“„'


def _institution_before(text: str, start: int) -> bool:
    """Whether the kind of an institution ends the text before `start`, perhaps with one
    name and a connector between ("Центр Віра і ")."""
    words = [word.strip(_QUOTES) for word in text[max(0, start - 40) : start].lower().split()]
    words = [word for word in words if word]
    if words and words[-1] in INSTITUTION_WORDS:
        return True
    return len(words) >= 3 and words[-1] in _CONNECTORS and words[-3] in INSTITUTION_WORDS


# The same kinds opening the run of capitalised words itself ("St Mary", "Святого Миколая").
INSTITUTION_LEAD = re.compile(
    r"(?i)(?:st\.?|saint|san|santa|santo|sankt|свят(?:ого|ої|ий|а|ой|ая|ую|ителя)|центр|фонд)[ \t]+"
)


def named_institution(text: str, start: int, end: int) -> bool:
    """Whether the words from `start` to `end` name an institution or a saint, not a person."""
    return bool(
        INSTITUTION_AFTER.match(text, end)
        or INSTITUTION_LEAD.match(text, start)
        or _institution_before(text, start)
    )
