"""The cues around a personal name: naming words, relations and roles, "I am", street words.

Each cue is a pattern over lower-cased text; `Triggers` tells whether the word at a position
comes right after one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache, lru_cache

from peerline_shared.privacy.scrub_regex import (
    Anchored,
    ending_of,
    keyword_endings,
    lowered,
    prefix_tree_pattern,
)
from peerline_shared.privacy.scrub_street_words import STREET_WORDS
from peerline_shared.privacy.scrub_triggers import SPACES, trigger_words

LOOKAHEAD = 32
STRONG_TRIGGER = re.compile(
    r"(?:(?<![\w./@])(?:my name is|name is|name|named|holder|recipient|beneficiary|звати|звуть"
    r"|зовут|ім['’ʼ]я|имя|прізвище|фамилия|піб|фио|отримувач(?:ка)?|получател(?:ь|ьница)"
    r"|власни(?:к|ця)|владел(?:ец|ица)|пан|пані|громадян(?:ин|ка)|граждан(?:ин|ка)"
    # titles of address and of the professions in the host countries' languages, also as
    # clients transliterate them: "дотторе Esposito", "slečna Nováková", "avukat Yılmaz"
    r"|dottore|dottoressa|dott\.(?:ssa)?|дотторе|доттор|дотторесса|signor|signora|sig\.(?:ra)?"
    r"|синьор|синьора|señor|señora|sra\.|senhor|senhora|doutor|doutora|doctora|doktor|doktora"
    r"|docteur|madame|monsieur|mme|herr|frau|slečna|slečno|paní|pane|pani|panie|avvocato|avvocata"
    r"|abogado|abogada|advogado|advogada|avukat|kyrios|kyria|κύριος|κυρία|batono|калбатоно|батоно"
    r"|prof\.|professor|professore|профессор|професор|проф\.|нотариус|нотаріус|notaio)"
    r"[\s:,—–-]{0,3}|(?<![\w./@])(?:mr|mrs|ms|miss|dr)\.?\s{1,2})"
)
# Roles of the people a client deals with, in their grammatical cases (spelled out: the cue
# patterns' endings must be listable, see `keyword_endings`): "driver Paweł", "Judge Koval",
# "суддя Мельничук", "у нарколога Абдуллаева", "водителя Тимура".
ROLE_WORDS = (
    r"driver|dealer|judge|prosecutor|inspector|detective|investigator|landlord|landlady|boss"
    r"|manager|counsellor|counselor|therapist|psychologist|psychiatrist|pastor|priest|teacher|mentor"
    r"|sponsor|cellmate|flatmate|housemate|pharmacist|interpreter|translator|caseworker"
    r"|keyworker|key worker|outreach worker|paramedic|midwife|dentist|warden|guard|consultant"
    r"|водій|водія|водієві|водієм|водител(?:ь|я|ю|ем)|таксист(?:а|у|ом)?"
    r"|суддя|судді|суддю|суддею|судь(?:я|и|е|ей|ю)"
    r"|прокурор(?:а|у|ом|ка|ки|ці|ку|ша)?|[іи]нспектор(?:а|у|ом|ка|ки|ці|ку|ша)?"
    r"|слідч(?:ого|ому|им|ій|у)|следовател(?:я|ю|ем)|дільничн(?:ий|ого|ому|им)"
    r"|участков(?:ый|ого|ому|ым)|нарколог(?:а|у|ом|иня|ині)?|психолог(?:а|у|ом|иня|ині)?"
    r"|психіатр(?:а|у|ом)?|психиатр(?:а|у|ом)?|терапевт(?:а|у|ом)?|лікар(?:я|ем|кою|ки)"
    r"|врач(?:а|у|ом)|медсестр(?:у|ою|ой|е)|медбрат(?:а|у|ом)?|адвокат(?:а|у|ом|ка|ки|ці|кою)"
    r"|юрист(?:а|у|ом|ка|ки)|дилер(?:а|у|ом)?|бариг(?:а|и|у|ою)|барыг(?:а|и|у|ой)"
    r"|начальни(?:к|ка|ку|ком|ця|ца)|директор(?:а|у|ом|ка)?|господар(?:я|ю|ем|ка|ки)?"
    r"|хозя(?:ин|ина|ину|йка|йки)|орендодав(?:ець|ця|цю)|арендодател(?:ь|я|ю)"
    r"|куратор(?:а|у|ом|ки|ку)|координатор(?:а|у|ом|ки|ку)|волонтер(?:а|у|ом|ки|ку)"
    r"|соцпрацівни(?:ка|ку|ці|цю)|соцработни(?:ка|ку|цы|цу)|священ(?:ик|ика|ник|ника)|пастор(?:а|у)?"
    r"|вчител(?:ь|я|ька|ьки)|учител(?:ь|я|ьница|ьницы)|тренер(?:а|у|ом)?"
    r"|брат(?:ові|у|ом)|сестр(?:і|ою|ой)|чоловік(?:ові|у|ом)|муж(?:у|ем)|дружин(?:і|ою|у)"
    r"|жен(?:е|ой|у)|друг(?:а|у|ові|ом)|подруг(?:ою|ой|е)|хлопц(?:ем|еві|ю)|парн(?:ем|ю|я)"
    r"|сусід(?:а|ові|ом|ки|ці)|сосед(?:а|у|ом|ки|ке)"
)
# A relation or a role right before a capitalised word: the word is that person's name.
RELATION_TRIGGER = re.compile(
    r"(?<![\w./@])(?:(?:my|our|his|her|their)\s+(?:friend|brother|sister|mum|mom|mother|dad"
    r"|father|son|daughter|husband|wife|partner|cousin|uncle|aunt|boyfriend|girlfriend|client"
    r"|colleague|neighbour|neighbor|roommate|ex)|friend|brother|sister|cousin|officer|sergeant"
    r"|lieutenant|doctor|nurse|coordinator|volunteer|lawyer|social worker|case worker"
    r"|друг|подруга|подруг[иуі]|брат|брата|братові|сестра|сестри|сестру|сестре|мама|мамі|маме"
    r"|мати|мать|тато|батько|отец|папа|син|сина|сын|сына|донька|доньки|дочь|дочка|чоловік"
    r"|чоловіка|муж|мужа|дружина|жена|жены|хлопець|хлопця|дівчина|девушка|парень|кум|кума"
    r"|знайом(?:ий|а|ого|ій)|знаком(?:ый|ая|ого|ой)|сусід(?:ка)?|сосед(?:ка)?|лейтенант|сержант"
    r"|капітан|капитан|майор|слідч(?:ий|а)|следовател(?:ь|ьница)|лікар(?:ка|ці|ю)?|врач"
    r"|медсестр[аиі]|адвокат|юрист|соцпрацівни(?:к|ця)|соцработни(?:к|ца)|волонтер(?:ка)?"
    r"|координатор(?:ка)?|куратор(?:ка)?"
    # Romanian roles and titles with their article ("SERGENTUL COJOCARU", "doamna Rusu")
    r"|sergentul|agentul|polițistul|politistul|poliţistul|doctorul|doctorița|medicul|avocatul|avocata"
    r"|judecătorul|judecatorul|procurorul|inspectorul|asistenta|domnul|doamna|dl\.|dna\."
    # kin typed in Latin letters ("moy drug farhod", "moia sestra olia")
    r"|(?:moy|moi|miy|mij)\s+(?:drug|druh|brat|muzh|cholovik|syn|paren|khlopets)"
    r"|(?:moya|moia|moja)\s+(?:podruga|podruha|sestra|zhena|druzhyna|doch|donka|divchyna|devushka)|"
    + ROLE_WORDS
    + r")(?:[ \t]{1,2}is|[ \t]?[—–:])?\s{1,2}"
)  # "my mum is Lenuța", "брат — Гусейн"
WEAK_TRIGGER = re.compile(
    r"(?<![\w./@])(?:я|це|это|i['’]?m|i am|this is|it['’]?s|that['’]?s|signed|з повагою|с уважением)"
    r"[\s:,—–-]{0,3}"
)
# Cues are searched in the lower-cased text and end right before the word they mark.
STREET_WORD = rf"(?<!\w)(?i:{STREET_WORDS}|ім\.|(?<!від )(?<!от )(?:імені|имени)|им\.)[ \t]*"
STREET_WORD_LOWER = rf"(?<!\w)(?:{STREET_WORDS}|ім\.|(?<!від )(?<!от )(?:імені|имени)|им\.)[ \t]*"
AFTER_STREET_WORD = re.compile(STREET_WORD)
# "вулиці Штефан чел Маре": a street name may hold a connector word.
_CONNECTOR = r"[\w'’-]+[ \t]+(?:cel|чел|de|la|von|der|di|del|lui|луй|ді|ла)[ \t]+"
AFTER_STREET_CONNECTOR = re.compile(STREET_WORD + _CONNECTOR)
# A lone capitalised word after these is far more often a town ("у Олександрії") than a person.
PLACE_PREPOSITIONS = frozenset(
    ("в", "у", "во", "на", "із", "из", "з", "зі", "до", "від", "от", "під", "под", "біля", "около",
     "возле", "через", "in", "at", "from", "to", "near", "on", "by", "behind", "opposite", "around",
     "outside", "past", "across", "off")
)  # fmt: skip
_LONGEST_PREPOSITION = max(map(len, PLACE_PREPOSITIONS))


def after_place_preposition(text: str, start: int) -> bool:
    """Whether one or two white-space characters and a place preposition ("у", "from") that
    no word character precedes come right before `start`.

    Looks no further back than ten characters: a longer word is read as its last letters."""
    if not (start and text[start - 1].isspace()):
        return False
    window_start = max(0, start - 10)
    end = start - 1  # where the white space begins
    if end > window_start and text[end - 1].isspace():
        end -= 1
        if end > window_start and text[end - 1].isspace():
            return False  # three white-space characters
    word_start = end
    while word_start > window_start:
        char = text[word_start - 1]
        if not (char.isalnum() or char == "_"):  # what `\w` matches: the same Unicode property
            break
        word_start -= 1
        if end - word_start > _LONGEST_PREPOSITION:  # lower-casing never shortens a word
            return False
    return text[word_start:end].lower() in PLACE_PREPOSITIONS


# (pattern, width): "я", "it's", "i am"…
_INTRODUCTIONS = (  # the longer first: "its me lyosha" is not "its" and "me"
    ("its me", 6), ("it['’]s me", 7), ("это я", 5), ("це я", 4),
    ("я", 1), ("це", 2), ("это", 3), ("its", 3), ("it['’]s", 4), ("im", 2), ("i['’]m", 3), ("i am", 4),
    ("this is", 7), ("me", 2),
)  # fmt: skip
LOWER_INTRODUCTION = re.compile(
    # Each word's "no word character before it" comes after the word, so the pattern begins
    # with the words' first letters, which `re` scans for quickly.
    "(?:" + "|".join(rf"{word}(?<!\w.{{{width}}})" for word, width in _INTRODUCTIONS) + ")"
    r"[ \t]+([a-zа-яіїєґё][a-zа-яіїєґё'’]{1,20})(?![\w])"
)
INITIAL = r"[A-ZА-ЯІЇЄҐ]\.[ \t]?"
INITIAL_HINT = re.compile(r"[A-ZА-ЯІЇЄҐ]\.")  # both patterns below hold an initial
INITIALS_FIRST = re.compile(
    rf"(?<![\w.]){INITIAL}(?:{INITIAL})?([A-ZА-ЯІЇЄҐ][a-zа-яіїєґё'’-]{{2,30}})(?![\w])"
)
INITIAL_AFTER = re.compile(
    r"(?<![\w])([A-ZА-ЯІЇЄҐ][a-zа-яіїєґё'’-]{2,30})[ \t]+[A-ZА-ЯІЇЄҐ]\.(?:[ \t]?[A-ZА-ЯІЇЄҐ]\.)?"
)
# Thirteenth round: two initials standing alone, as a case is anonymised ("(Л.К., 31 год)"),
# not before a capitalised word (INITIALS_FIRST's) and not these abbreviations in capitals.
INITIALS_ALONE = re.compile(
    r"([A-ZА-ЯІЇЄҐ])(?<![\w.][A-ZА-ЯІЇЄҐ])\.[ \t]?([A-ZА-ЯІЇЄҐ])\.(?![ \t]?[A-ZА-ЯІЇЄҐ]|\w|[ \t]?\w\.)"
)
NOT_INITIALS = frozenset(
    ("US", "UK", "PS", "NB", "AM", "PM", "EU", "UN", "DC", "ПС", "ДН", "ДР", "ГР", "РН", "ТД", "ТП", "ИП",
     "НЭ", "ЛС", "СШ", "РФ", "РБ", "НЙ")
)  # fmt: skip
FROM_PLACE = re.compile(r"[ \t]+(?:з|із|зі|из|с|со|from)[ \t]+[A-ZА-ЯІЇЄҐ]")
PERSONAL_PREPOSITION = re.compile(r"(?<!\w)(?:до|від|от|для|к|to|for|with)\s{1,2}$")
# "message from Farrukh", "a letter from Ivanna": "from" after a word for what a person sends.
MESSAGE_FROM = re.compile(
    r"(?i)(?<!\w)(?:(?:message|messages|text|note|letter|call|greetings|hello|hi|sms|e-?mail|news"
    r"|money|parcel|gift)\s{1,2}from|(?:лист|листа|листи|повідомлення|смс|дзвінок|дзвінка|гроші"
    r"|посилку|привіт|погрози|письмо|письма|сообщение|звонок|звонка|деньги|посылку|привет|угрозы)"
    r"\s{1,2}(?:від|от))\s{1,2}$"
)
LIST_GAP = re.compile(r"\s*[,;]?\s*(?:(?:і|й|и|та|and|or|або|или|чи|then)\s+)?")
LATIN_SURNAME = re.compile(
    r"(?:Mc|Mac|O['’])[A-Z][a-z]{2,}$|\w{2,}(?:enko|chuk|czuk|iuk|yuk|uk|ak|iak|yak|ets|ych|yshyn|shyn|ovych|evych|ovich|evich"
    r"|shvili|dze|skyi|skiy|sky|skaya|ski|wicz|czyk|owski|ewski|owska|ewska|escu|eanu|oglu"
    r"|zade|ová|uly|kyzy|ova|eva|ov|ev|ina|yna|yan|ian"
    # Greek and Italian (eleventh round): "Papadopoulos", "Georgiadis", "Manolakis", "Bianchetti"
    r"|poulos|poulou|idis|iadis|akis|ucci|etti|elli|otti)$"
)
# Cyrillic surname endings no ordinary word or town shares, for the surnames the dictionaries
# only guess at ("Гогичаишвили", "Мамедзаде", "Турсунбаев"); any grammatical case of them.
CYRILLIC_SURNAME = re.compile(
    r"\w{3,}(?:швили|швілі|дзе|енк[оау]|енком|чук[аиуі]?|юк[аиуі]?|янц|ян[аиуі]?|оглу|огли|заде"
    r"|баев[аыу]?|баєв[аиу]?|беков[аыу]?|уллин[аыу]?|уулу|кызы|еску|ану"
    r"|пулос[ауі]?|пулу|идис[ауі]?|иадис[ауі]?|акис[ауі]?)$"
)
# Multi-word places whose parts parse as names ("Кривому Розі": Роза), searched in the text
# when the one scan of every family's words found them lower-cased (`PROTECTED_LOWER`).
PROTECTED_HINT = re.compile(
    prefix_tree_pattern(
        (
            "Крив", "крив", "Біл", "біл", "Бел", "бел", "Нов", "нов", "Червон", "Красн", "Кам", "Слов",
            "Ivano", "Bila", "Kryvyi"
        )
    )
)  # fmt: skip
PROTECTED_LOWER = trigger_words(
    ("крив", "біл", "бел", "нов", "червон", "красн", "кам", "слов", "ivano", "bila", "kryvyi")
)
PROTECTED_PLACES = Anchored(
    re.compile(
        r"(?i:Крив(?:ий|ого|ому|им|ой|ом)\s+(?:Р[іо]г|Рогу|Рога|Розі|Роге|Рогом)"
        r"|Біл(?:а|ої|ій|ою)\s+Церкв(?:а|и|і|ою)|Бел(?:ая|ой|ую)\s+Церк(?:овь|ви)"
        r"|Нов(?:а|ої|ій|ая|ой)\s+(?:Пошт|Почт)\w*|Червон\w+\s+Хрест\w*|Красн\w+\s+Крест\w*"
        r"|Кам['’ʼ]янськ\w*|Слов['’ʼ]янськ\w*|Ivano-Frankivsk|Bila\s+Tserkva|Kryvyi\s+Rih)"
    )
)
NAMING = re.compile(
    r"(?i)(?<![\w])(?:мене\s+(?:звати|звуть|кличуть)|меня\s+(?:зовут|звать)"
    r"|(?:звати|звуть|кличуть)\s+мене|(?:зовут|звать)\s+меня|звати|звуть|зовут"
    r"|кличуть|my\s+name\s+is|my\s+name['’]s|name\s+is|call\s+me|i\s+am\s+called"
    r"|se\s+llama|me\s+llamo|si\s+chiama|mi\s+chiamo|heißt|heisst|ich\s+heiße|nazywa\s+się"
    r"|mam\s+na\s+imię|jmenuje\s+se|se\s+numește|numele\s+meu\s+este"
    # thirteenth round: the same cues typed in Latin letters or without diacritics
    # ("menya zovut rustam", "mene zvaty oksana", "ma numesc ion", "nazywam sie piotr")
    r"|men[ij]?a\s+zovut|mene\s+(?:zvaty|zvut|zvut'|klychut)|(?:zovut|zvaty)\s+men[iyj]?[ae]|zovut|zvaty"
    r"|m[aă]\s+numesc|m[aă]\s+cheam[aă]|se\s+numeste|numele\s+(?:meu|lui|ei)\s+(?:este|e)"
    r"(?:\s+(?:sergentul|agentul|domnul|doamna|doctorul|medicul|avocatul|procurorul|judec[aă]torul))?"
    r"|nazywam\s+si[eę]|nazywa\s+sie|mam\s+na\s+imie|jmenuj[iu]\s+se|me\s+chamo|je\s+m['’]appelle"
    r"|calls?\s+(?:himself|herself|themselves|me)|called\s+himself|called\s+herself"
    r"|зве\s+себе|звав\s+себе|називає\s+себе|называет\s+себя|называл\s+себя"
    r"|представи(?:вся|лася|лась|лся|лась)"
    r"|на\s+ім['’ʼ]я|на\s+имя|прізвище|фамилия|піб|фио|ім['’ʼ]я|имя"
    r"|(?P<nick>(?:кличк\w*|позивн\w*|позывн\w*|прізвиськ\w*|прозвищ\w*|погонял\w*|погремух\w*)"
    # "кличка у него Бурый", "позивний у нього був «Шаман»"
    r"(?:\s+(?:у|в)\s+(?:него|нього|неї|нее|неё|її|ее|её))?(?:\s+(?:был|была|був|була))?"
    r"|call[\s-]?sign|nick(?:name)?(?:\s+is)?"
    # thirteenth round: "Igor zis 'Cobra'", "zwany Lis", "genannt Fuchs", "aka Shaman"
    r"|zis|zisă|zisa|poreclit\w*|supranumit\w*|zwan[yae]|genannt|alias|aka"
    r"|known\s+as|goes\s+by"
    # "всі знають як Шуруп", "знает меня как Рыжий", "we call him Dzhin", "звемо його Гном"
    r"|зна(?:ють|є|ю|ли|в|ла)\s+(?:\w+\s+){0,2}?як|зна(?:ют|ет|ю|ли|л|ла)\s+(?:\w+\s+){0,2}?как"
    r"|відом(?:ий|а|і)\s+як|извест(?:ен|на|ны)\s+как|(?:we\s+|they\s+|people\s+)?call(?:s|ed)?\s+(?:him|her|them)"
    r"|(?:кличемо|кличуть|звемо|звуть|називаємо|називають)\s+(?:його|її|їх)"
    r"|(?:зовём|зовем|зовут|называем|называют|кличем|кличут|кличет)\s+(?:его|её|ее|их)"
    # "Меня называют Малыш", "всі кличуть його Борода", "во дворе меня звали Шпала",
    # "a guy called Vakho": whoever is named so, a capitalised word after it is what they are called.
    r"|(?P<verb>(?:(?:меня|мене|его|його|её|ее|її|нас)\s+(?:все\s+|всі\s+|тут\s+|там\s+)?)?"
    r"(?:называ(?:ют|ли|ет|л|ла)|назива(?:ють|ли|є|в|ла)|клич(?:ут|ет|ут|ли|уть|е|ем)|кликали"
    r"|звали|звав|звала|дражнили|зовите|звіть|кличте|называйте|називайте)"
    r"(?:\s+(?:меня|мене|его|його|её|ее|її|нас|просто|тепер|теперь|все|всі))?"
    r"|(?:guy|man|woman|girl|bloke|dude|lad|chap|boy|kid|someone|somebody|person|dealer|friend|one)"
    r"\s+(?:called|named))))"
    r"[ \t]*[:—–-]?[ \t]*[«\"'“„]?"
)
# The same, case-sensitive, for lower-cased text (see FOLD_VARIANTS).
NAMING_LOWER = re.compile(NAMING.pattern.removeprefix("(?i)"))
# Tried only where a naming word can begin (its look-behind first made `re` try every position).
_NAMING_LOWER_ANCHORED = Anchored(NAMING_LOWER)
# Every naming word holds one of these. "name" only counts before a space or an apostrophe
# ("name is", "my name's"), so that the "[name]" placeholders of a scrubbed text do not make
# the second pass look for naming words.
NAMING_HINT = trigger_words(
    (
        "зва", "зву", "зов", "клич", "call", "known", "goes", "имя", "прізв", "фамил", "піб", "фио",
        "прозв", "погон", "погрем", "nick", "позив", "позыв", "sign", "зве", "назив", "называ", "представ",
        "відом", "извест", "знають", "знає", "знаю", "знали", "знав", "знала", "знают", "знает", "знал",
        "llam", "chiam", "heißt", "heisst", "heiße", "nazyw", "imię", "jmenuje", "numește", "numele",
        "кликал", "звали", "звав", "звала", "дражн", "звіть", "named",
        *(f"name{after}" for after in (*SPACES, "'", "’")),
        *(f"ім{apostrophe}я" for apostrophe in "'’ʼ"),
        # thirteenth round: cues typed in Latin letters, Romanian, German and Polish nicknames
        "zovut", "zvaty", "zvut", "klychut", "numesc", "cheam", "numeste", "imie", "jmenuj", "chamo",
        "appelle", "zis", "porecl", "supranum", "zwan", "genannt", "alias", "aka",
    )
)  # fmt: skip
FOLLOWING_WORD = re.compile(r"[ \t]*[«\"'“„]?([^\W\d_]+(?:['’ʼ-][^\W\d_]+)*)[»\"'”]?")


def _street_cues(street_word: str) -> tuple[re.Pattern[str], ...]:
    return re.compile(street_word), re.compile(street_word + _CONNECTOR)


def _anchored(
    street: tuple[re.Pattern[str], ...],
) -> tuple[tuple[str, tuple[re.Pattern[str], ...]], ...]:
    """Each cue must end right where the word begins. Separate patterns search faster than one
    alternation of all of them (measured), and most runs stop at the first."""
    return tuple(
        (kind, tuple(re.compile(pattern.pattern + "$") for pattern in patterns))
        for kind, patterns in (
            ("street", street),
            ("naming", (STRONG_TRIGGER, RELATION_TRIGGER)),
            ("weak", (WEAK_TRIGGER,)),
        )
    )


_CUES = _anchored((AFTER_STREET_WORD, AFTER_STREET_CONNECTOR))
_CUES_LOWER = _anchored(_street_cues(STREET_WORD_LOWER))


@cache
def _endings_lower() -> dict[str, frozenset[tuple[str, str]]]:
    """How each kind's keywords can end: a text ending otherwise cannot match that kind's
    patterns, so they need not run (most runs of capitalised words follow no cue at all).
    Spelled out on first use (tens of milliseconds), not at import."""
    return {kind: frozenset().union(*map(keyword_endings, patterns)) for kind, patterns in _CUES_LOWER}


class Triggers:
    """Which cue, if any, the word at a position follows: a street word ("street"), a naming,
    relation or role word ("naming") or "I am" ("weak"). The text is lower-cased once."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._lower, self._folded = lowered(text)

    def naming(self) -> Iterator[re.Match[str]]:
        """The naming words ("мене звати", "nickname"…) in the text, in order."""
        if not NAMING_HINT.search(self._lower):
            return iter(())
        if self._folded:
            return NAMING.finditer(self._text)
        return _NAMING_LOWER_ANCHORED.finditer(self._lower)

    def cue(self, start: int) -> str | None:
        return _cue_before(self._lower[max(0, start - LOOKAHEAD) : start], self._folded)


# The rules and the tagger ask for the same words' cues, and the next pass of the same message
# for most of them again (their heads unchanged): each head is read once.
@lru_cache(maxsize=128)
def _cue_before(head: str, folded: bool) -> str | None:
    ending = None if folded else ending_of(head)
    endings = _endings_lower()
    for kind, patterns in _CUES if folded else _CUES_LOWER:
        if ending is not None and ending not in endings[kind]:
            continue
        if any(pattern.search(head) for pattern in patterns):
            return kind
    return None
