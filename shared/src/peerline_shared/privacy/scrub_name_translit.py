"""Names after the cues of Russian and Ukrainian typed in Latin letters (sixteenth round).

Telegram writers from Central Asia, the Caucasus and the migrants in Russia type Russian in
Latin letters: "ya Jamshed, moy IIN…", "pishu ot Zafara", "moe imya Koba", "mama Ilhoma
pishet", "drug farhod". The Cyrillic cues of `scrub_name_cues` ("я", "від", "брат") do not
see these, and their Latin look-alikes are English words or none ("drug", "ya", "u"), so the
cues here are read only in a message that reads as such translit: two or more of its function
words ("menya", "chto", "dlya", "pishu"…), or a naming word no other language writes
("imya", "ismim"). The one scan of every family's words (`scrub_triggers`) tells first
whether any of them can be there, so most messages stop at one look-up.

After a cue, by its kind:
- naming ("moe imya", "na imya", Uzbek "ismim"): a capitalised word, or a listed name;
- "I am" ("ya", "eto", "eto ya", Ukrainian "tse ya"): a listed given name in any case, or a
  capitalised word no list knows that ends the introduction ("ya Sanjarbek, +7…", "ya Mirzo
  iz Chkalovska");
- a relation ("brat", "drug", "sestra", "mama", Uzbek "akam"): a capitalised word, or a
  listed given name in lower case;
- "from", "for", "to" ("ot", "dlya", "u", "k", "s"): a capitalised listed given name only,
  in any case form ("Zafara", "Jahongira", "Ilhomom", Tajik "Rustami"), as a town follows
  them as often ("ya s armenii").

Listed means a given name of the lists (`NameWords.classify_for_rules`), the region's
compounds among them ("Jasurbek", "Sherali", "Nurullo"; `scrub_name_elements`). A word in
lower case is a name as the lists write it, or by its spelling key ("shavkat") when, read
back in Cyrillic (`cyrillic_reading`), it is no Russian word: "eto bred" is "это бред".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from peerline_shared.privacy.scrub_name_elements import compound_given_name
from peerline_shared.privacy.scrub_name_words import CYRILLIC, WordInfo
from peerline_shared.privacy.scrub_regex import WORD_START, lowered, prefix_tree_pattern
from peerline_shared.privacy.scrub_spans import Span
from peerline_shared.privacy.scrub_triggers import trigger_words

# Function words of Russian and Ukrainian typed in Latin letters that no language the
# helpline hears in Latin letters writes as a common word ("on", "vas", "ego", "net" are left
# out; Czech and Polish "ne", "na", "po" are in: there a name after a cue is a person too).
_LEXICON = frozenset(
    ("ya", "eto", "menya", "mne", "mene", "meni", "chto", "shto", "shcho", "dlya", "dlia", "moy",
     "moya", "moe", "moyo", "moia", "pishu", "pyshu", "pomogite", "dopomozhit", "pozhaluysta",
     "pozhalujsta", "spasibo", "diakuiu", "dyakuyu", "tolko", "uzhe", "vzhe", "nado", "treba",
     "mozhno", "mozhna", "gde", "kto", "khto", "ochen", "duzhe", "bratan", "privet", "pryvit",
     "zdravstvuyte", "seychas", "zaraz", "segodnya", "esli", "yakshcho", "nuzhna", "nuzhen", "nuzhno",
     "pomosch", "pomoshch", "kogda", "koli", "tozhe", "takozh", "sebya", "yego", "yeyo", "ona", "oni",
     "vona", "vony", "mozhet", "skolko", "zovut", "imya", "ismim", "tse", "bolnoy", "hochu", "khochu",
     "znaet", "rebyata", "rebyat", "pishite", "pishet", "nomer", "telefon", "ili", "kak", "yak", "tut",
     "posle", "pislia", "bez", "iz", "dobryy", "dobriy", "dobryi", "v", "ot", "vsem", "menia", "nas",
     "ne", "na", "po", "za", "vse", "byl", "byla", "bylo", "mogu", "znayu", "delat", "pomoch",
     "vchera", "poka", "nego", "nee", "nikto", "nichego", "pochemu", "potomu", "etot", "eta", "eti",
     "dnya", "davno", "zavtra", "svoy", "nazad", "teper")
)  # fmt: skip
# Naming words no other language writes: one makes a message translit enough by itself.
_NAMING_ALONE = frozenset(("imya", "ismim", "zovut", "zvaty"))
# In the one scan, only the longer words and "ya": a word beginning "v", "ot" or "iz" ("very",
# "other") would stop the scan at every other English word.
_LEXICON_HINT = trigger_words(
    (word for word in _LEXICON if len(word) > 2 or word == "ya"), at_word_start=True
)
_LEXICON_WORD = re.compile(prefix_tree_pattern(_LEXICON, WORD_START, any_apostrophe=False) + r"(?!\w)")
_KIN = (
    r"drug|druga|drugu|drugom|podruga|podrugi|podrugu|brat|brata|bratu|bratom|bratan|sestra|sestry"
    r"|sestru|sestre|sestroy|mama|mamy|mamu|mame|papa|otets|otec|syn|syna|synu|doch|dochka|dochku"
    r"|muzh|muzha|zhena|zheny|zhenu|paren|parnya|devushka|kum|kuma|sosed|soseda|sosedka|druh|druha"
    r"|sestru|cholovik|cholovika|druzhyna|akam|akamiz|opam|ukam|singlim|dadam|onam|otam"
)
_CUE = re.compile(
    r"(?<![\w'’])(?:"
    r"(?P<naming>(?:(?:moe|moyo|moio|moje|moye|moё|na)[ \t]+)?imya|(?:mening[ \t]+)?ismim|menya[ \t]+zvat)"
    r"|(?P<intro>(?:eto|tse)[ \t]+ya|ya|eto)"
    rf"|(?P<kin>(?:(?:moy|moi|moya|moia|moja|miy|mij|moyu|moego|moyey)[ \t]+)?(?:{_KIN}))"
    r"|(?P<to>(?:pishu|pyshu|pishet|pyshe)[ \t]+(?:ot|vid)|ot|vid|dlya|dlia|u|k|s|so|pro)"
    r")(?![\w'’])[ \t]*[:—–-]?[ \t]*(?=[^\W\d_])"
)
_NEXT_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# Where an introduction ends: punctuation, the end, or where the person is from.
_INTRODUCTION_END = re.compile(r"[ \t]*(?:[,.!?;:)(]|[—–-][ \t]|\+|$)|[ \t]+(?:iz|s|so|from|z|iz-pod)[ \t]")
# Russian case endings in Latin letters, and the Tajik "-i" ("dlya Rustami").
_CASE_ENDINGS = ("ovi", "evi", "om", "em", "oy", "ey", "u", "a", "e", "i", "y", "yu", "ya", "ye")

Classify = Callable[[str], WordInfo]


def reads_as_translit(lower: str) -> bool:
    """Whether a lower-cased text holds two translit function words, or one naming word."""
    if not _LEXICON_HINT.search(lower):
        return False
    seen: set[str] = set()
    for match in _LEXICON_WORD.finditer(lower):
        word = match.group()
        if word in _NAMING_ALONE:
            return True
        seen.add(word)
        if len(seen) == 2:
            return True
    return False


class TranslitNames:
    """`classify` is `NameWords.classify_for_rules`, `listed_as_written` its lists read as
    written (for a word in lower case); `stop_words` and `ambiguous` the lists of words that
    are no name ("will", "may")."""

    def __init__(
        self,
        classify: Callable[[str, tuple[str, ...]], WordInfo],
        listed_as_written: Callable[[str], bool],
        stop_words: frozenset[str],
        ambiguous: frozenset[str],
    ) -> None:
        self._classify = classify
        self._listed_as_written = listed_as_written
        self._not_names = stop_words | ambiguous | _LEXICON

    def find(self, text: str) -> Sequence[Span]:
        lower, folded = lowered(text)
        if folded or not reads_as_translit(lower):
            return ()
        return list(self._names(text, lower))

    def _names(self, text: str, lower: str) -> Iterator[Span]:
        for cue in _CUE.finditer(lower):
            word = _NEXT_WORD.match(text, cue.end())
            if word is None or CYRILLIC.search(word.group()):
                continue
            if self._named(text, word, str(cue.lastgroup)):
                yield Span(word.start(), word.end(), "name")

    def _named(self, text: str, match: re.Match[str], kind: str) -> bool:
        word = match.group()
        lower = word.lower()
        if len(word) < 3 or lower in self._not_names or word.isupper():
            return False
        info = self._info(word)
        if info.blocked:
            return False
        titled = word[0].isupper()
        if kind == "to" and not titled:
            return False  # "ya s armenii", "iz tashkenta": in lower case a place or a noun
        if not titled:
            # In lower case a name as the lists write it, a compound, or a name by its spelling
            # key that is no Russian word read back in Cyrillic ("ya shavkat", not "eto bred").
            if self._listed_as_written(lower) or self._compound(lower):
                return True
            return self._first(lower) and not self._russian_word(lower)
        listed = self.given_name(word, oblique=kind == "to")
        if kind == "naming" or kind == "kin":
            return listed or (titled and not info.common)
        if kind == "intro":
            ends = _INTRODUCTION_END.match(text, match.end()) is not None
            return listed or (titled and ends and info.unknown)
        return listed

    def given_name(self, word: str, *, oblique: bool = False) -> bool:
        """A listed given name, a compound of the region's, or (`oblique`) one in a case form."""
        lower = word.lower()
        if self._first(lower):
            return True
        if not oblique:
            return False
        for ending in _CASE_ENDINGS:
            stem = lower[: -len(ending)]
            if lower.endswith(ending) and len(stem) >= 4 and self._first(stem):
                return True
        return False

    def _first(self, lower: str) -> bool:
        info = self._info(lower.capitalize())
        return info.first and not info.blocked and lower not in self._not_names

    def _russian_word(self, lower: str) -> bool:
        info = self._info(cyrillic_reading(lower).capitalize())
        return info.common or info.ordinary or info.blocked

    def _compound(self, lower: str) -> bool:
        return compound_given_name(lower, self._listed_as_written)

    def _info(self, word: str) -> WordInfo:
        return self._classify(word, _LANGUAGES)


_LANGUAGES = ("uk", "ru")
# Typed Russian read back in Cyrillic, longest letter groups first; "y" after a vowel is "й".
_GROUPS = (("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"), ("sh", "ш"),
           ("yu", "ю"), ("ya", "я"), ("yo", "ё"), ("ye", "е"), ("ia", "я"), ("iu", "ю"))  # fmt: skip
_LETTERS = str.maketrans({
    "a": "а", "b": "б", "v": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и", "k": "к", "l": "л",
    "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у", "f": "ф", "h": "х",
    "c": "ц", "j": "й", "w": "в", "q": "к", "x": "х", "'": "ь", "’": "ь",
})  # fmt: skip
_VOWELS = frozenset("аеёиоуыэюя")


def cyrillic_reading(lower: str) -> str:
    """A lower-case word of typed Russian in Cyrillic letters ("bred" -> "бред")."""
    text = lower
    for group, letter in _GROUPS:
        text = text.replace(group, letter)
    letters = list(text.translate(_LETTERS))
    for index, letter in enumerate(letters):
        if letter == "y":
            letters[index] = "й" if index and letters[index - 1] in _VOWELS else "ы"
    return "".join(letters)
