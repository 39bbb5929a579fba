"""A nickname with no cue, as the subject of what only a person does.

"Вовчик опять пропал", "Шмель обещал принести шприцы", "Tiny got picked up by police": a
capitalised word opening a sentence, right before (at most two adverbs apart) a verb of a
person's doing (promised, went missing, relapsed, was arrested, calls), is what someone is
called, whatever else the word means. The generic subjects that do these things too ("Врач
сказал", "Police said", "Никто не пришёл") and the things that ring or write ("Телефон
звонил") are no names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache

from pymorphy3 import MorphAnalyzer

from peerline_shared.privacy.scrub_name_cues import RELATION_TRIGGER
from peerline_shared.privacy.scrub_name_words import WordInfo, load_word_list
from peerline_shared.privacy.scrub_regex import lowered
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_triggers import trigger_words

_PERSON_VERBS = (
    # ru
    r"пропал|пропала|обещал|обещала|сказал|сказала|просил|просила|звонил|звонила|позвонил"
    r"|позвонила|написал|написала|пришёл|пришел|пришла|ушёл|ушел|ушла|передознулся|передознулась"
    r"|сорвался|сорвалась|умер|умерла|сел|села|освободился|освободилась|откинулся|откинулась"
    r"|вышел|вышла|говорит|звонит|пишет|колется|торгует|продаёт|продает|барыжит|попал|попала"
    r"|подсел|подсела|задолжал|задолжала|кинул|кинула|угрожает|угрожал|угрожала|спрашивал"
    r"|спрашивала|искал|искала|ищет|просит|передаёт|передает|передал|передала"
    # uk
    r"|пропав|обіцяв|обіцяла|сказав|просив|дзвонив|дзвонила|подзвонив|подзвонила|написав"
    r"|прийшов|прийшла|пішов|пішла|зірвався|зірвалася|зірвалась|помер|померла|сів|сіла|вийшов"
    r"|вийшла|каже|дзвонить|пише|колеться|торгує|продає|потрапив|потрапила|передознувся"
    r"|передознулася|погрожує|погрожував|погрожувала|питав|питала|шукав|шукала|шукає|просить"
    r"|передає|передав|передала|винен|винна"
    # en
    r"|got\s+(?:arrested|picked\s+up|nicked|caught|busted|stabbed|beaten|released|deported|out)"
    r"|said|says|told|promised|texted|called|rang|overdosed|relapsed|died|went\s+missing"
    r"|is\s+missing|disappeared|vanished|owes|sells|deals"
)
_ADVERBS = (
    r"опять|снова|знову|вчера|вчора|сегодня|сьогодні|уже|вже|ещё|еще|ще|тоже|теж|не|так|всё|досі"
    r"|нарешті|наконец|again|also|just|never|finally|still|apparently|yesterday|today|has|had|was"
)
# Searched in the lower-cased text: a prefix tree of the verbs (an alternation with a
# look-behind first tried every position), a word's start checked after its first letter.
VERB_HINT = trigger_words(
    (verb.split("\\s+")[0] for verb in re.sub(r"\(\?:[^)]*\)", "", _PERSON_VERBS).split("|") if verb),
    at_word_start=True,
)
# The sentence's start is checked after the capital (`_opens_sentence`): a pattern that
# begins with a look-behind is tried at every position.
SUBJECT = re.compile(
    r"([A-ZА-ЯІЇЄҐЁ](?<!\w.)[a-zа-яіїєґё'’]{2,20})"
    rf"\s+(?:(?:{_ADVERBS})\s+){{0,2}}(?:{_PERSON_VERBS})(?![\w])"
)
# "його ще Гвинтом кличуть", "Шаманом его зовут": a capitalised word before a naming verb.
BEFORE_NAMING = re.compile(
    r"([A-ZА-ЯІЇЄҐЁ](?<!\w.)[a-zа-яіїєґё'’]{2,20})[ \t]+(?:(?:його|его|її|её|ее|мене|меня)[ \t]+)?"
    r"(?:кличуть|кличут|звуть|зовут|називають|называют|кличе|кличет|звали|називали|называли)(?![\w])"
)
NAMING_VERB_HINT = trigger_words(("клич", "зву", "зов", "назива", "называ", "звали"))
# "ul. Nowowiejska said", "вул. Шевченка каже": an abbreviation's full stop ends no sentence.
_ABBREVIATION_BEFORE = re.compile(r"(?<![\w])\w{1,3}\.\s+$")


@cache
def generic_subjects() -> frozenset[str]:
    """Who else does these things: pronouns, kin, roles and crowds; and what rings or writes
    (`data/generic_subjects.txt`, read on first use)."""
    return load_word_list("generic_subjects.txt")


# Cyrillic words that cannot be someone's name as a sentence's subject: adverbs, adjectives
# ("Скорая говорит", "Щойно пішла"), pronouns, and nouns of a role by their suffix
# ("Работодатель просит", "Соцпрацівниця сказала").
_NOT_A_SUBJECT_NAME = frozenset(
    ("ADVB", "ADJF", "ADJS", "PRTF", "PRTS", "CONJ", "PRCL", "PREP", "NPRO", "PRED", "INFN", "VERB",
     "GRND", "NUMR", "COMP", "INTJ")
)  # fmt: skip
_ROLE_SUFFIX = re.compile(r"(?:тель|тельница|тельниця|ник|ниця|ница|ист|истка|іст|істка|ач|ачка|ор|орка)$")
_CYRILLIC = re.compile(r"[а-яіїєґё]")


def cyrillic_subject_ok(word: str, analyzers: Mapping[str, MorphAnalyzer], langs: tuple[str, ...]) -> bool:
    """A Cyrillic word may be a nickname as a subject: a noun, no role, or no word at all."""
    lower = word.lower()
    if not _CYRILLIC.search(lower):
        return True
    if _ROLE_SUFFIX.search(lower):
        return False
    for lang in langs:
        analyzer = analyzers.get(lang)
        if analyzer is None:
            continue
        parses = analyzer.parse(lower)
        if parses and parses[0].tag.POS in _NOT_A_SUBJECT_NAME:
            return False
    return True


def subjects(
    text: str,
    classify: Callable[[str], WordInfo],
    stop_words: frozenset[str],
    may_be_subject: Callable[[str], bool] = lambda word: True,
) -> Iterator[Span]:
    """The capitalised words that open a sentence before a verb of a person's doing, and
    those right before a naming verb."""
    lower_text = lowered(text)[0]
    matches: list[re.Match[str]] = []
    if VERB_HINT.search(lower_text):
        matches += (match for match in SUBJECT.finditer(text) if _opens_sentence(text, match.start()))
    if NAMING_VERB_HINT.search(lower_text):
        matches += BEFORE_NAMING.finditer(text)
    for match in matches:
        word = match.group(1)
        if generic_word(word.lower(), stop_words) or classify(word).blocked:  # a place, a non-name
            continue
        if not may_be_subject(word):
            continue
        if _ABBREVIATION_BEFORE.search(text, max(0, match.start(1) - 8), match.start(1)):
            continue
        yield Span(match.start(1), match.end(1), "name")


def _opens_sentence(text: str, start: int) -> bool:
    """At the text's start, after a line break, or after ".", "!", "?", "…" and one space."""
    if start == 0 or text[start - 1] == "\n":
        return True
    return start >= 2 and text[start - 1].isspace() and text[start - 2] in ".!?…"


def generic_word(lower: str, stop_words: frozenset[str]) -> bool:
    """A pronoun, a crowd, a kin or a role word ("Соцпрацівниця сказала")."""
    return lower in generic_subjects() or lower in stop_words or bool(RELATION_TRIGGER.fullmatch(lower + " "))
